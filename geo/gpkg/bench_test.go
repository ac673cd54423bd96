package gpkg

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/manchester-insight/targeting/geo"
	"github.com/paulmach/orb"
)

// bigLayer is n 24-vertex polygons on a 100 m grid with 15 attribute columns
// (5 int64, 5 float64, 3 string, 2 bool; every 17th value null), roughly
// the shape of an LSOA-level output for England and Wales.
func bigLayer(tb testing.TB, n int) *geo.Layer {
	tb.Helper()
	var fields []arrow.Field
	for i := 0; i < 5; i++ {
		fields = append(fields, arrow.Field{Name: fmt.Sprintf("i%d", i), Type: arrow.PrimitiveTypes.Int64, Nullable: true})
	}
	for i := 0; i < 5; i++ {
		fields = append(fields, arrow.Field{Name: fmt.Sprintf("f%d", i), Type: arrow.PrimitiveTypes.Float64, Nullable: true})
	}
	for i := 0; i < 3; i++ {
		fields = append(fields, arrow.Field{Name: fmt.Sprintf("s%d", i), Type: arrow.BinaryTypes.String, Nullable: true})
	}
	for i := 0; i < 2; i++ {
		fields = append(fields, arrow.Field{Name: fmt.Sprintf("b%d", i), Type: arrow.FixedWidthTypes.Boolean, Nullable: true})
	}
	b := array.NewRecordBuilder(memory.NewGoAllocator(), arrow.NewSchema(fields, nil))
	defer b.Release()
	geoms := make([]orb.Geometry, n)
	const side = 200
	for r := 0; r < n; r++ {
		for c := range fields {
			fb := b.Field(c)
			if (r+c)%17 == 0 {
				fb.AppendNull()
				continue
			}
			switch fb := fb.(type) {
			case *array.Int64Builder:
				fb.Append(int64(r*31 + c))
			case *array.Float64Builder:
				fb.Append(float64(r) / float64(c+1))
			case *array.StringBuilder:
				fb.Append(fmt.Sprintf("E0100%04d", r))
			case *array.BooleanBuilder:
				fb.Append(r%2 == c%2)
			}
		}
		cx := originE + float64(r%side)*100 + 50
		cy := originN + float64(r/side)*100 + 50
		ring := make(orb.Ring, 0, 25)
		for k := 0; k < 24; k++ {
			a := 2 * math.Pi * float64(k) / 24
			ring = append(ring, orb.Point{cx + 45*math.Cos(a), cy + 45*math.Sin(a)})
		}
		ring = append(ring, ring[0])
		geoms[r] = orb.Polygon{ring}
	}
	rec := b.NewRecordBatch()
	tb.Cleanup(rec.Release)
	return &geo.Layer{
		Name: "lsoa_scores", Title: "LSOA scores", SRID: geo.BNG,
		Attributes: rec, Geometry: geoms, Style: geo.DecileStyle("i0"),
	}
}

// TestWriteLarge checks a benchmark-sized file end to end, including
// SQLite's own structural check of the Hilbert-loaded R-tree.
func TestWriteLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and checks 30,000 polygons; runs without -short")
	}
	layer := bigLayer(t, 30000)
	start := time.Now()
	path := writeTest(t, layer)
	t.Logf("30000 polygons x 15 columns written in %v", time.Since(start))
	db := openTest(t, path)
	for q, want := range map[string]string{
		"SELECT COUNT(*) FROM lsoa_scores":                     "30000",
		"SELECT COUNT(*) FROM rtree_lsoa_scores_geom":          "30000",
		"SELECT rtreecheck('rtree_lsoa_scores_geom')":          "ok",
		"PRAGMA integrity_check":                               "ok",
		"SELECT COUNT(*) FROM lsoa_scores WHERE i0 IS NULL":    "1765",
		"SELECT typeof(b0) FROM lsoa_scores WHERE fid = 2":     "integer",
		"SELECT geometry_type_name FROM gpkg_geometry_columns": "POLYGON",
	} {
		var got string
		if err := db.QueryRow(q).Scan(&got); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if got != want {
			t.Errorf("%s = %s, want %s", q, got, want)
		}
	}
}

func BenchmarkWrite30k(b *testing.B) {
	layer := bigLayer(b, 30000)
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		path := filepath.Join(dir, fmt.Sprintf("bench%d.gpkg", i))
		if err := Write(path, []*geo.Layer{layer}, testMeta); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.Remove(path)
		b.StartTimer()
	}
}
