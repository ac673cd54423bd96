package format

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo"
)

// GDAL reads the same field types from the GeoJSON as from the GeoPackage
// (and FlatGeobuf): a real column of whole numbers (population) stays
// Real in the GeoJSON, where RFC 7946 has no types and readers infer them
// from the text. Integer widths may differ (GDAL's GeoJSON reader says
// Integer where the values fit in 32 bits; GeoPackage INTEGER is
// Integer64), which is the same type to every client.
func TestTypesAgreeAcrossFormats(t *testing.T) {
	if testing.Short() {
		t.Skip("runs GDAL's ogrinfo; runs without -short")
	}
	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		if os.Getenv("TARGETING_REQUIRE_GDAL") == "1" {
			t.Fatal("ogrinfo not on PATH and TARGETING_REQUIRE_GDAL=1")
		}
		t.Skip("ogrinfo not on PATH; install gdal-bin")
	}
	rec, err := engine.NewRecord([]string{"area_code", "population", "score", "rank", "selected"},
		[]any{[]string{"A", "B"}, []float64{1500, 1820}, []float64{0.25, 1}, []int64{2, 1}, []bool{false, true}})
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	sq := func(x float64) orb.Geometry {
		return orb.Polygon{{{x, 398000}, {x + 100, 398000}, {x + 100, 398100}, {x, 398100}, {x, 398000}}}
	}
	l := &geo.Layer{Name: "areas", SRID: geo.BNG, Attributes: rec, Geometry: []orb.Geometry{sq(383000), sq(383100)}}
	dir := t.TempDir()
	st := newStage(t, dir)
	if err := Write(st, &Output{Stem: "t", Layers: []*geo.Layer{l}}, []string{"gpkg", "geojson", "fgb"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Publish(); err != nil {
		t.Fatal(err)
	}
	field := regexp.MustCompile(`(?m)^(\w+): (\w+)(\(Boolean\))?`)
	types := func(file string) map[string]string {
		out, err := exec.Command(ogrinfo, "-so", "-al", filepath.Join(dir, file)).CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo %s: %v\n%s", file, err, out)
		}
		m := map[string]string{}
		for _, g := range field.FindAllStringSubmatch(string(out), -1) {
			typ := g[2] + g[3]
			if typ == "Integer64" {
				typ = "Integer"
			}
			m[g[1]] = typ
		}
		return m
	}
	want := map[string]string{"area_code": "String", "population": "Real", "score": "Real", "rank": "Integer", "selected": "Integer(Boolean)"}
	for _, file := range []string{"t.gpkg", "t.geojson", "t.fgb"} {
		got := types(file)
		for f, w := range want {
			if got[f] != w {
				t.Errorf("%s: %s is %q, want %s", file, f, got[f], w)
			}
		}
	}
}
