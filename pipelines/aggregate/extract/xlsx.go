package extract

import (
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/manchester-insight/targeting/indicators"
)

// xlsxSource reads one sheet of an XLSX workbook in batches. Cells are read
// raw (dates as Excel serial numbers), so a cell's display format cannot
// turn 01/04/2024 into 04/01/2024.
type xlsxSource struct {
	path      string
	book      *excelize.File
	rows      *excelize.Rows
	f         *rowFiller
	row       int64
	synthetic bool
}

func openXLSX(path string, m *Mapping) (*xlsxSource, error) {
	book, err := excelize.OpenFile(path)
	if err != nil {
		return nil, &indicators.DataError{File: path, Msg: "not a readable XLSX workbook: " + err.Error()}
	}
	sheet := m.Sheet
	if sheet == "" {
		sheet = book.GetSheetList()[0]
	}
	rows, err := book.Rows(sheet)
	if err != nil {
		book.Close()
		return nil, &indicators.DataError{File: path, Msg: "sheet " + sheet + ": " + err.Error() + "; the workbook has " + quoteList(book.GetSheetList())}
	}
	if !rows.Next() {
		book.Close()
		return nil, &indicators.DataError{File: path, Msg: "sheet " + sheet + " is empty (no header row)"}
	}
	hdr, err := rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		book.Close()
		return nil, &indicators.DataError{File: path, Row: 1, Msg: err.Error()}
	}
	f, err := newRowFiller(path, hdr, m, true)
	if err != nil {
		book.Close()
		return nil, err
	}
	s := &xlsxSource{path: path, book: book, rows: rows, f: f, row: 1}
	if p, err := book.GetDocProps(); err == nil {
		meta := strings.ToUpper(p.Title + " " + p.Subject + " " + p.Keywords + " " + p.Description)
		s.synthetic = strings.Contains(meta, "SYNTHETIC")
	}
	return s, nil
}

func (s *xlsxSource) next() (*Batch, error) {
	for s.f.b == nil || s.f.b.N < BatchRows {
		if !s.rows.Next() {
			if err := s.rows.Error(); err != nil {
				return nil, &indicators.DataError{File: s.path, Row: int(s.row), Msg: err.Error()}
			}
			break
		}
		s.row++
		rec, err := s.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, &indicators.DataError{File: s.path, Row: int(s.row), Msg: err.Error()}
		}
		if s.f.b == nil {
			s.f.start(s.row)
		}
		s.f.add(rec)
	}
	if b := s.f.take(); b != nil {
		b.Synthetic = b.Synthetic || s.synthetic
		return b, nil
	}
	return nil, io.EOF
}

func (s *xlsxSource) close() error {
	s.rows.Close()
	return s.book.Close()
}
