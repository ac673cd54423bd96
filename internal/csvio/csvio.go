// Package csvio opens CSV files (plain or gzip-compressed, with or without a
// UTF-8 byte-order mark) and reads them row by row with line numbers, so
// every loader reports problems at the line a person would look at.
package csvio

import (
	"bufio"
	"bytes"
	"fmt"
	"github.com/klauspost/compress/gzip"
	"io"
	"strings"
)

// Open opens path for reading, decompressing gzip transparently (by content,
// not by name) and skipping a UTF-8 byte-order mark.
func Open(path string) (io.ReadCloser, error) {
	return (*Files)(nil).Open(path)
}

// decode wraps a file's reader: gzip by content, then a byte-order mark.
func decode(path string, f io.Reader, fc io.Closer) (io.ReadCloser, error) {
	br := bufio.NewReaderSize(f, 1<<16)
	var r io.Reader = br
	closer := fc
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			fc.Close()
			return nil, Errorf("%s: %w", path, err)
		}
		r = bufio.NewReaderSize(gz, 1<<16)
		closer = multiCloser{gz, fc}
	}
	rb := r.(*bufio.Reader)
	if bom, _ := rb.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		rb.Discard(3)
	}
	return struct {
		io.Reader
		io.Closer
	}{rb, closer}, nil
}

type multiCloser []io.Closer

func (m multiCloser) Close() error {
	var first error
	for _, c := range m {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Reader reads a CSV file with a header row.
type Reader struct {
	Path   string
	Header []string
	rc     io.ReadCloser
	s      *scanner
	index  map[string]int
	strs   []string
}

// NewReader opens path and reads its header.
func NewReader(path string) (*Reader, error) {
	return (*Files)(nil).NewReader(path)
}

func newReader(path string, rc io.ReadCloser) (*Reader, error) {
	sc := newScanner(rc)
	fields, _, err := sc.next()
	if err == io.EOF {
		rc.Close()
		return nil, Errorf("%s: the file is empty (no header row)", path)
	}
	if err != nil {
		rc.Close()
		return nil, Errorf("%s: %w", path, err)
	}
	rd := &Reader{Path: path, rc: rc, s: sc, index: map[string]int{}}
	for _, f := range fields {
		rd.Header = append(rd.Header, string(f))
	}
	for i, h := range rd.Header {
		h = strings.TrimSpace(h)
		rd.Header[i] = h
		if _, dup := rd.index[h]; !dup {
			rd.index[h] = i
		}
	}
	return rd, nil
}

// Index returns the position of a header column, or an error that lists the
// header so the user sees what the file does have.
func (rd *Reader) Index(name string) (int, error) {
	if i, ok := rd.index[name]; ok {
		return i, nil
	}
	return -1, Errorf("%s: row 1: no column %q; the header has %s", rd.Path, name, quoteList(rd.Header))
}

// Next returns the next record and its line number, or io.EOF. The slice is
// reused by the next call.
func (rd *Reader) Next() ([]string, int, error) {
	fields, line, err := rd.NextBytes()
	if err != nil {
		return nil, 0, err
	}
	rd.strs = rd.strs[:0]
	for _, f := range fields {
		rd.strs = append(rd.strs, string(f))
	}
	return rd.strs, line, nil
}

// NextBytes is Next without converting fields to strings: the fields are
// valid until the next call, so a loader parses numbers straight from them
// and copies only what it keeps.
func (rd *Reader) NextBytes() ([][]byte, int, error) {
	fields, line, err := rd.s.next()
	if err != nil {
		if err == io.EOF {
			return nil, 0, err
		}
		return nil, 0, Errorf("%s: %w", rd.Path, err)
	}
	return fields, line, nil
}

// Close closes the file.
func (rd *Reader) Close() error { return rd.rc.Close() }

func quoteList(xs []string) string {
	if len(xs) > 12 {
		xs = append(xs[:12:12], "…")
	}
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}
