// Package csvfile writes an attribute table (an Arrow record) as CSV for
// spreadsheet users: UTF-8, a header row, numbers at full precision without
// exponents, empty cells for nulls, true/false for booleans.
package csvfile

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Write writes rec to a new file at path.
func Write(path string, rec arrow.Record) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	w := csv.NewWriter(bw)
	if err := write(w, rec); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func write(w *csv.Writer, rec arrow.Record) error {
	fields := rec.Schema().Fields()
	hdr := make([]string, len(fields))
	for i, f := range fields {
		hdr[i] = f.Name
	}
	if err := w.Write(hdr); err != nil {
		return err
	}
	row := make([]string, len(fields))
	for r := 0; r < int(rec.NumRows()); r++ {
		for c := range fields {
			row[c] = Cell(rec.Column(c), r)
		}
		if err := w.Write(row); err != nil {
			return err
		}
	}
	return nil
}

// Cell formats one value as text; null is "".
func Cell(a arrow.Array, i int) string {
	if a.IsNull(i) {
		return ""
	}
	switch c := a.(type) {
	case *array.String:
		return c.Value(i)
	case *array.Float64:
		return strconv.FormatFloat(c.Value(i), 'f', -1, 64)
	case *array.Int64:
		return strconv.FormatInt(c.Value(i), 10)
	case *array.Int32:
		return strconv.FormatInt(int64(c.Value(i)), 10)
	case *array.Boolean:
		return strconv.FormatBool(c.Value(i))
	}
	return a.ValueStr(i)
}
