package format

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/internal/hive"
)

// squares is a layer of n unit squares (EPSG:27700 metres near Manchester)
// with area_code A0.., ward_code W0.. (one ward per three areas) and a score.
func squares(t testing.TB, name string, n int) *geo.Layer {
	t.Helper()
	codes, wards, score := make([]string, n), make([]string, n), make([]float64, n)
	geoms := make([]orb.Geometry, n)
	for i := range n {
		codes[i], wards[i], score[i] = fmt.Sprintf("A%03d", i), fmt.Sprintf("W%d", i/3), float64(i)/4
		x, y := 383000+float64(i%10)*100, 398000+float64(i/10)*100
		geoms[i] = orb.Polygon{{{x, y}, {x + 100, y}, {x + 100, y + 100}, {x, y + 100}, {x, y}}}
	}
	rec, err := engine.NewRecord([]string{"area_code", "ward_code", "score"}, []any{codes, wards, score})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rec.Release)
	return &geo.Layer{Name: name, Title: name, SRID: geo.BNG, Attributes: rec, Geometry: geoms, Style: geo.DecileStyle("score")}
}

// A layer as Hive partitions by district: one GeoParquet file per
// district, every area once, an area with no district in Hive's null
// partition, and the folder reads back as one table (the indicators
// loader, as a data lake would) with the written values.
func TestWritePartitioned(t *testing.T) {
	l := squares(t, "areas", 30)
	districts := map[string]string{}
	for i := 1; i < 30; i++ {
		districts[fmt.Sprintf("A%03d", i)] = "E08000003"
		if i%3 == 0 {
			districts[fmt.Sprintf("A%03d", i)] = "E08000999"
		}
	}
	dir := filepath.Join(t.TempDir(), "col_areas")
	if err := writePartitioned(dir, l, districts); err != nil {
		t.Fatal(err)
	}
	parts, _ := filepath.Glob(filepath.Join(dir, "*", "part-0.parquet"))
	want := []string{"lad=E08000003", "lad=E08000999", "lad=" + hive.Null}
	var got []string
	total := 0
	for _, p := range parts {
		got = append(got, filepath.Base(filepath.Dir(p)))
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := f.Stat()
		pf, err := parquet.OpenFile(f, st.Size())
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := pf.Lookup("geo"); !ok {
			t.Errorf("%s has no GeoParquet metadata", p)
		}
		total += int(pf.NumRows())
		f.Close()
	}
	slices.Sort(got)
	if !slices.Equal(got, want) || total != 30 {
		t.Errorf("partitions %v with %d rows; want %v with 30", got, total, want)
	}
	tab, err := indicators.LoadParquet(indicators.Spec{File: dir, Code: "area_code", Columns: []string{"score"}})
	if err != nil {
		t.Fatal(err)
	}
	score, _ := tab.Column("score")
	for i, c := range tab.Codes() {
		var k int
		fmt.Sscanf(c, "A%d", &k)
		if score[i] != float64(k)/4 {
			t.Fatalf("%s: partitioned score %v, written %v", c, score[i], float64(k)/4)
		}
	}
	// A layer without area or ward codes cannot be partitioned.
	rec, _ := engine.NewRecord([]string{"x"}, []any{[]float64{1}})
	defer rec.Release()
	bad := &geo.Layer{Name: "x", SRID: geo.BNG, Attributes: rec, Geometry: l.Geometry[:1]}
	if err := writePartitioned(filepath.Join(t.TempDir(), "x"), bad, districts); err == nil {
		t.Error("a layer without area_code or ward_code was partitioned")
	}
}

// Every registered format writes the files it names for one and for two
// layers, and Write refuses unknown formats and map formats without
// geometry rather than skipping them.
func TestWriteEveryFormat(t *testing.T) {
	for _, n := range []int{1, 2} {
		layers := []*geo.Layer{squares(t, "areas", 12), squares(t, "wards", 4)}[:n]
		o := &Output{Stem: "x", Layers: layers, Districts: map[string]string{"A000": "E08000003", "W0": "E08000003"}}
		for _, f := range Formats {
			for _, srid := range []int{0, geo.WGS84} {
				o.CRS = srid
				dir := t.TempDir()
				st := newStage(t, dir)
				if err := Write(st, o, []string{f.Name}); err != nil {
					t.Fatalf("%s, %d layers: %v", f.Name, n, err)
				}
				want := f.files("x", layers)
				if !slices.Equal(st.Files(), want) {
					t.Errorf("%s: recorded %v, want %v", f.Name, st.Files(), want)
				}
				for _, file := range want {
					if fi, err := os.Stat(st.Path(file)); err != nil || (fi.Size() == 0 && !fi.IsDir()) {
						t.Errorf("%s: %s missing or empty (%v)", f.Name, file, err)
					}
				}
			}
		}
	}
	st := newStage(t, t.TempDir())
	l := squares(t, "areas", 3)
	if err := Write(st, &Output{Stem: "x", Layers: []*geo.Layer{l}}, []string{"shp"}); err == nil {
		t.Error("an unknown format was accepted")
	}
	table := *l
	table.Geometry = nil
	if err := Write(st, &Output{Stem: "x", Layers: []*geo.Layer{&table}}, []string{"csv", "gpkg"}); err == nil {
		t.Error("gpkg without geometry was accepted")
	}
}

// The names scenario validation and help text use come from Formats.
func TestNames(t *testing.T) {
	if !slices.Contains(Names(), "geoparquet-partitioned") || slices.Contains(GeometryNames(), "csv") {
		t.Errorf("Names %v, GeometryNames %v", Names(), GeometryNames())
	}
	for _, f := range Formats {
		if f.Doc == "" || f.files == nil || f.write == nil {
			t.Errorf("format %s is incomplete", f.Name)
		}
	}
}
