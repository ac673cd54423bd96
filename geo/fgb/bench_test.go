package fgb

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo"
)

// benchLayer is output-sized: 33,000 polygons (about the number of LSOAs
// in England) of 50 vertices each, with 15 attribute columns of every
// supported type and some nulls, spread over Greater Manchester's extent.
func benchLayer(b *testing.B) *geo.Layer {
	const n, verts = 33000, 50
	rng := rand.New(rand.NewPCG(1, 2))
	fields := []arrow.Field{
		{Name: "code", Type: arrow.BinaryTypes.String},
		{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "lad", Type: arrow.BinaryTypes.String},
	}
	for i := range 4 {
		fields = append(fields, arrow.Field{Name: fmt.Sprintf("n%d", i), Type: arrow.PrimitiveTypes.Int64, Nullable: true})
	}
	fields = append(fields, arrow.Field{Name: "decile", Type: arrow.PrimitiveTypes.Int32})
	for i := range 5 {
		fields = append(fields, arrow.Field{Name: fmt.Sprintf("x%d", i), Type: arrow.PrimitiveTypes.Float64, Nullable: true})
	}
	fields = append(fields,
		arrow.Field{Name: "urban", Type: arrow.FixedWidthTypes.Boolean},
		arrow.Field{Name: "flag", Type: arrow.FixedWidthTypes.Boolean, Nullable: true})
	rb := array.NewRecordBuilder(memory.NewGoAllocator(), arrow.NewSchema(fields, nil))
	defer rb.Release()

	geoms := make([]orb.Geometry, n)
	for i := range n {
		cx, cy := 370000+rng.Float64()*30000, 385000+rng.Float64()*25000
		r := 80 + rng.Float64()*150
		ring := make(orb.Ring, verts)
		for k := range verts - 1 {
			a := 2 * math.Pi * float64(k) / float64(verts-1)
			rr := r * (0.8 + 0.4*rng.Float64())
			ring[k] = orb.Point{cx + rr*math.Cos(a), cy + rr*math.Sin(a)}
		}
		ring[verts-1] = ring[0]
		geoms[i] = orb.Polygon{ring}

		rb.Field(0).(*array.StringBuilder).Append(fmt.Sprintf("E0100%04d", i))
		if i%17 == 0 {
			rb.Field(1).(*array.StringBuilder).AppendNull()
		} else {
			rb.Field(1).(*array.StringBuilder).Append(fmt.Sprintf("Manchester %03d%c", i%1000, 'A'+rune(i%26)))
		}
		rb.Field(2).(*array.StringBuilder).Append("E08000003")
		for c := range 4 {
			fb := rb.Field(3 + c).(*array.Int64Builder)
			if (i+c)%23 == 0 {
				fb.AppendNull()
			} else {
				fb.Append(rng.Int64N(10000))
			}
		}
		rb.Field(7).(*array.Int32Builder).Append(int32(1 + i%10))
		for c := range 5 {
			fb := rb.Field(8 + c).(*array.Float64Builder)
			if (i+c)%29 == 0 {
				fb.AppendNull()
			} else {
				fb.Append(rng.NormFloat64())
			}
		}
		rb.Field(13).(*array.BooleanBuilder).Append(i%3 == 0)
		if i%31 == 0 {
			rb.Field(14).(*array.BooleanBuilder).AppendNull()
		} else {
			rb.Field(14).(*array.BooleanBuilder).Append(i%2 == 0)
		}
	}
	rec := rb.NewRecordBatch()
	b.Cleanup(rec.Release)
	return &geo.Layer{Name: "lsoa", SRID: geo.BNG, Attributes: rec, Geometry: geoms,
		Title: "Benchmark", Metadata: "generated"}
}

func BenchmarkWrite33k(b *testing.B) {
	l := benchLayer(b)
	dir := b.TempDir()
	var size int64
	i := 0
	for b.Loop() {
		path := filepath.Join(dir, fmt.Sprintf("w%d.fgb", i))
		i++
		if err := Write(path, l); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if st, err := os.Stat(path); err == nil {
			size = st.Size()
		}
		os.Remove(path)
		b.StartTimer()
	}
	b.ReportMetric(float64(size)/1e6, "MB/file")
}
