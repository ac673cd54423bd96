package fgb

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/manchester-insight/targeting/geo/fgb/internal/fbs"
)

// column is one attribute column: its header entry and the Arrow array the
// per-feature values are read from.
type column struct {
	name     string
	typ      fbs.ColumnType
	nullable bool
	arr      arrow.Array
}

// planColumns maps the Arrow schema onto FlatGeobuf column types. Only the
// types geo.Layer promises are accepted, so a new column type fails loudly
// here instead of being written as something readers misinterpret.
func planColumns(rec arrow.RecordBatch) ([]column, error) {
	if rec == nil {
		return nil, nil
	}
	// Property keys are ushort column indexes.
	if rec.NumCols() > math.MaxUint16+1 {
		return nil, fmt.Errorf("%d columns: FlatGeobuf allows at most %d", rec.NumCols(), math.MaxUint16+1)
	}
	cols := make([]column, rec.NumCols())
	for i, f := range rec.Schema().Fields() {
		var t fbs.ColumnType
		switch f.Type.ID() {
		case arrow.STRING, arrow.LARGE_STRING:
			t = fbs.ColumnTypeString
		case arrow.INT64:
			t = fbs.ColumnTypeLong
		case arrow.INT32:
			t = fbs.ColumnTypeInt
		case arrow.FLOAT64:
			t = fbs.ColumnTypeDouble
		case arrow.BOOL:
			t = fbs.ColumnTypeBool
		default:
			return nil, fmt.Errorf("column %q: Arrow type %s has no FlatGeobuf mapping", f.Name, f.Type)
		}
		arr := rec.Column(i)
		cols[i] = column{name: f.Name, typ: t, nullable: f.Nullable || arr.NullN() > 0, arr: arr}
	}
	return cols, nil
}

// appendProperties appends one feature's properties in the spec's binary
// layout: for each non-null value, its column index as a little-endian
// uint16, then the value (bool 1 byte, int 4, long and double 8, string a
// uint32 byte length then UTF-8). A null is simply absent, which is how the
// format says "null".
func appendProperties(buf []byte, cols []column, row int) []byte {
	le := binary.LittleEndian
	for i, c := range cols {
		if c.arr.IsNull(row) {
			continue
		}
		buf = le.AppendUint16(buf, uint16(i))
		switch a := c.arr.(type) {
		case *array.String:
			v := a.Value(row)
			buf = le.AppendUint32(buf, uint32(len(v)))
			buf = append(buf, v...)
		case *array.LargeString:
			v := a.Value(row)
			buf = le.AppendUint32(buf, uint32(len(v)))
			buf = append(buf, v...)
		case *array.Int64:
			buf = le.AppendUint64(buf, uint64(a.Value(row)))
		case *array.Int32:
			buf = le.AppendUint32(buf, uint32(a.Value(row)))
		case *array.Float64:
			buf = le.AppendUint64(buf, math.Float64bits(a.Value(row)))
		case *array.Boolean:
			var b byte
			if a.Value(row) {
				b = 1
			}
			buf = append(buf, b)
		}
	}
	return buf
}
