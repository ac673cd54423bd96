package geojson

import (
	"fmt"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// propertyWriter appends one attribute column's member ("name":value) for
// a row. The key is escaped once, not per feature.
type propertyWriter struct {
	key   []byte // `"name":`
	value func(b []byte, row int) []byte
}

// propertyWriters maps the record's columns to JSON members: strings,
// numbers (integers exactly, as int64 text; reals always with a fraction
// or exponent, see appendReal), booleans, and null for nulls.
func propertyWriters(rec arrow.RecordBatch) ([]propertyWriter, error) {
	ws := make([]propertyWriter, 0, rec.NumCols())
	seen := map[string]bool{}
	for i, f := range rec.Schema().Fields() {
		if seen[f.Name] {
			return nil, fmt.Errorf("geojson: duplicate attribute column %q", f.Name)
		}
		seen[f.Name] = true
		w := propertyWriter{key: append(appendString(nil, f.Name), ':')}
		col := rec.Column(i)
		var value func(b []byte, row int) []byte
		switch a := col.(type) {
		case *array.String:
			value = func(b []byte, r int) []byte { return appendString(b, a.Value(r)) }
		case *array.Int64:
			value = func(b []byte, r int) []byte { return strconv.AppendInt(b, a.Value(r), 10) }
		case *array.Float64:
			value = func(b []byte, r int) []byte { return appendReal(b, a.Value(r)) }
		case *array.Boolean:
			value = func(b []byte, r int) []byte { return strconv.AppendBool(b, a.Value(r)) }
		default:
			return nil, fmt.Errorf("geojson: attribute column %q has unsupported type %s", f.Name, f.Type)
		}
		w.value = func(b []byte, r int) []byte {
			if col.IsNull(r) {
				return append(b, "null"...)
			}
			return value(b, r)
		}
		ws = append(ws, w)
	}
	return ws, nil
}
