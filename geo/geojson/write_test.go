package geojson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/paulmach/orb"
	orbjson "github.com/paulmach/orb/geojson"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/crs"
)

func writeTemp(t testing.TB, l *geo.Layer) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "layer.geojson")
	if err := Write(path, l); err != nil {
		t.Fatal(err)
	}
	return path
}

// numberRE matches JSON numbers; group 1 is the fraction, group 2 the
// exponent.
var numberRE = regexp.MustCompile(`-?\d+(?:\.(\d+))?([eE][-+]?\d+)?`)

func TestWriteRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		layer func(t *testing.T) *geo.Layer
	}{
		{"BNG polygons and multipolygons", func(t *testing.T) *geo.Layer { return bngLayer(t, 40) }},
		{"WGS84 polygons", func(t *testing.T) *geo.Layer { return wgs84Layer(t, 20) }},
		{"null geometry", func(t *testing.T) *geo.Layer {
			l := bngLayer(t, 3)
			l.Geometry[1] = nil
			return l
		}},
		{"empty layer", func(t *testing.T) *geo.Layer { return bngLayer(t, 0) }},
		{"Manchester LSOAs on the grid", lsoaLayer},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.layer(t)
			raw, err := os.ReadFile(writeTemp(t, l))
			if err != nil {
				t.Fatal(err)
			}

			// Only RFC 7946 members: no crs, no foreign members.
			var top map[string]json.RawMessage
			if err := json.Unmarshal(raw, &top); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if keys := slices.Sorted(maps.Keys(top)); !slices.Equal(keys, []string{"features", "type"}) {
				t.Errorf("top-level members %v", keys)
			}
			if bytes.Contains(raw, []byte(`"crs"`)) {
				t.Error(`output has a "crs" member`)
			}

			fc, err := orbjson.UnmarshalFeatureCollection(raw)
			if err != nil {
				t.Fatal(err)
			}
			if len(fc.Features) != len(l.Geometry) {
				t.Fatalf("%d features, want %d", len(fc.Features), len(l.Geometry))
			}
			var rawFeatures []struct {
				Type       string                     `json:"type"`
				Properties map[string]json.RawMessage `json:"properties"`
				Geometry   json.RawMessage            `json:"geometry"`
			}
			if err := json.Unmarshal(top["features"], &rawFeatures); err != nil {
				t.Fatal(err)
			}
			for i, f := range fc.Features {
				checkProperties(t, l.Attributes, i, rawFeatures[i].Properties)
				checkDecimals(t, i, rawFeatures[i].Geometry)
				want := l.Geometry[i]
				if want != nil && l.SRID == geo.BNG {
					want = crs.ProjectToWGS84(want)
				}
				if want == nil {
					if f.Geometry != nil {
						t.Errorf("feature %d: geometry %v, want null", i, f.Geometry)
					}
					continue
				}
				checkGeometry(t, i, f.Geometry, want)
			}
		})
	}
}

// checkDecimals checks that every coordinate has at most six decimals and
// no exponent.
func checkDecimals(t *testing.T, i int, geom json.RawMessage) {
	t.Helper()
	for _, m := range numberRE.FindAllSubmatch(geom, -1) {
		if len(m[1]) > Decimals || len(m[2]) > 0 {
			t.Fatalf("feature %d: coordinate %s", i, m[0])
		}
	}
}

// checkGeometry compares got with want (lon/lat) ring by ring: same type,
// exterior rings counter-clockwise, holes clockwise, and each ring equal
// to want's, in its order or reversed, within 1e-6 degrees.
func checkGeometry(t *testing.T, i int, got, want orb.Geometry) {
	t.Helper()
	var gotPolys, wantPolys []orb.Polygon
	switch w := want.(type) {
	case orb.Polygon:
		g, ok := got.(orb.Polygon)
		if !ok {
			t.Fatalf("feature %d: %T, want Polygon", i, got)
		}
		gotPolys, wantPolys = []orb.Polygon{g}, []orb.Polygon{w}
	case orb.MultiPolygon:
		g, ok := got.(orb.MultiPolygon)
		if !ok {
			t.Fatalf("feature %d: %T, want MultiPolygon", i, got)
		}
		gotPolys, wantPolys = g, w
	default:
		t.Fatalf("unexpected input %T", want)
	}
	if len(gotPolys) != len(wantPolys) {
		t.Fatalf("feature %d: %d polygons, want %d", i, len(gotPolys), len(wantPolys))
	}
	for p := range gotPolys {
		if len(gotPolys[p]) != len(wantPolys[p]) {
			t.Fatalf("feature %d polygon %d: %d rings, want %d", i, p, len(gotPolys[p]), len(wantPolys[p]))
		}
		for r, ring := range gotPolys[p] {
			wantOrient := orb.CW
			if r == 0 {
				wantOrient = orb.CCW
			}
			if ring.Orientation() != wantOrient {
				t.Errorf("feature %d polygon %d ring %d: orientation %v, want %v", i, p, r, ring.Orientation(), wantOrient)
			}
			w := wantPolys[p][r]
			if !ringsClose(ring, w) {
				rev := slices.Clone(w)
				rev.Reverse()
				if !ringsClose(ring, rev) {
					t.Errorf("feature %d polygon %d ring %d:\n got %v\nwant %v", i, p, r, ring, w)
				}
			}
		}
	}
}

// ringsClose reports whether a and b match point for point within 1e-6
// degrees (rounding to six decimals moves a coordinate by at most 5e-7).
func ringsClose(a, b orb.Ring) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if math.Abs(a[k][0]-b[k][0]) > 1e-6 || math.Abs(a[k][1]-b[k][1]) > 1e-6 {
			return false
		}
	}
	return true
}

// checkProperties compares one feature's properties with row i: same
// keys, null for nulls, strings equal, integers exactly (as JSON text),
// floats equal, booleans as true/false.
func checkProperties(t *testing.T, rec arrow.RecordBatch, i int, props map[string]json.RawMessage) {
	t.Helper()
	if len(props) != int(rec.NumCols()) {
		t.Fatalf("feature %d: %d properties, want %d", i, len(props), rec.NumCols())
	}
	for c, f := range rec.Schema().Fields() {
		v, ok := props[f.Name]
		if !ok {
			t.Fatalf("feature %d: no property %q", i, f.Name)
		}
		col := rec.Column(c)
		var want string
		switch a := col.(type) {
		case *array.String:
			b, _ := json.Marshal(a.Value(i))
			want = string(b)
		case *array.Int64:
			want = strconv.FormatInt(a.Value(i), 10)
		case *array.Float64:
			var got float64
			if !col.IsNull(i) {
				if err := json.Unmarshal(v, &got); err != nil || got != a.Value(i) || bytes.ContainsAny(v, "eE") {
					t.Errorf("feature %d %s = %s, want %v", i, f.Name, v, a.Value(i))
				}
				continue
			}
		case *array.Boolean:
			want = strconv.FormatBool(a.Value(i))
		}
		if col.IsNull(i) {
			want = "null"
		}
		if string(v) != want {
			var s1, s2 string
			// Strings may differ only in escaping.
			if json.Unmarshal(v, &s1) == nil && json.Unmarshal([]byte(want), &s2) == nil && s1 == s2 {
				continue
			}
			t.Errorf("feature %d %s = %s, want %s", i, f.Name, v, want)
		}
	}
}

// oddGeometry is an orb.Geometry that neither crs nor the writer knows.
type oddGeometry struct{ orb.Point }

// lsoaLayer is the real Manchester LSOA 2011 boundaries shipped with the
// project, projected to the grid as the pipelines hold them.
func lsoaLayer(t *testing.T) *geo.Layer {
	raw, err := os.ReadFile("../../data/boundaries/manchester_lsoa11_generalised_wgs84.geojson")
	if err != nil {
		t.Fatal(err)
	}
	fc, err := orbjson.UnmarshalFeatureCollection(raw)
	if err != nil {
		t.Fatal(err)
	}
	b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema([]arrow.Field{
		{Name: "lsoa11cd", Type: arrow.BinaryTypes.String},
		{Name: "lsoa11nm", Type: arrow.BinaryTypes.String},
	}, nil))
	defer b.Release()
	geoms := make([]orb.Geometry, len(fc.Features))
	for i, f := range fc.Features {
		b.Field(0).(*array.StringBuilder).Append(f.Properties.MustString("area_code"))
		b.Field(1).(*array.StringBuilder).Append(f.Properties.MustString("area_name"))
		geoms[i] = crs.ProjectToBNG(f.Geometry)
	}
	rec := b.NewRecordBatch()
	t.Cleanup(rec.Release)
	return &geo.Layer{Name: "lsoa11", SRID: geo.BNG, Attributes: rec, Geometry: geoms}
}

func TestWriteRejects(t *testing.T) {
	tests := []struct {
		name   string
		modify func(l *geo.Layer)
	}{
		{"no attributes", func(l *geo.Layer) { l.Attributes = nil }},
		{"too few geometries", func(l *geo.Layer) { l.Geometry = l.Geometry[:1] }},
		{"unsupported SRID", func(l *geo.Layer) { l.SRID = 3857 }},
		{"unknown geometry type", func(l *geo.Layer) { l.Geometry[1] = oddGeometry{} }},
		{"int32 column", func(l *geo.Layer) {
			b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema([]arrow.Field{{Name: "n", Type: arrow.PrimitiveTypes.Int32}}, nil))
			defer b.Release()
			b.Field(0).(*array.Int32Builder).AppendValues([]int32{1, 2}, nil)
			l.Attributes = b.NewRecordBatch()
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := bngLayer(t, 2)
			tc.modify(l)
			path := filepath.Join(t.TempDir(), "bad.geojson")
			if err := Write(path, l); err == nil {
				t.Fatal("no error")
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("file left behind: %v", err)
			}
		})
	}
}

func TestWriteRefusesExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "exists.geojson")
	if err := os.WriteFile(path, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, bngLayer(t, 3)); !errors.Is(err, os.ErrExist) {
		t.Fatalf("err = %v, want ErrExist", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep" {
		t.Errorf("existing file overwritten")
	}
}

func BenchmarkWrite33k(b *testing.B) {
	l := benchLayer(b)
	dir := b.TempDir()
	b.ReportAllocs()
	var size int64
	i := 0
	for b.Loop() {
		path := filepath.Join(dir, fmt.Sprintf("%d.geojson", i))
		i++
		if err := Write(path, l); err != nil {
			b.Fatal(err)
		}
		st, _ := os.Stat(path)
		size = st.Size()
		os.Remove(path)
	}
	b.ReportMetric(float64(size)/1e6, "MB/file")
}
