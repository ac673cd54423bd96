package extract

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/internal/csvio"
)

// csvSource reads a CSV or gzip CSV extract in batches.
type csvSource struct {
	path string
	rc   io.ReadCloser
	r    *csv.Reader
	f    *rowFiller
	eof  bool
}

func openCSV(path string, m *Mapping) (*csvSource, error) {
	rc, err := csvio.Open(path)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(rc)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	hdr, err := r.Read()
	if err == io.EOF {
		rc.Close()
		return nil, &indicators.DataError{File: path, Msg: "the file is empty (no header row)"}
	}
	if err != nil {
		rc.Close()
		return nil, &indicators.DataError{File: path, Row: 1, Msg: "cannot read the header row: " + csvMsg(err)}
	}
	f, err := newRowFiller(path, append([]string(nil), hdr...), m, false)
	if err != nil {
		rc.Close()
		return nil, err
	}
	return &csvSource{path: path, rc: rc, r: r, f: f}, nil
}

// next returns the next batch, or io.EOF. A row the CSV parser rejects (a
// stray quote) is kept as a malformed row, so it is counted, not lost.
func (s *csvSource) next() (*Batch, error) {
	if s.eof {
		return nil, io.EOF
	}
	for s.f.b == nil || s.f.b.N < BatchRows {
		rec, err := s.r.Read()
		if err == io.EOF {
			s.eof = true
			break
		}
		var pe *csv.ParseError
		var line int
		switch {
		case err == nil:
			line, _ = s.r.FieldPos(0)
		case errors.As(err, &pe):
			line = pe.StartLine
		default:
			return nil, &indicators.DataError{File: s.path, Msg: err.Error()}
		}
		if s.f.b == nil {
			s.f.start(int64(line))
		}
		if pe != nil {
			s.f.add(nil)
			continue
		}
		s.f.add(rec)
	}
	if b := s.f.take(); b != nil {
		return b, nil
	}
	return nil, io.EOF
}

func (s *csvSource) close() error { return s.rc.Close() }

func csvMsg(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return strings.TrimSpace(fmt.Sprint(pe.Err))
	}
	return err.Error()
}
