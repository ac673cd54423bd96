package pipelines

import (
	"crypto/sha256"
	"encoding/hex"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// columnSlice copies an Arrow column into a Go slice of its type
// ([]string, []float64 with NaN for null, []int64 or []bool).
func columnSlice(a arrow.Array) any {
	switch c := a.(type) {
	case *array.String:
		out := make([]string, c.Len())
		for i := range out {
			out[i] = c.Value(i)
		}
		return out
	case *array.Float64:
		out := make([]float64, c.Len())
		for i := range out {
			out[i] = math.NaN()
			if c.IsValid(i) {
				out[i] = c.Value(i)
			}
		}
		return out
	case *array.Int64:
		return append([]int64(nil), c.Int64Values()...)
	case *array.Boolean:
		out := make([]bool, c.Len())
		for i := range out {
			out[i] = c.Value(i)
		}
		return out
	}
	panic("columnSlice: unsupported type " + a.DataType().String())
}

func boolColumn(rec arrow.Record, name string) []bool {
	idx := rec.Schema().FieldIndices(name)
	return columnSlice(rec.Column(idx[0])).([]bool)
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
