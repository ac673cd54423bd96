package format

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/qml"
)

// Every styled layer of a FlatGeobuf, GeoJSON or GeoParquet output gets a
// same-name .qml beside it (written once when several formats share it),
// published with the layer; it is the style the GeoPackage stores.
func TestSidecarQML(t *testing.T) {
	areas := squares(t, "areas", 12)
	areas.Fields = map[string]geo.FieldInfo{"score": {Title: "Need score"}}
	wards := squares(t, "wards", 4)
	wards.Style = geo.BoundaryStyle("Ward boundaries", "ward_code", true)
	plain := squares(t, "plain", 3)
	plain.Style = nil
	dir := t.TempDir()
	st := newStage(t, dir)
	o := &Output{Stem: "run", Layers: []*geo.Layer{areas, wards, plain}}
	if err := Write(st, o, []string{"fgb", "geojson", "geoparquet", "csv"}); err != nil {
		t.Fatal(err)
	}
	files := st.Files()
	for _, want := range []string{"run_areas.qml", "run_wards.qml", "run_areas.fgb", "run_areas.geojson", "run_areas.parquet"} {
		if n := countOf(files, want); n != 1 {
			t.Errorf("%s listed %d times in %v", want, n, files)
		}
	}
	if slices.Contains(files, "run_plain.qml") {
		t.Error("unstyled layer got a .qml")
	}
	if _, err := st.Publish(); err != nil {
		t.Fatal(err)
	}
	for name, l := range map[string]*geo.Layer{"run_areas.qml": areas, "run_wards.qml": wards} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != qml.QML(l) {
			t.Errorf("%s differs from the layer's QML", name)
		}
		d := xml.NewDecoder(strings.NewReader(string(b)))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "run_areas.qml"))
	for _, w := range []string{`type="graduatedSymbol"`, `<alias field="score" name="Need score"/>`} {
		if !strings.Contains(string(b), w) {
			t.Errorf("run_areas.qml lacks %s", w)
		}
	}
}

func countOf(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}
