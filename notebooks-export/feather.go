package notebooksexport

import (
	"fmt"
	"maps"
	"os"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// writeFeather writes rec as an Arrow IPC file, which is Feather v2: pandas,
// polars, R's arrow and DuckDB read it without conversion. Buffers are left
// uncompressed because not every reader (notably the JavaScript one)
// decompresses IPC buffers; the tables are small. meta is stored as schema
// metadata so the file carries its provenance.
func writeFeather(path string, rec arrow.RecordBatch, meta map[string]string) (err error) {
	keys, vals := make([]string, 0, len(meta)), make([]string, 0, len(meta))
	for _, k := range slices.Sorted(maps.Keys(meta)) {
		keys, vals = append(keys, k), append(vals, meta[k])
	}
	md := arrow.NewMetadata(keys, vals)
	schema := arrow.NewSchema(rec.Schema().Fields(), &md)
	withMeta := array.NewRecordBatch(schema, rec.Columns(), rec.NumRows())
	defer withMeta.Release()

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
	w, err := ipc.NewFileWriter(f, ipc.WithSchema(schema), ipc.WithAllocator(memory.DefaultAllocator))
	if err != nil {
		return fmt.Errorf("feather: %w", err)
	}
	if err := w.Write(withMeta); err != nil {
		w.Close()
		return fmt.Errorf("feather: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("feather: %w", err)
	}
	return nil
}
