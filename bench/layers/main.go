// Command layers is the W3 benchmark's `targeting` side: read a GeoJSON
// layer and write it as GeoPackage and FlatGeobuf with the project's writers,
// the job `ogr2ogr -f GPKG|FlatGeobuf` does in the peer benchmark.
//
//	layers -in gm_lsoa11.geojson[.gz] -out DIR [-copies 20] [-emit FILE]
//
// -copies N lays N copies of the layer on a grid (codes suffixed _rKK), as
// the peer benchmark's x20 input is made; -emit writes that input as
// GeoJSON for ogr2ogr and exits.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/fgb"
	"github.com/manchester-insight/targeting/geo/gpkg"
)

func main() {
	in := flag.String("in", "", "input GeoJSON (plain or gzip)")
	out := flag.String("out", "", "output folder")
	copies := flag.Int("copies", 1, "copies of the layer, on a 5-wide grid")
	emit := flag.String("emit", "", "write the (replicated) input as GeoJSON here and exit")
	only := flag.String("only", "", "gpkg or fgb: write one format")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile here")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	if *in == "" || (*out == "" && *emit == "") {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	fc, err := read(*in)
	if err != nil {
		log.Fatal(err)
	}
	fc = replicate(fc, *copies)
	if *emit != "" {
		b, err := fc.MarshalJSON()
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(*emit, b, 0o644); err != nil {
			log.Fatal(err)
		}
		return
	}
	layer, err := toLayer(fc)
	if err != nil {
		log.Fatal(err)
	}
	read := time.Since(start)
	for _, f := range []string{"gpkg", "fgb"} {
		if *only != "" && *only != f {
			continue
		}
		t := time.Now()
		path := filepath.Join(*out, "layer."+f)
		os.Remove(path)
		if f == "gpkg" {
			err = gpkg.Write(path, []*geo.Layer{layer}, gpkg.Metadata{Scenario: "bench", RunTime: time.Now()})
		} else {
			err = fgb.Write(path, layer)
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: read %v, write %v, %d features\n", f, read.Round(time.Millisecond), time.Since(t).Round(time.Millisecond), len(layer.Geometry))
	}
}

func read(path string) (*geojson.FeatureCollection, error) { return geo.ReadGeoJSON(nil, path) }

// replicate lays copies of the layer on a 5-wide grid, each shifted by 1.25x
// the layer's extent, with _rKK appended to the codes.
func replicate(fc *geojson.FeatureCollection, n int) *geojson.FeatureCollection {
	if n <= 1 {
		return fc
	}
	b := orb.Bound{Min: orb.Point{1e9, 1e9}, Max: orb.Point{-1e9, -1e9}}
	for _, f := range fc.Features {
		b = b.Union(f.Geometry.Bound())
	}
	dx, dy := 1.25*(b.Max[0]-b.Min[0]), 1.25*(b.Max[1]-b.Min[1])
	out := geojson.NewFeatureCollection()
	for k := 0; k < n; k++ {
		ox, oy := float64(k%5)*dx, float64(k/5)*dy
		for _, f := range fc.Features {
			g := shift(orb.Clone(f.Geometry), ox, oy)
			nf := geojson.NewFeature(g)
			for key, v := range f.Properties {
				nf.Properties[key] = v
			}
			if c, ok := nf.Properties["area_code"].(string); ok {
				nf.Properties["area_code"] = fmt.Sprintf("%s_r%02d", c, k)
			}
			out.Append(nf)
		}
	}
	return out
}

func shift(g orb.Geometry, dx, dy float64) orb.Geometry {
	move := func(ls []orb.Point) {
		for i := range ls {
			ls[i][0] += dx
			ls[i][1] += dy
		}
	}
	switch g := g.(type) {
	case orb.Polygon:
		for _, r := range g {
			move(r)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				move(r)
			}
		}
	}
	return g
}

// toLayer keeps the features' string and number properties as columns.
func toLayer(fc *geojson.FeatureCollection) (*geo.Layer, error) {
	n := len(fc.Features)
	codes, names := make([]string, n), make([]string, n)
	geoms := make([]orb.Geometry, n)
	for i, f := range fc.Features {
		codes[i], _ = f.Properties["area_code"].(string)
		names[i], _ = f.Properties["area_name"].(string)
		geoms[i] = f.Geometry
	}
	rec, err := engine.NewRecord([]string{"area_code", "area_name"}, []any{codes, names})
	if err != nil {
		return nil, err
	}
	return &geo.Layer{Name: "layer", SRID: geo.WGS84, Attributes: rec, Geometry: geoms}, nil
}
