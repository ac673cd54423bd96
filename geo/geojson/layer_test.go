package geojson

import (
	"fmt"
	"math"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo"
)

// testRecord has columns id (int64, never null), code (utf8), score
// (float64), flag (bool) and count (int64, values past 2^53 to catch
// float conversion); every third row is null in the last four.
func testRecord(t testing.TB, n int) arrow.RecordBatch {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "code", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "score", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "flag", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
		{Name: "count", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for i := range n {
		b.Field(0).(*array.Int64Builder).Append(int64(i))
		if i%3 == 1 {
			for c := 1; c < 5; c++ {
				b.Field(c).AppendNull()
			}
			continue
		}
		b.Field(1).(*array.StringBuilder).Append(fmt.Sprintf("E0100%04d \"Ancoats\" é", i))
		b.Field(2).(*array.Float64Builder).Append(float64(i)*0.1 - 3)
		b.Field(3).(*array.BooleanBuilder).Append(i%2 == 0)
		b.Field(4).(*array.Int64Builder).Append(int64(i) + 1<<60)
	}
	rec := b.NewRecordBatch()
	t.Cleanup(rec.Release)
	return rec
}

// bngFeature is, on a 250 m grid near Manchester, a 100 m square for even
// i and a multipolygon (square with a hole, plus a triangle) for odd i.
// Every fourth feature has all its rings reversed, so the writer has
// winding to fix; the rest are already right-hand.
func bngFeature(i, cols int) orb.Geometry {
	x, y := 380000+250*float64(i%cols), 390000+250*float64(i/cols)
	outer := orb.Ring{{x, y}, {x + 100, y}, {x + 100, y + 100}, {x, y + 100}, {x, y}}
	var g orb.Geometry = orb.Polygon{outer}
	if i%2 == 1 {
		hole := orb.Ring{{x + 20, y + 20}, {x + 20, y + 80}, {x + 80, y + 80}, {x + 80, y + 20}, {x + 20, y + 20}}
		tri := orb.Ring{{x + 150, y}, {x + 200, y}, {x + 200, y + 50}, {x + 150, y}}
		g = orb.MultiPolygon{{outer, hole}, {tri}}
	}
	if i%4 < 2 {
		reverseAll(g)
	}
	return g
}

func reverseAll(g orb.Geometry) {
	switch g := g.(type) {
	case orb.Polygon:
		for _, r := range g {
			r.Reverse()
		}
	case orb.MultiPolygon:
		for _, p := range g {
			reverseAll(p)
		}
	}
}

func bngLayer(t testing.TB, n int) *geo.Layer {
	geoms := make([]orb.Geometry, n)
	cols := int(math.Ceil(math.Sqrt(float64(n))))
	for i := range geoms {
		geoms[i] = bngFeature(i, cols)
	}
	return &geo.Layer{Name: "test_areas", SRID: geo.BNG, Attributes: testRecord(t, n), Geometry: geoms}
}

// wgs84Layer is small lon/lat squares around Manchester, clockwise (wrong)
// for odd i, with coordinates carrying more than six decimals.
func wgs84Layer(t testing.TB, n int) *geo.Layer {
	geoms := make([]orb.Geometry, n)
	for i := range geoms {
		x, y := -2.3+0.01*float64(i%10)+1e-9, 53.4+0.01*float64(i/10)+1.23456789e-7
		r := orb.Ring{{x, y}, {x + 0.005, y}, {x + 0.005, y + 0.005}, {x, y + 0.005}, {x, y}}
		if i%2 == 1 {
			r.Reverse()
		}
		geoms[i] = orb.Polygon{r}
	}
	return &geo.Layer{Name: "wgs", SRID: geo.WGS84, Attributes: testRecord(t, n), Geometry: geoms}
}

// benchLayer is 33,000 50-vertex polygons on the grid with 15 attribute
// columns of all four types: about England's output areas, generalised.
func benchLayer(b *testing.B) *geo.Layer {
	const n, vertices = 33000, 50
	fields := []arrow.Field{}
	for c := range 15 {
		var typ arrow.DataType
		switch c % 4 {
		case 0:
			typ = arrow.BinaryTypes.String
		case 1:
			typ = arrow.PrimitiveTypes.Int64
		case 2:
			typ = arrow.PrimitiveTypes.Float64
		default:
			typ = arrow.FixedWidthTypes.Boolean
		}
		fields = append(fields, arrow.Field{Name: fmt.Sprintf("col%02d", c), Type: typ, Nullable: true})
	}
	rb := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema(fields, nil))
	defer rb.Release()
	geoms := make([]orb.Geometry, n)
	for i := range n {
		for c := range 15 {
			switch fb := rb.Field(c).(type) {
			case *array.StringBuilder:
				fb.Append(fmt.Sprintf("E%08d", i*15+c))
			case *array.Int64Builder:
				fb.Append(int64(i * c))
			case *array.Float64Builder:
				fb.Append(float64(i) / float64(c+1))
			case *array.BooleanBuilder:
				fb.Append((i+c)%3 == 0)
			}
		}
		cx := 300000 + float64((i*7919)%200000)
		cy := 300000 + float64((i*104729)%200000)
		ring := make(orb.Ring, vertices+1)
		for v := range vertices {
			a := 2 * math.Pi * float64(v) / vertices
			r := 300 + 50*math.Sin(5*a)
			ring[v] = orb.Point{cx + r*math.Cos(a), cy + r*math.Sin(a)}
		}
		ring[vertices] = ring[0]
		geoms[i] = orb.Polygon{ring}
	}
	rec := rb.NewRecordBatch()
	b.Cleanup(rec.Release)
	return &geo.Layer{Name: "bench", SRID: geo.BNG, Attributes: rec, Geometry: geoms}
}
