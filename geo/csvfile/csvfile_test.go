package csvfile

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Written files read back with encoding/csv to the same text, quoting included.
func TestWriteReadsBack(t *testing.T) {
	mem := memory.DefaultAllocator
	sb := array.NewStringBuilder(mem)
	sb.AppendValues([]string{"plain", "a, comma", `a "quote"`, "line\nbreak", " lead", ""}, []bool{true, true, true, true, true, false})
	fb := array.NewFloat64Builder(mem)
	fb.AppendValues([]float64{1.5, 1e-7, 123456789.25, math.Copysign(0, -1), math.Pi, 0}, []bool{true, true, true, true, true, false})
	ib := array.NewInt64Builder(mem)
	ib.AppendValues([]int64{1, -2, 3, 4, 5, 6}, nil)
	bb := array.NewBooleanBuilder(mem)
	bb.AppendValues([]bool{true, false, true, false, true, false}, nil)
	schema := arrow.NewSchema([]arrow.Field{{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "f", Type: arrow.PrimitiveTypes.Float64, Nullable: true}, {Name: "i", Type: arrow.PrimitiveTypes.Int64},
		{Name: "b", Type: arrow.FixedWidthTypes.Boolean}}, nil)
	rec := array.NewRecordBatch(schema, []arrow.Array{sb.NewArray(), fb.NewArray(), ib.NewArray(), bb.NewArray()}, 6)
	path := filepath.Join(t.TempDir(), "x.csv")
	if err := Write(path, rec); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(path)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"s", "f", "i", "b"}, {"plain", "1.5", "1", "true"}, {"a, comma", "0.0000001", "-2", "false"},
		{`a "quote"`, "123456789.25", "3", "true"}, {"line\nbreak", "0", "4", "false"}, {" lead", "3.141592653589793", "5", "true"}, {"", "", "6", "false"}}
	if !slices.EqualFunc(rows, want, func(a, b []string) bool { return slices.Equal(a, b) }) {
		t.Errorf("got %q\nwant %q", rows, want)
	}
	if err := Write(path, rec); err == nil {
		t.Error("overwrote an existing file")
	}
}
