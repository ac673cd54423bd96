package indicators

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Table is a loaded indicator table: one row per area code, float64 value
// columns with nulls for blanks. Rows remembers each row's line in File so
// later checks (vintage, coverage) can still point at the line.
type Table struct {
	File    string
	Vintage string // geography vintage of the codes, e.g. "lsoa11"
	Record  arrow.RecordBatch
	Rows    []int // line number of each row in File
}

// Codes returns the area codes in row order.
func (t *Table) Codes() []string {
	s := t.Record.Column(0).(*array.String)
	out := make([]string, s.Len())
	for i := range out {
		out[i] = s.Value(i)
	}
	return out
}

// Column returns a value column; NaN stands for null.
func (t *Table) Column(name string) ([]float64, error) {
	idx := t.Record.Schema().FieldIndices(name)
	if len(idx) == 0 {
		return nil, fmt.Errorf("%s: no column %q", t.File, name)
	}
	return floats(t.Record.Column(idx[0]).(*array.Float64)), nil
}

// Names returns the value column names.
func (t *Table) Names() []string {
	var out []string
	for _, f := range t.Record.Schema().Fields()[1:] {
		out = append(out, f.Name)
	}
	return out
}

func floats(a *array.Float64) []float64 {
	out := make([]float64, a.Len())
	copy(out, a.Float64Values())
	for i := range out {
		if a.IsNull(i) {
			out[i] = nan
		}
	}
	return out
}

// newTable builds a Table from columnar Go slices (NaN = null).
func newTable(file string, codes []string, names []string, cols [][]float64, rows []int) *Table {
	pool := memory.DefaultAllocator
	fields := []arrow.Field{{Name: "area_code", Type: arrow.BinaryTypes.String}}
	sb := array.NewStringBuilder(pool)
	defer sb.Release()
	sb.AppendValues(codes, nil)
	arrs := []arrow.Array{sb.NewArray()}
	for k, name := range names {
		fb := array.NewFloat64Builder(pool)
		fb.Reserve(len(cols[k]))
		for _, v := range cols[k] {
			if v != v {
				fb.AppendNull()
			} else {
				fb.UnsafeAppend(v)
			}
		}
		arrs = append(arrs, fb.NewArray())
		fb.Release()
		fields = append(fields, arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Float64, Nullable: true})
	}
	rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), arrs, int64(len(codes)))
	for _, a := range arrs {
		a.Release()
	}
	return &Table{File: file, Record: rec, Rows: rows}
}
