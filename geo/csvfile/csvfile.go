// Package csvfile writes an attribute table (an Arrow record) as CSV for
// spreadsheet users: UTF-8, a header row, numbers at full precision without
// exponents, empty cells for nulls, true/false for booleans.
package csvfile

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Write writes rec to a new file at path.
func Write(path string, rec arrow.RecordBatch) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := write(bw, rec); err != nil {
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

// write formats rows into byte buffers, blocks of rows on every core, and
// writes the blocks in order: a national table is 32,844 rows of 20 fields,
// and number formatting is most of the work. Only a few blocks are held at
// once (the formatters wait when they are that far ahead of the writer),
// and their buffers are reused, so the memory does not grow with the table.
func write(w io.Writer, rec arrow.RecordBatch) error {
	fields := rec.Schema().Fields()
	var hdr []byte
	for i, f := range fields {
		if i > 0 {
			hdr = append(hdr, ',')
		}
		hdr = appendText(hdr, f.Name)
	}
	if _, err := w.Write(append(hdr, '\n')); err != nil {
		return err
	}
	const block = 1024
	n := int(rec.NumRows())
	nb := (n + block - 1) / block
	workers := min(runtime.GOMAXPROCS(0), nb)
	done := make([]chan []byte, nb)
	for b := range done {
		done[b] = make(chan []byte, 1)
	}
	next := make(chan int, nb)
	for b := range nb {
		next <- b
	}
	close(next)
	// slots bounds the blocks formatted but not yet written; free holds
	// written buffers for reuse.
	slots := make(chan struct{}, 2*workers)
	free := make(chan []byte, 2*workers)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case slots <- struct{}{}:
				case <-stop:
					return
				}
				b, ok := <-next
				if !ok {
					return
				}
				var buf []byte
				select {
				case buf = <-free:
				default:
				}
				done[b] <- appendRows(buf[:0], rec, b*block, min(n, (b+1)*block))
			}
		}()
	}
	defer wg.Wait()
	defer close(stop)
	for b := range nb {
		buf := <-done[b]
		if _, err := w.Write(buf); err != nil {
			return err
		}
		<-slots
		select {
		case free <- buf:
		default:
		}
	}
	return nil
}

// appendRows formats rows [from, to).
func appendRows(buf []byte, rec arrow.RecordBatch, from, to int) []byte {
	cols := rec.Columns()
	for r := from; r < to; r++ {
		for c, col := range cols {
			if c > 0 {
				buf = append(buf, ',')
			}
			buf = appendCell(buf, col, r)
		}
		buf = append(buf, '\n')
	}
	return buf
}

// appendCell formats one value; null is empty.
func appendCell(buf []byte, a arrow.Array, i int) []byte {
	if a.IsNull(i) {
		return buf
	}
	switch c := a.(type) {
	case *array.String:
		return appendText(buf, c.Value(i))
	case *array.Float64:
		v := c.Value(i)
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			// Whole numbers as integers: the same text, far cheaper, and a
			// negative zero (e.g. -1 x 0) reads as 0, not -0.
			return strconv.AppendInt(buf, int64(v), 10)
		}
		return strconv.AppendFloat(buf, v, 'f', -1, 64)
	case *array.Int64:
		return strconv.AppendInt(buf, c.Value(i), 10)
	case *array.Int32:
		return strconv.AppendInt(buf, int64(c.Value(i)), 10)
	case *array.Boolean:
		return strconv.AppendBool(buf, c.Value(i))
	}
	return appendText(buf, a.ValueStr(i))
}

// appendText writes a text field, quoted (RFC 4180) when it holds a comma,
// quote, line break or leading space, as encoding/csv does.
func appendText(buf []byte, s string) []byte {
	if s == "" || (!strings.ContainsAny(s, ",\"\r\n") && s[0] != ' ' && s[0] != '\t') {
		return append(buf, s...)
	}
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			buf = append(buf, '"')
		}
		buf = append(buf, s[i])
	}
	return append(buf, '"')
}

// Cell formats one value as text; null is "".
func Cell(a arrow.Array, i int) string { return string(appendCell(nil, a, i)) }
