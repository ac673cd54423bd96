package notebooksexport

import (
	"fmt"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

// writeParquet writes rec as a plain (non-spatial) Parquet file with one
// optional column per Arrow column, in the same order and of the matching
// type. The schema is a Go struct type made at run time, because
// parquet-go keeps a struct's field order while its map-based Group sorts
// columns by name. meta is stored as file key-value metadata.
func writeParquet(path string, rec arrow.RecordBatch, meta map[string]string) (err error) {
	fields := rec.Schema().Fields()
	sf := make([]reflect.StructField, len(fields))
	for i, f := range fields {
		if strings.ContainsAny(f.Name, ",\"`") {
			return fmt.Errorf("parquet: column name %q cannot be written", f.Name)
		}
		var t reflect.Type
		switch f.Type.ID() {
		case arrow.STRING:
			t = reflect.TypeFor[*string]()
		case arrow.FLOAT64:
			t = reflect.TypeFor[*float64]()
		case arrow.INT64:
			t = reflect.TypeFor[*int64]()
		case arrow.BOOL:
			t = reflect.TypeFor[*bool]()
		default:
			return fmt.Errorf("parquet: column %q has unsupported type %s", f.Name, f.Type)
		}
		sf[i] = reflect.StructField{Name: fmt.Sprintf("C%d", i), Type: t, Tag: reflect.StructTag(fmt.Sprintf(`parquet:"%s,optional"`, f.Name))}
	}
	rowType := reflect.StructOf(sf)

	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	opts := []parquet.WriterOption{parquet.SchemaOf(reflect.New(rowType).Interface()),
		parquet.Compression(&zstd.Codec{Level: zstd.SpeedDefault})}
	for _, k := range slices.Sorted(maps.Keys(meta)) {
		opts = append(opts, parquet.KeyValueMetadata(k, meta[k]))
	}
	w := parquet.NewWriter(f, opts...)
	for r := 0; r < int(rec.NumRows()); r++ {
		row := reflect.New(rowType)
		for c := range fields {
			if v := cellPointer(rec.Column(c), r); v.IsValid() {
				row.Elem().Field(c).Set(v)
			}
		}
		if err := w.Write(row.Interface()); err != nil {
			return fmt.Errorf("parquet: %w", err)
		}
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	return nil
}

// cellPointer is a pointer to a copy of one value, or the zero Value for
// null (left as a nil pointer, which parquet-go writes as null).
func cellPointer(a arrow.Array, i int) reflect.Value {
	if a.IsNull(i) {
		return reflect.Value{}
	}
	switch c := a.(type) {
	case *array.String:
		v := c.Value(i)
		return reflect.ValueOf(&v)
	case *array.Float64:
		v := c.Value(i)
		return reflect.ValueOf(&v)
	case *array.Int64:
		v := c.Value(i)
		return reflect.ValueOf(&v)
	case *array.Boolean:
		v := c.Value(i)
		return reflect.ValueOf(&v)
	}
	return reflect.Value{}
}
