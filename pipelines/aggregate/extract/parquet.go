package extract

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/manchester-insight/targeting/indicators"
)

// parquetSource reads a Parquet extract one row group at a time; row groups
// may be read concurrently.
type parquetSource struct {
	path      string
	file      *os.File
	pf        *parquet.File
	cols      map[string]parquet.LeafColumn // mapping key -> leaf
	synthCol  *parquet.LeafColumn
	synthetic bool
	m         *Mapping
	starts    []int64 // first record number of each row group
}

func openParquet(path string, m *Mapping) (*parquetSource, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		f.Close()
		return nil, &indicators.DataError{File: path, Msg: "not a readable Parquet file: " + err.Error()}
	}
	s := &parquetSource{path: path, file: f, pf: pf, cols: map[string]parquet.LeafColumn{}, m: m}
	var names []string
	for _, fl := range pf.Schema().Fields() {
		names = append(names, fl.Name())
	}
	for _, r := range m.roles() {
		if r.name == "" {
			continue
		}
		leaf, ok := pf.Schema().Lookup(r.name)
		if !ok {
			f.Close()
			return nil, &indicators.DataError{File: path, Column: r.name,
				Msg: "no such column (mapping key columns." + r.key + "); the schema has " + quoteList(names)}
		}
		if leaf.MaxRepetitionLevel > 0 {
			f.Close()
			return nil, &indicators.DataError{File: path, Column: r.name, Msg: "is a repeated (list) column; want one value per record"}
		}
		if err := checkKind(r.key, leaf); err != nil {
			f.Close()
			return nil, &indicators.DataError{File: path, Column: r.name, Msg: err.Error()}
		}
		s.cols[r.key] = leaf
	}
	for _, key := range []string{"synthetic", "targeting.synthetic"} {
		if v, ok := pf.Lookup(key); ok && v != "" && !strings.EqualFold(v, "false") {
			s.synthetic = true
		}
	}
	synth := m.Columns.Synthetic
	if synth == "" {
		synth = "synthetic"
	}
	if leaf, ok := pf.Schema().Lookup(synth); ok {
		s.synthCol = &leaf
	} else if m.Columns.Synthetic != "" {
		f.Close()
		return nil, &indicators.DataError{File: path, Column: synth, Msg: "no such column (mapping key columns.synthetic)"}
	}
	var n int64
	for _, rg := range pf.RowGroups() {
		s.starts = append(s.starts, n)
		n += rg.NumRows()
	}
	return s, nil
}

// checkKind accepts the physical types each role can be read from.
func checkKind(key string, leaf parquet.LeafColumn) error {
	k := leaf.Node.Type().Kind()
	switch key {
	case "easting", "northing", "lon", "lat":
		switch k {
		case parquet.Double, parquet.Float, parquet.Int32, parquet.Int64, parquet.ByteArray:
			return nil
		}
	case "date":
		switch k {
		case parquet.Int32, parquet.Int64, parquet.ByteArray:
			return nil
		}
	default:
		switch k {
		case parquet.ByteArray, parquet.Int32, parquet.Int64:
			return nil
		}
	}
	return fmt.Errorf("has Parquet type %s, which cannot be read as %s", k, key)
}

func (s *parquetSource) rowGroups() int { return len(s.pf.RowGroups()) }

func (s *parquetSource) close() error { return s.file.Close() }

// readRowGroup decodes row group g into one batch, reusing the memory of
// old (a batch this source returned before, no longer in use) when not nil.
func (s *parquetSource) readRowGroup(g int, old *Batch) (*Batch, error) {
	rg := s.pf.RowGroups()[g]
	n := int(rg.NumRows())
	b := &Batch{First: s.starts[g] + 1, N: n, Synthetic: s.synthetic}
	if old == nil {
		old = &Batch{}
	}
	chunks := rg.ColumnChunks()
	fail := func(key string, err error) error {
		return &indicators.DataError{File: s.path, Row: int(s.starts[g] + 1), Column: s.cols[key].Node.String(),
			Msg: fmt.Sprintf("row group %d: %v", g, err)}
	}
	for key, leaf := range s.cols {
		cc := chunks[leaf.ColumnIndex]
		var err error
		switch key {
		case "record_id":
			b.RecordID, err = readText(cc, leaf, n, old.RecordID)
		case "service":
			b.Service, err = readText(cc, leaf, n, old.Service)
		case "person":
			b.Person, err = readText(cc, leaf, n, old.Person)
		case "household":
			b.Household, err = readText(cc, leaf, n, old.Household)
		case "lsoa":
			b.LSOA, err = readText(cc, leaf, n, old.LSOA)
		case "postcode":
			b.Postcode, err = readText(cc, leaf, n, old.Postcode)
		case "easting", "lon":
			b.X, err = readFloats(cc, leaf, n, old.X)
		case "northing", "lat":
			b.Y, err = readFloats(cc, leaf, n, old.Y)
		case "date":
			b.Date, err = readDates(cc, leaf, n, newDateParser(s.m.DateFormats, false), old.Date)
		}
		if err != nil {
			return nil, fail(key, err)
		}
	}
	if s.synthCol != nil && !b.Synthetic {
		t, err := readText(chunks[s.synthCol.ColumnIndex], *s.synthCol, n, Text{})
		if err != nil {
			return nil, err
		}
		for i := 0; i < t.Len() && !b.Synthetic; i++ {
			b.Synthetic = !t.Blank(i)
		}
	}
	return b, nil
}

// eachPage calls fn for every page of a column chunk with the page's
// values and, for an optional column, which rows hold a value.
func eachPage(cc parquet.ColumnChunk, leaf parquet.LeafColumn, fn func(p parquet.Page, present func(i int) bool, rows int) error) error {
	pages := cc.Pages()
	defer pages.Close()
	for {
		p, err := pages.ReadPage()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		defs := p.DefinitionLevels()
		maxDef := byte(leaf.MaxDefinitionLevel)
		rows := int(p.NumRows())
		var present func(int) bool
		if len(defs) > 0 && maxDef > 0 {
			present = func(i int) bool { return defs[i] == maxDef }
		}
		err = fn(p, present, rows)
		parquet.Release(p)
		if err != nil {
			return err
		}
	}
}

// reuse returns old emptied when it can hold n values, else a new slice.
func reuse[T any](old []T, n int) []T {
	if cap(old) >= n {
		return old[:0]
	}
	return make([]T, 0, n)
}

// readText reads a text or integer column into a Text: dictionary pages
// as indexes into the chunk's dictionary, plain byte arrays as new
// dictionary entries, integers as Ints. It reuses old's slices (not its
// strings, which may still be held).
func readText(cc parquet.ColumnChunk, leaf parquet.LeafColumn, n int, old Text) (Text, error) {
	var t Text
	kind := leaf.Node.Type().Kind()
	if kind == parquet.Int32 || kind == parquet.Int64 {
		t.Ints = reuse(old.Ints, n)
		var valid []bool
		var scratch []int64
		err := eachPage(cc, leaf, func(p parquet.Page, present func(int) bool, rows int) error {
			d := p.Data()
			var ints []int64
			if kind == parquet.Int32 {
				scratch = scratch[:0]
				for _, v := range d.Int32() {
					scratch = append(scratch, int64(v))
				}
				ints = scratch
			} else {
				ints = d.Int64()
			}
			if present == nil {
				t.Ints = append(t.Ints, ints...)
				if valid != nil {
					for range ints {
						valid = append(valid, true)
					}
				}
				return nil
			}
			if valid == nil {
				valid = append(reuse(old.Valid, n), make([]bool, len(t.Ints))...)
				for i := range valid {
					valid[i] = true
				}
			}
			k := 0
			for i := 0; i < rows; i++ {
				if present(i) {
					t.Ints = append(t.Ints, ints[k])
					valid = append(valid, true)
					k++
				} else {
					t.Ints = append(t.Ints, 0)
					valid = append(valid, false)
				}
			}
			return nil
		})
		t.Valid = valid
		return t, err
	}
	t.Idx = reuse(old.Idx, n)
	t.Dict = old.Dict[:0]
	var lastDict parquet.Dictionary
	base := int32(0)
	var scratch []int32
	err := eachPage(cc, leaf, func(p parquet.Page, present func(int) bool, rows int) error {
		d := p.Data()
		var idx []int32
		if dict := p.Dictionary(); dict != nil {
			if dict != lastDict {
				lastDict = dict
				base = int32(len(t.Dict))
				dv := dict.Page().Data()
				data, off := dv.ByteArray()
				for i := 0; i+1 < len(off); i++ {
					t.Dict = append(t.Dict, string(data[off[i]:off[i+1]]))
				}
			}
			idx = d.Int32()
			if base != 0 {
				scratch = scratch[:0]
				for _, v := range idx {
					scratch = append(scratch, v+base)
				}
				idx = scratch
			}
		} else {
			// One string per page, sliced per value: no allocation per row.
			data, off := d.ByteArray()
			all := string(data)
			start := int32(len(t.Dict))
			idx = scratch[:0]
			for i := 0; i+1 < len(off); i++ {
				t.Dict = append(t.Dict, all[off[i]:off[i+1]])
				idx = append(idx, start+int32(i))
			}
			scratch = idx
		}
		if present == nil {
			t.Idx = append(t.Idx, idx...)
			return nil
		}
		k := 0
		for i := 0; i < rows; i++ {
			if present(i) {
				t.Idx = append(t.Idx, idx[k])
				k++
			} else {
				t.Idx = append(t.Idx, -1)
			}
		}
		return nil
	})
	if err == nil && len(t.Idx) != n {
		err = fmt.Errorf("read %d values for %d rows", len(t.Idx), n)
	}
	return t, err
}

// readFloats reads a coordinate column: NaN for null, +Inf for text that is
// not a number.
func readFloats(cc parquet.ColumnChunk, leaf parquet.LeafColumn, n int, old []float64) ([]float64, error) {
	out := reuse(old, n)
	kind := leaf.Node.Type().Kind()
	err := eachPage(cc, leaf, func(p parquet.Page, present func(int) bool, rows int) error {
		d := p.Data()
		var vals []float64
		switch kind {
		case parquet.Double:
			vals = d.Double()
		case parquet.Float:
			for _, v := range d.Float() {
				vals = append(vals, float64(v))
			}
		case parquet.Int32:
			for _, v := range d.Int32() {
				vals = append(vals, float64(v))
			}
		case parquet.Int64:
			for _, v := range d.Int64() {
				vals = append(vals, float64(v))
			}
		case parquet.ByteArray:
			t, err := textOfPage(p)
			if err != nil {
				return err
			}
			for _, s := range t {
				vals = append(vals, parseCoord(strings.TrimSpace(s)))
			}
		}
		return appendPresent(&out, vals, present, rows, math.NaN())
	})
	return out, err
}

// readDates reads a date column as days since 1970-01-01: INT32 (DATE or
// plain days), INT64 (TIMESTAMP by its unit, else days) or text.
func readDates(cc parquet.ColumnChunk, leaf parquet.LeafColumn, n int, dp *dateParser, old []int32) ([]int32, error) {
	out := reuse(old, n)
	typ := leaf.Node.Type()
	perDay := int64(1)
	if lt := typ.LogicalType(); lt != nil {
		if ts, ok := lt.Value.(*format.TimestampType); ok {
			switch ts.Unit.Value.(type) {
			case *format.MilliSeconds:
				perDay = 86400_000
			case *format.MicroSeconds:
				perDay = 86400_000_000
			case *format.NanoSeconds:
				perDay = 86400_000_000_000
			}
		}
	}
	err := eachPage(cc, leaf, func(p parquet.Page, present func(int) bool, rows int) error {
		d := p.Data()
		var vals []int32
		switch typ.Kind() {
		case parquet.Int32:
			vals = d.Int32()
		case parquet.Int64:
			for _, v := range d.Int64() {
				day := v / perDay
				if v < 0 && v%perDay != 0 {
					day--
				}
				if day < math.MinInt32+2 || day > math.MaxInt32 {
					vals = append(vals, BadDate)
				} else {
					vals = append(vals, int32(day))
				}
			}
		case parquet.ByteArray:
			t, err := textOfPage(p)
			if err != nil {
				return err
			}
			for _, s := range t {
				vals = append(vals, dp.parse(s))
			}
		}
		return appendPresent(&out, vals, present, rows, NoDate)
	})
	return out, err
}

// textOfPage returns a byte-array page's values as strings, looking up
// dictionary indexes.
func textOfPage(p parquet.Page) ([]string, error) {
	d := p.Data()
	if dict := p.Dictionary(); dict != nil {
		dv := dict.Page().Data()
		data, off := dv.ByteArray()
		var out []string
		for _, k := range d.Int32() {
			if int(k)+1 >= len(off) || k < 0 {
				return nil, fmt.Errorf("dictionary index %d out of range", k)
			}
			out = append(out, string(data[off[k]:off[k+1]]))
		}
		return out, nil
	}
	data, off := d.ByteArray()
	out := make([]string, 0, len(off))
	for i := 0; i+1 < len(off); i++ {
		out = append(out, string(data[off[i]:off[i+1]]))
	}
	return out, nil
}

func appendPresent[T any](out *[]T, vals []T, present func(int) bool, rows int, blank T) error {
	if present == nil {
		*out = append(*out, vals...)
		return nil
	}
	k := 0
	for i := 0; i < rows; i++ {
		if present(i) {
			if k >= len(vals) {
				return fmt.Errorf("page has fewer values than present rows")
			}
			*out = append(*out, vals[k])
			k++
		} else {
			*out = append(*out, blank)
		}
	}
	return nil
}
