package engine

import (
	"fmt"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

var mem = memory.DefaultAllocator

// column returns the named column of rec, or an error naming it.
func column(rec arrow.RecordBatch, name string) (arrow.Array, error) {
	idx := rec.Schema().FieldIndices(name)
	if len(idx) == 0 {
		return nil, fmt.Errorf("column %q not found", name)
	}
	return rec.Column(idx[0]), nil
}

// Strings returns a utf8 column as a Go slice (nulls become "").
func Strings(rec arrow.RecordBatch, name string) ([]string, error) {
	col, err := column(rec, name)
	if err != nil {
		return nil, err
	}
	s, ok := col.(*array.String)
	if !ok {
		return nil, fmt.Errorf("column %q is %s, want utf8", name, col.DataType())
	}
	out := make([]string, s.Len())
	for i := range out {
		if s.IsValid(i) {
			out[i] = s.Value(i)
		}
	}
	return out, nil
}

// Floats returns a float64 column as a slice with NaN for nulls. The slice is
// a copy, so callers may modify it.
func Floats(rec arrow.RecordBatch, name string) ([]float64, error) {
	col, err := column(rec, name)
	if err != nil {
		return nil, err
	}
	f, ok := col.(*array.Float64)
	if !ok {
		return nil, fmt.Errorf("column %q is %s, want float64", name, col.DataType())
	}
	out := make([]float64, f.Len())
	copy(out, f.Float64Values())
	if f.NullN() > 0 {
		for i := range out {
			if f.IsNull(i) {
				out[i] = math.NaN()
			}
		}
	}
	return out, nil
}

// Column builders: NaN becomes null, so missing values survive every format.

func floatArray(v []float64) arrow.Array {
	b := array.NewFloat64Builder(mem)
	defer b.Release()
	var valid []bool
	for i, x := range v {
		if math.IsNaN(x) {
			if valid == nil {
				valid = make([]bool, len(v))
				for j := range i {
					valid[j] = true
				}
			}
			continue
		}
		if valid != nil {
			valid[i] = true
		}
	}
	b.AppendValues(v, valid) // one copy; a validity bitmap only when needed
	return b.NewArray()
}

func intArray(v []int64) arrow.Array {
	b := array.NewInt64Builder(mem)
	defer b.Release()
	b.AppendValues(v, nil)
	return b.NewArray()
}

// intArrayValid is an int64 array with nulls where valid is false.
func intArrayValid(v []int64, valid []bool) arrow.Array {
	b := array.NewInt64Builder(mem)
	defer b.Release()
	b.AppendValues(v, valid)
	return b.NewArray()
}

func boolArray(v []bool) arrow.Array {
	b := array.NewBooleanBuilder(mem)
	defer b.Release()
	b.AppendValues(v, nil)
	return b.NewArray()
}

func stringArray(v []string) arrow.Array {
	b := array.NewStringBuilder(mem)
	defer b.Release()
	b.AppendValues(v, nil)
	return b.NewArray()
}

// recordBuilder assembles a record column by column.
type recordBuilder struct {
	fields []arrow.Field
	cols   []arrow.Array
}

func (rb *recordBuilder) add(name string, a arrow.Array) {
	rb.fields = append(rb.fields, arrow.Field{Name: name, Type: a.DataType(), Nullable: true})
	rb.cols = append(rb.cols, a)
}

func (rb *recordBuilder) strings(name string, v []string) { rb.add(name, stringArray(v)) }
func (rb *recordBuilder) floats(name string, v []float64) { rb.add(name, floatArray(v)) }
func (rb *recordBuilder) ints(name string, v []int64)     { rb.add(name, intArray(v)) }
func (rb *recordBuilder) bools(name string, v []bool)     { rb.add(name, boolArray(v)) }

func (rb *recordBuilder) record(n int) arrow.RecordBatch {
	rec := array.NewRecordBatch(arrow.NewSchema(rb.fields, nil), rb.cols, int64(n))
	for _, c := range rb.cols {
		c.Release()
	}
	return rec
}

// NewRecord builds a record from named Go slices ([]string, []float64,
// []int64 or []bool), in the given order. NaN floats become nulls.
func NewRecord(names []string, cols []any) (arrow.RecordBatch, error) {
	if len(names) != len(cols) {
		return nil, fmt.Errorf("NewRecord: %d names for %d columns", len(names), len(cols))
	}
	var rb recordBuilder
	n := -1
	for i, c := range cols {
		var l int
		switch v := c.(type) {
		case []string:
			rb.strings(names[i], v)
			l = len(v)
		case []float64:
			rb.floats(names[i], v)
			l = len(v)
		case []int64:
			rb.ints(names[i], v)
			l = len(v)
		case []bool:
			rb.bools(names[i], v)
			l = len(v)
		default:
			return nil, fmt.Errorf("NewRecord: column %q has unsupported type %T", names[i], c)
		}
		if n >= 0 && l != n {
			return nil, fmt.Errorf("NewRecord: column %q has %d rows, want %d", names[i], l, n)
		}
		n = l
	}
	if n < 0 {
		n = 0
	}
	return rb.record(n), nil
}

// Ints returns an int64 column as a Go slice (nulls become 0).
func Ints(rec arrow.RecordBatch, name string) ([]int64, error) {
	col, err := column(rec, name)
	if err != nil {
		return nil, err
	}
	c, ok := col.(*array.Int64)
	if !ok {
		return nil, fmt.Errorf("column %q is %s, want int64", name, col.DataType())
	}
	return append([]int64(nil), c.Int64Values()...), nil
}

// Bools returns a boolean column as a Go slice (nulls become false).
func Bools(rec arrow.RecordBatch, name string) ([]bool, error) {
	col, err := column(rec, name)
	if err != nil {
		return nil, err
	}
	c, ok := col.(*array.Boolean)
	if !ok {
		return nil, fmt.Errorf("column %q is %s, want bool", name, col.DataType())
	}
	out := make([]bool, c.Len())
	for i := range out {
		out[i] = c.IsValid(i) && c.Value(i)
	}
	return out, nil
}

// Slice copies an Arrow column into the Go slice NewRecord takes: []string
// ("" for null), []float64 (NaN for null), []int64 or []bool (false for
// null). It panics on other types, which the engine never builds.
func Slice(a arrow.Array) any {
	switch c := a.(type) {
	case *array.String:
		out := make([]string, c.Len())
		for i := range out {
			if c.IsValid(i) {
				out[i] = c.Value(i)
			}
		}
		return out
	case *array.Float64:
		out := make([]float64, c.Len())
		copy(out, c.Float64Values())
		for i := range out {
			if c.IsNull(i) {
				out[i] = math.NaN()
			}
		}
		return out
	case *array.Int64:
		return append([]int64(nil), c.Int64Values()...)
	case *array.Boolean:
		out := make([]bool, c.Len())
		for i := range out {
			out[i] = c.IsValid(i) && c.Value(i)
		}
		return out
	}
	panic("engine.Slice: unsupported column type " + a.DataType().String())
}
