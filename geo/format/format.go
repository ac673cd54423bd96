// Package format is the one list of output formats. Scenario validation,
// `targeting score`, every analysis command, the nightly batch and the
// command-line help all read Formats, so adding a format is one entry here:
// its name, how its files are named, whether it needs geometry, which CRS it
// writes, and its writer.
//
// A command hands an Output (its layers in EPSG:27700, main layer first,
// plus provenance) and a list of format names to Write; layers are
// projected once per CRS that a format needs, and every file goes into the
// command's stage (internal/stage), so a failed run publishes nothing.
//
// FlatGeobuf, GeoJSON and GeoParquet files of styled layers come with a
// QGIS style sidecar of the same name (NAME_areas.qml beside
// NAME_areas.fgb), listed among the format's files so it is published with
// the layer; one sidecar serves every format that names it.
package format

import (
	"fmt"
	"os"
	"slices"
	"sync"

	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/crs"
	"github.com/manchester-insight/targeting/geo/csvfile"
	"github.com/manchester-insight/targeting/geo/fgb"
	"github.com/manchester-insight/targeting/geo/geojson"
	"github.com/manchester-insight/targeting/geo/geoparquet"
	"github.com/manchester-insight/targeting/geo/gpkg"
	"github.com/manchester-insight/targeting/geo/qml"
	"github.com/manchester-insight/targeting/internal/stage"
)

// Format is one output format.
type Format struct {
	Name string
	// Doc says in a few words what the format is, for help text.
	Doc string
	// Geometry is true for map layers: a scenario without boundaries cannot
	// write them.
	Geometry bool
	// CRS is the SRID the format always writes (GeoJSON: WGS84, RFC 7946),
	// or 0 for the run's CRS (EPSG:27700 unless outputs.crs is 4326).
	CRS int
	// files names the files (or folders) written for layers with a stem.
	files func(stem string, layers []*geo.Layer) []string
	// write writes file i of files into path.
	write func(path string, i int, o *Output, layers []*geo.Layer) error
}

// Formats are the output formats, in the order help text lists them.
var Formats = []Format{
	{Name: "gpkg", Doc: "OGC GeoPackage with every layer, R-tree index, QGIS style and metadata", Geometry: true,
		files: func(stem string, _ []*geo.Layer) []string { return []string{stem + ".gpkg"} },
		write: func(p string, _ int, o *Output, ls []*geo.Layer) error { return gpkg.Write(p, ls, o.Meta) }},
	{Name: "geoparquet", Doc: "GeoParquet 1.1, one file per layer, with a QGIS .qml style beside it", Geometry: true,
		files: withQML(".parquet"), write: eachLayerQML(geoparquet.Write)},
	{Name: "geoparquet-partitioned", Doc: "GeoParquet of the main layer in Hive folders by district (lad=...)", Geometry: true,
		files: func(stem string, ls []*geo.Layer) []string { return perLayer("")(stem, ls)[:1] },
		write: func(p string, _ int, o *Output, ls []*geo.Layer) error {
			return writePartitioned(p, ls[0], o.Districts)
		}},
	{Name: "fgb", Doc: "FlatGeobuf with packed R-tree, one file per layer, with a QGIS .qml style beside it", Geometry: true,
		files: withQML(".fgb"), write: eachLayerQML(fgb.Write)},
	{Name: "geojson", Doc: "GeoJSON (RFC 7946, WGS84), one file per layer, with a QGIS .qml style beside it", Geometry: true, CRS: geo.WGS84,
		files: withQML(".geojson"), write: eachLayerQML(geojson.Write)},
	{Name: "csv", Doc: "CSV table per layer",
		files: perLayer(".csv"),
		write: eachLayer(func(p string, l *geo.Layer) error { return csvfile.Write(p, l.Attributes) })},
	{Name: "xlsx", Doc: "Excel workbook: About, a sheet per layer by rank with decile colours, Selected, Fields",
		files: func(stem string, _ []*geo.Layer) []string { return []string{stem + ".xlsx"} },
		write: func(p string, _ int, o *Output, ls []*geo.Layer) error { return writeWorkbook(p, o, ls) }},
}

// Output is what a command writes: its layers and their provenance.
type Output struct {
	// Stem names the files: stem.gpkg; stem_<layer>.csv, ... when there are
	// several layers, stem.csv, ... when there is one.
	Stem string
	// Layers in EPSG:27700, the main layer first. Layers without geometry
	// (a table-only scenario) can only be written as tables.
	Layers []*geo.Layer
	// CRS is the SRID of map layers: geo.BNG (the default, also for 0) or
	// geo.WGS84.
	CRS int
	// Meta is the provenance stored where a format has room for it.
	Meta gpkg.Metadata
	// Districts maps area and ward codes to district codes, for the
	// partitioned format.
	Districts map[string]string
	// Title, About and Banner head a workbook's About sheet; Banner (the
	// SYNTHETIC warning, when it applies) also heads every sheet.
	Title  string
	About  [][2]string
	Banner string
	// Tables are more tables (summaries), sheets of their own in a
	// workbook; the command writes them as CSV itself.
	Tables []Table
	// Dictionary is the data dictionary (layer, field, type, description,
	// title, short_name), a Fields sheet in a workbook.
	Dictionary [][]string
}

// Files names the files (or folders) the format writes for layers with a
// stem.
func (f Format) Files(stem string, layers []*geo.Layer) []string { return f.files(stem, layers) }

// Names lists the format names.
func Names() []string {
	out := make([]string, len(Formats))
	for i, f := range Formats {
		out[i] = f.Name
	}
	return out
}

// GeometryNames lists the names of formats that write map layers.
func GeometryNames() []string {
	var out []string
	for _, f := range Formats {
		if f.Geometry {
			out = append(out, f.Name)
		}
	}
	return out
}

// Lookup finds a format by name.
func Lookup(name string) (Format, bool) {
	i := slices.IndexFunc(Formats, func(f Format) bool { return f.Name == name })
	if i < 0 {
		return Format{}, false
	}
	return Formats[i], true
}

// Write writes o in each named format into st, at once, and records the
// files in a fixed order: formats in the order given, then layers. An
// unknown name, or a map format for layers without geometry, is an error
// (validation catches both first; nothing is skipped silently).
func Write(st *stage.Stage, o *Output, names []string) error {
	type job struct {
		file  string
		write func(path string) error
	}
	var jobs []job
	seen := map[string]bool{}
	projected := map[int][]*geo.Layer{}
	for _, name := range names {
		f, ok := Lookup(name)
		if !ok {
			return fmt.Errorf("unknown output format %q (one of %v)", name, Names())
		}
		if f.Geometry && !hasGeometry(o.Layers) {
			return fmt.Errorf("format %s writes map layers, and %s has no geometry", name, o.Stem)
		}
		srid := f.CRS
		if srid == 0 {
			srid = o.CRS
		}
		layers, ok := projected[srid]
		if !ok {
			layers = project(o.Layers, srid)
			projected[srid] = layers
		}
		for i, file := range f.files(o.Stem, layers) {
			// One NAME.qml serves NAME.fgb, NAME.geojson and NAME.parquet:
			// the first format that names it writes it.
			if seen[file] {
				continue
			}
			seen[file] = true
			jobs = append(jobs, job{file, func(p string) error { return f.write(p, i, o, layers) }})
		}
	}
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Go(func() { errs[i] = j.write(st.Path(j.file)) })
	}
	wg.Wait()
	for i, j := range jobs {
		if errs[i] != nil {
			return fmt.Errorf("writing %s: %w", j.file, errs[i])
		}
		st.Add(j.file)
	}
	return nil
}

func hasGeometry(ls []*geo.Layer) bool {
	return len(ls) > 0 && ls[0].Geometry != nil
}

// perLayer names one file per layer: stem+ext for one layer,
// stem_<layer>+ext for several.
func perLayer(ext string) func(string, []*geo.Layer) []string {
	return func(stem string, ls []*geo.Layer) []string {
		if len(ls) == 1 {
			return []string{stem + ext}
		}
		out := make([]string, len(ls))
		for i, l := range ls {
			out[i] = stem + "_" + l.Name + ext
		}
		return out
	}
}

// withQML names one file per layer (as perLayer) and then, for each layer
// with a style, its QGIS style sidecar: the same name with .qml, which
// QGIS applies when it opens the layer file.
func withQML(ext string) func(string, []*geo.Layer) []string {
	return func(stem string, ls []*geo.Layer) []string {
		files := perLayer(ext)(stem, ls)
		for i, f := range perLayer(".qml")(stem, ls) {
			if ls[i].Style != nil {
				files = append(files, f)
			}
		}
		return files
	}
}

// eachLayerQML writes the files withQML names: file i < len(layers) from
// layer i, then the styled layers' QML (geo/qml, the generator of the
// GeoPackage's layer_styles rows too).
func eachLayerQML(w func(string, *geo.Layer) error) func(string, int, *Output, []*geo.Layer) error {
	return func(p string, i int, _ *Output, ls []*geo.Layer) error {
		if i < len(ls) {
			return w(p, ls[i])
		}
		k := i - len(ls)
		for _, l := range ls {
			if l.Style == nil {
				continue
			}
			if k == 0 {
				if err := qml.Check(l); err != nil {
					return fmt.Errorf("layer %q: %w", l.Name, err)
				}
				return writeNew(p, []byte(qml.QML(l)))
			}
			k--
		}
		return fmt.Errorf("no styled layer for file %d", i)
	}
}

// writeNew writes a new file (never over an existing one).
func writeNew(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// eachLayer writes file i from layer i.
func eachLayer(w func(string, *geo.Layer) error) func(string, int, *Output, []*geo.Layer) error {
	return func(p string, i int, _ *Output, ls []*geo.Layer) error { return w(p, ls[i]) }
}

// project returns the layers in srid: as they are for EPSG:27700 (or 0),
// reprojected copies for WGS84. Layers without geometry stay as they are.
func project(ls []*geo.Layer, srid int) []*geo.Layer {
	if srid != geo.WGS84 {
		return ls
	}
	out := make([]*geo.Layer, len(ls))
	for i, l := range ls {
		c := *l
		if l.SRID == geo.BNG && l.Geometry != nil {
			c.Geometry = make([]orb.Geometry, len(l.Geometry))
			for k, g := range l.Geometry {
				c.Geometry[k] = crs.ProjectToWGS84(g)
			}
			c.SRID = geo.WGS84
		}
		out[i] = &c
	}
	return out
}
