package geoparquet

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/manchester-insight/targeting/geo"
)

func writeTemp(t testing.TB, l *geo.Layer) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "layer.parquet")
	if err := Write(path, l); err != nil {
		t.Fatal(err)
	}
	return path
}

func openParquet(t *testing.T, path string) *parquet.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	return pf
}

// readRows returns every row of the file in file order.
func readRows(t *testing.T, pf *parquet.File) []parquet.Row {
	t.Helper()
	var out []parquet.Row
	for _, rg := range pf.RowGroups() {
		rows := rg.Rows()
		buf := make([]parquet.Row, 256)
		for {
			n, err := rows.ReadRows(buf)
			for _, r := range buf[:n] {
				out = append(out, r.Clone())
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		rows.Close()
	}
	return out
}

// wantColumns is the leaf columns in file order with their physical
// types and whether they are optional.
var wantColumns = []struct {
	path     string
	kind     parquet.Kind
	optional bool
}{
	{"id", parquet.Int64, true},
	{"code", parquet.ByteArray, true},
	{"score", parquet.Double, true},
	{"flag", parquet.Boolean, true},
	{"count", parquet.Int64, true},
	{"geometry", parquet.ByteArray, false},
	{"bbox.xmin", parquet.Double, false},
	{"bbox.ymin", parquet.Double, false},
	{"bbox.xmax", parquet.Double, false},
	{"bbox.ymax", parquet.Double, false},
}

func TestWriteRoundTrip(t *testing.T) {
	tests := []struct {
		name      string
		layer     func(t *testing.T) *geo.Layer
		wantTypes []string
		wantCRS   bool
		wantRGs   []int64
	}{
		{"BNG polygons and multipolygons", func(t *testing.T) *geo.Layer { return bngLayer(t, 60) },
			[]string{"Polygon", "MultiPolygon"}, true, []int64{60}},
		{"WGS84 polygons", func(t *testing.T) *geo.Layer { return wgs84Layer(t, 30) },
			[]string{"Polygon"}, false, []int64{30}},
		{"several row groups", func(t *testing.T) *geo.Layer { return bngLayer(t, 2*RowGroupRows+5) },
			[]string{"Polygon", "MultiPolygon"}, true, []int64{RowGroupRows, RowGroupRows, 5}},
		{"empty layer", func(t *testing.T) *geo.Layer { return bngLayer(t, 0) },
			[]string{}, true, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.layer(t)
			pf := openParquet(t, writeTemp(t, l))

			// Schema: attribute columns in Arrow order, then geometry and
			// the bbox struct.
			paths := pf.Schema().Columns()
			if len(paths) != len(wantColumns) {
				t.Fatalf("columns %v", paths)
			}
			for i, w := range wantColumns {
				leaf, ok := pf.Schema().Lookup(paths[i]...)
				if got := fmt.Sprint(paths[i]); !ok || got != fmt.Sprint(splitPath(w.path)) {
					t.Fatalf("column %d = %v, want %s", i, got, w.path)
				}
				if leaf.Node.Type().Kind() != w.kind || leaf.Node.Optional() != w.optional {
					t.Errorf("column %s: kind %v optional %v", w.path, leaf.Node.Type().Kind(), leaf.Node.Optional())
				}
			}
			if lt := pf.Schema().Fields()[1].Type().LogicalType(); lt == nil || lt.String() != "STRING" {
				t.Errorf("code column is not annotated as a string: %v", lt)
			}

			// Row groups: sizes and zstd on every column chunk.
			var rgs []int64
			for _, rg := range pf.Metadata().RowGroups {
				rgs = append(rgs, rg.NumRows)
				for _, cc := range rg.Columns {
					if cc.MetaData.Codec != format.Zstd {
						t.Errorf("column %v codec %v", cc.MetaData.PathInSchema, cc.MetaData.Codec)
					}
				}
			}
			if !slices.Equal(rgs, tc.wantRGs) {
				t.Errorf("row groups %v, want %v", rgs, tc.wantRGs)
			}

			// Metadata.
			raw, ok := pf.Lookup("geo")
			if !ok {
				t.Fatal("no geo metadata")
			}
			if err := validateGeoMetadata([]byte(raw)); err != nil {
				t.Fatalf("geo metadata invalid: %v\n%s", err, raw)
			}
			var md geoMetadata
			if err := json.Unmarshal([]byte(raw), &md); err != nil {
				t.Fatal(err)
			}
			col := md.Columns[GeometryColumn]
			if md.PrimaryColumn != GeometryColumn || !slices.Equal(col.GeometryTypes, tc.wantTypes) {
				t.Errorf("metadata %s", raw)
			}
			if tc.wantCRS {
				checkBNGProjJSON(t, col.CRS)
			} else if col.CRS != nil {
				t.Errorf("crs %s for a WGS84 layer", col.CRS)
			}
			var lm layerMetadata
			lraw, _ := pf.Lookup(LayerMetadataKey)
			if err := json.Unmarshal([]byte(lraw), &lm); err != nil || lm.Name != l.Name || lm.SRID != l.SRID {
				t.Errorf("layer metadata %s (%v)", lraw, err)
			}

			// Rows: every feature exactly once, values intact, bbox equal
			// to the geometry's bound, in Hilbert order.
			rows := readRows(t, pf)
			if len(rows) != len(l.Geometry) {
				t.Fatalf("%d rows, want %d", len(rows), len(l.Geometry))
			}
			var extent orb.Bound
			for i, r := range rows {
				b := rowBound(r)
				if i == 0 {
					extent = b
				} else {
					extent = extent.Union(b)
				}
			}
			if len(rows) > 0 && fmt.Sprint(col.BBox) != fmt.Sprint([]float64{extent.Min[0], extent.Min[1], extent.Max[0], extent.Max[1]}) {
				t.Errorf("metadata bbox %v, extent of rows %v", col.BBox, extent)
			}
			seen := make([]bool, len(rows))
			var prevKey uint64
			for i, r := range rows {
				id := int(r[0].Int64())
				if seen[id] {
					t.Fatalf("feature %d repeated", id)
				}
				seen[id] = true
				checkAttributes(t, l.Attributes, id, r)
				g, err := wkb.Unmarshal(r[5].ByteArray())
				if err != nil {
					t.Fatal(err)
				}
				if !orb.Equal(g, l.Geometry[id]) {
					t.Fatalf("feature %d: geometry %v, want %v", id, g, l.Geometry[id])
				}
				if b := rowBound(r); b != l.Geometry[id].Bound() {
					t.Fatalf("feature %d: bbox %v, want %v", id, b, l.Geometry[id].Bound())
				}
				key := HilbertKey(extent, rowBound(r).Center())
				if i > 0 && key < prevKey {
					t.Fatalf("row %d: Hilbert key %d after %d", i, key, prevKey)
				}
				prevKey = key
			}
			if len(rows) > 100 && slices.IsSortedFunc(rows, func(a, b parquet.Row) int { return int(a[0].Int64() - b[0].Int64()) }) {
				t.Error("rows are in input order: no Hilbert sort happened")
			}
		})
	}
}

func splitPath(p string) []string { return strings.Split(p, ".") }

func rowBound(r parquet.Row) orb.Bound {
	return orb.Bound{Min: orb.Point{r[6].Double(), r[7].Double()}, Max: orb.Point{r[8].Double(), r[9].Double()}}
}

// checkAttributes compares columns 1-4 of r with row id of rec.
func checkAttributes(t *testing.T, rec arrow.RecordBatch, id int, r parquet.Row) {
	t.Helper()
	for c := 1; c < 5; c++ {
		a := rec.Column(c)
		v := r[c]
		if a.IsNull(id) != v.IsNull() {
			t.Fatalf("feature %d column %d: null %v, want %v", id, c, v.IsNull(), a.IsNull(id))
		}
		if v.IsNull() {
			continue
		}
		var ok bool
		switch a := a.(type) {
		case *array.String:
			ok = string(v.ByteArray()) == a.Value(id)
		case *array.Float64:
			ok = v.Double() == a.Value(id)
		case *array.Boolean:
			ok = v.Boolean() == a.Value(id)
		case *array.Int64:
			ok = v.Int64() == a.Value(id)
		}
		if !ok {
			t.Fatalf("feature %d column %d: got %v", id, c, v)
		}
	}
}

func TestWriteRejects(t *testing.T) {
	int32Record := func(t *testing.T) arrow.RecordBatch {
		b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema([]arrow.Field{{Name: "n", Type: arrow.PrimitiveTypes.Int32}}, nil))
		defer b.Release()
		b.Field(0).(*array.Int32Builder).Append(1)
		return b.NewRecordBatch()
	}
	clashRecord := func(t *testing.T) arrow.RecordBatch {
		b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema([]arrow.Field{{Name: "bbox", Type: arrow.PrimitiveTypes.Int64}}, nil))
		defer b.Release()
		b.Field(0).(*array.Int64Builder).Append(1)
		return b.NewRecordBatch()
	}
	tests := []struct {
		name   string
		modify func(t *testing.T, l *geo.Layer)
	}{
		{"no attributes", func(t *testing.T, l *geo.Layer) { l.Attributes = nil }},
		{"too few geometries", func(t *testing.T, l *geo.Layer) { l.Geometry = l.Geometry[:1] }},
		{"nil geometry", func(t *testing.T, l *geo.Layer) { l.Geometry[0] = nil }},
		{"empty polygon", func(t *testing.T, l *geo.Layer) { l.Geometry[0] = orb.Polygon{} }},
		{"empty multipolygon", func(t *testing.T, l *geo.Layer) { l.Geometry[0] = orb.MultiPolygon{orb.Polygon{}} }},
		{"unsupported SRID", func(t *testing.T, l *geo.Layer) { l.SRID = 3857 }},
		{"int32 column", func(t *testing.T, l *geo.Layer) {
			l.Attributes = int32Record(t)
			l.Geometry = l.Geometry[:1]
		}},
		{"column named bbox", func(t *testing.T, l *geo.Layer) {
			l.Attributes = clashRecord(t)
			l.Geometry = l.Geometry[:1]
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := bngLayer(t, 2)
			tc.modify(t, l)
			path := filepath.Join(t.TempDir(), "bad.parquet")
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
	path := filepath.Join(t.TempDir(), "exists.parquet")
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
		path := filepath.Join(dir, fmt.Sprintf("%d.parquet", i))
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
