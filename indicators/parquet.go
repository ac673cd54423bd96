package indicators

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/manchester-insight/targeting/internal/csvio"
	"github.com/manchester-insight/targeting/internal/hive"
)

// Load reads an indicator source of either kind: LoadParquet for a .parquet
// file or a folder, LoadCSV otherwise.
func Load(s Spec) (*Table, error) {
	if IsParquet(s.File) {
		return LoadParquet(s)
	}
	return LoadCSV(s)
}

// IsParquet reports whether path is read by LoadParquet: a file named
// .parquet, or a folder (of Parquet files, partitioned Hive-style).
func IsParquet(path string) bool {
	if strings.HasSuffix(strings.ToLower(path), ".parquet") {
		return true
	}
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// LoadParquet reads a Parquet file, or a folder of Parquet files written
// Hive-style (lad=E08000003/part-0.parquet: each key=value folder on the
// way to a file is a text column of every row in it), into a Table, with
// LoadCSV's rules: numeric columns are read as numbers, text columns
// parsed as LoadCSV parses cells (thousands separators, %, NA tokens),
// nulls are blanks, and a blank or duplicated area code, a value that is
// not a number or a missing column is a *DataError naming the file (the
// part file, in a folder), row (1 + the record's position in that file),
// column and code. Files and folders whose names start with "." or "_"
// are skipped, as Hive and Spark do; parts are read in path order. Table
// Rows count records across the parts in that order.
func LoadParquet(s Spec) (*Table, error) {
	parts, err := parquetParts(s.File)
	if err != nil {
		return nil, err
	}
	want := append([]string{s.Code}, s.Columns...)
	if s.Pivot != nil {
		want = []string{s.Code, s.Pivot.Key, s.Pivot.Value}
	}
	na, err := newNumbers(s)
	if err != nil {
		return nil, &DataError{File: s.File, Msg: err.Error()}
	}
	var rd rowLoader
	if s.Pivot != nil {
		rd = newLongLoader(s, na)
	} else {
		rd = newWideLoader(s, na)
	}
	global := 0
	for _, p := range parts {
		if err := p.read(s.Files, want, func(row int, cells []cell) error {
			global++
			return rd.add(p.path, row, global, cells)
		}); err != nil {
			return nil, err
		}
	}
	return rd.table()
}

// cell is one value as read: text (from a byte-array column or a folder
// name) or a number, or null.
type cell struct {
	text  string
	num   float64
	isNum bool
	isInt bool // num came from an integer column: text is its digits
	null  bool
}

// String is the cell as a CSV file would hold it.
func (c cell) String() string {
	switch {
	case c.null:
		return ""
	case c.isInt:
		return c.text
	case c.isNum:
		return strconv.FormatFloat(c.num, 'g', -1, 64)
	}
	return c.text
}

// value reads a cell as LoadCSV reads a field: NA tokens and blanks are
// NaN, text is parsed, and a number must be finite.
func (c cell) value(na *numbers) (float64, error) {
	if !c.isNum || c.null {
		return na.parse(c.String())
	}
	if len(na.na) > 1 && na.na[c.String()] {
		return nan, nil
	}
	if math.IsNaN(c.num) || math.IsInf(c.num, 0) {
		return nan, fmt.Errorf("value %q is not a number", c.String())
	}
	return c.num, nil
}

// rowLoader turns rows into a table.
type rowLoader interface {
	add(file string, row, global int, cells []cell) error
	table() (*Table, error)
}

// wideLoader reads one row per area: the code, then the value columns.
type wideLoader struct {
	s     Spec
	na    *numbers
	codes []string
	rows  []int
	cols  [][]float64
	first map[string]where
}

// where is a row of a part file.
type where struct {
	file string
	row  int
}

func newWideLoader(s Spec, na *numbers) *wideLoader {
	return &wideLoader{s: s, na: na, cols: make([][]float64, len(s.Columns)), first: map[string]where{}}
}

func (w *wideLoader) add(file string, row, global int, cells []cell) error {
	code, err := areaCode(w.s, w.first, file, row, cells[0])
	if err != nil {
		return err
	}
	for k := range w.s.Columns {
		v, err := cells[k+1].value(w.na)
		if err != nil {
			return &DataError{File: file, Row: row, Column: w.s.Columns[k], Code: code, Msg: err.Error()}
		}
		w.cols[k] = append(w.cols[k], v)
	}
	w.first[code] = where{file, row}
	w.codes = append(w.codes, code)
	w.rows = append(w.rows, global)
	return nil
}

func (w *wideLoader) table() (*Table, error) {
	t := newTable(w.s.File, w.codes, w.s.Columns, w.cols, w.rows)
	t.Vintage = w.s.Vintage
	return t, nil
}

// areaCode checks a row's code: not blank, not seen before.
func areaCode(s Spec, first map[string]where, file string, row int, c cell) (string, error) {
	code := strings.TrimSpace(c.String())
	if code == "" {
		return "", &DataError{File: file, Row: row, Column: s.Code, Msg: "area code is blank"}
	}
	if prev, dup := first[code]; dup {
		at := fmt.Sprintf("row %d", prev.row)
		if prev.file != file {
			at += " of " + prev.file
		}
		return "", &DataError{File: file, Row: row, Column: s.Code, Code: code,
			Msg: fmt.Sprintf("area code appears more than once (first at %s)", at)}
	}
	return code, nil
}

// longLoader reads one row per area and category (Spec.Pivot).
type longLoader struct {
	s     Spec
	na    *numbers
	want  map[string]int
	codes []string
	rows  []int
	at    []where // first row of each area
	cols  [][]float64
	index map[string]int
	seen  map[[2]string]where
}

func newLongLoader(s Spec, na *numbers) *longLoader {
	l := &longLoader{s: s, na: na, want: map[string]int{}, cols: make([][]float64, len(s.Columns)),
		index: map[string]int{}, seen: map[[2]string]where{}}
	for k, c := range s.Columns {
		l.want[c] = k
	}
	return l
}

func (l *longLoader) add(file string, row, global int, cells []cell) error {
	code := strings.TrimSpace(cells[0].String())
	if code == "" {
		return &DataError{File: file, Row: row, Column: l.s.Code, Msg: "area code is blank"}
	}
	key := strings.TrimSpace(cells[1].String())
	k, ok := l.want[key]
	if !ok {
		return nil
	}
	if prev, dup := l.seen[[2]string{code, key}]; dup {
		return &DataError{File: file, Row: row, Column: l.s.Pivot.Key, Code: code,
			Msg: fmt.Sprintf("category %q appears more than once for this area (first at row %d)", key, prev.row)}
	}
	l.seen[[2]string{code, key}] = where{file, row}
	v, err := cells[2].value(l.na)
	if err != nil {
		return &DataError{File: file, Row: row, Column: l.s.Pivot.Value, Code: code, Msg: err.Error()}
	}
	i, ok := l.index[code]
	if !ok {
		i = len(l.codes)
		l.index[code] = i
		l.codes = append(l.codes, code)
		l.rows = append(l.rows, global)
		l.at = append(l.at, where{file, row})
		for c := range l.cols {
			l.cols[c] = append(l.cols[c], nan)
		}
	}
	l.cols[k][i] = v
	return nil
}

func (l *longLoader) table() (*Table, error) {
	for i, code := range l.codes {
		for _, c := range l.s.Columns {
			if _, ok := l.seen[[2]string{code, c}]; !ok {
				return nil, &DataError{File: l.at[i].file, Row: l.at[i].row, Column: l.s.Pivot.Key, Code: code,
					Msg: fmt.Sprintf("no row for category %q", c)}
			}
		}
	}
	t := newTable(l.s.File, l.codes, l.s.Columns, l.cols, l.rows)
	t.Vintage = l.s.Vintage
	return t, nil
}

// parquetPart is one Parquet file and the partition values of the folders
// above it.
type parquetPart struct {
	path string
	keys []string // partition keys, outermost first
	vals []string
}

// parquetParts lists the files of a source: the file itself, or every
// .parquet file under the folder, in path order.
func parquetParts(root string) ([]parquetPart, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []parquetPart{{path: root}}, nil
	}
	var parts []parquetPart
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == root {
			return nil
		}
		if n := d.Name(); strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !strings.HasSuffix(strings.ToLower(d.Name()), ".parquet") {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		part := parquetPart{path: p}
		for _, seg := range strings.Split(filepath.ToSlash(filepath.Dir(rel)), "/") {
			k, v, ok := strings.Cut(seg, "=")
			if !ok || k == "" {
				continue
			}
			v = hive.Unescape(v) // hive.Null reads as a blank
			part.keys, part.vals = append(part.keys, k), append(part.vals, v)
		}
		parts = append(parts, part)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(parts) == 0 {
		return nil, &DataError{File: root, Msg: "the folder holds no .parquet files"}
	}
	slices.SortFunc(parts, func(a, b parquetPart) int { return strings.Compare(a.path, b.path) })
	return parts, nil
}

// read calls fn with each record's cells for the named columns, in file
// order; a name that is not a column of the file may be a partition key.
func (p parquetPart) read(fs *csvio.Files, names []string, fn func(row int, cells []cell) error) error {
	f, err := fs.OpenFile(p.path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return &DataError{File: p.path, Msg: "not a readable Parquet file: " + err.Error()}
	}
	leaves := make([]*parquet.LeafColumn, len(names))
	consts := make([]cell, len(names))
	for k, name := range names {
		if leaf, ok := pf.Schema().Lookup(name); ok {
			if leaf.MaxRepetitionLevel > 0 {
				return &DataError{File: p.path, Column: name, Msg: "is a repeated (list) column; want one value per row"}
			}
			leaves[k] = &leaf
			continue
		}
		if i := slices.Index(p.keys, name); i >= 0 {
			consts[k] = cell{text: p.vals[i]}
			continue
		}
		var have []string
		for _, fl := range pf.Schema().Fields() {
			have = append(have, strconv.Quote(fl.Name()))
		}
		for _, key := range p.keys {
			have = append(have, strconv.Quote(key))
		}
		return &DataError{File: p.path, Column: name, Msg: "no such column; the file has " + strings.Join(have, ", ")}
	}
	row := 0
	cells := make([]cell, len(names))
	for g, rg := range pf.RowGroups() {
		n := int(rg.NumRows())
		cols := make([][]cell, len(names))
		for k, leaf := range leaves {
			if leaf == nil {
				continue
			}
			if cols[k], err = readCells(rg.ColumnChunks()[leaf.ColumnIndex], leaf.Node.Type(), n); err != nil {
				return &DataError{File: p.path, Row: row + 1, Column: names[k], Msg: fmt.Sprintf("row group %d: %v", g, err)}
			}
		}
		for i := 0; i < n; i++ {
			row++
			for k := range names {
				if cols[k] != nil {
					cells[k] = cols[k][i]
				} else {
					cells[k] = consts[k]
				}
			}
			if err := fn(row, cells); err != nil {
				return err
			}
		}
	}
	return nil
}

// readCells reads a column chunk's n values of type typ.
func readCells(cc parquet.ColumnChunk, typ parquet.Type, n int) ([]cell, error) {
	scale := 1.0
	if lt := typ.LogicalType(); lt != nil {
		if d, ok := lt.Value.(*format.DecimalType); ok {
			if typ.Kind() != parquet.Int32 && typ.Kind() != parquet.Int64 {
				return nil, fmt.Errorf("a DECIMAL stored as %s cannot be read; write it as INT64 or DOUBLE", typ.Kind())
			}
			scale = math.Pow10(int(d.Scale))
		}
	}
	out := make([]cell, 0, n)
	pages := cc.Pages()
	defer pages.Close()
	buf := make([]parquet.Value, 1024)
	for {
		p, err := pages.ReadPage()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		vr := p.Values()
		for {
			m, err := vr.ReadValues(buf)
			for _, v := range buf[:m] {
				c, cerr := cellOf(v, scale)
				if cerr != nil {
					parquet.Release(p)
					return nil, cerr
				}
				out = append(out, c)
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				parquet.Release(p)
				return nil, err
			}
		}
		parquet.Release(p)
	}
	if len(out) != n {
		return nil, fmt.Errorf("read %d values for %d rows", len(out), n)
	}
	return out, nil
}

// cellOf converts one Parquet value; integers are divided by scale (a
// DECIMAL's 10^scale, else 1).
func cellOf(v parquet.Value, scale float64) (cell, error) {
	if v.IsNull() {
		return cell{null: true}, nil
	}
	integer := func(i int64) cell {
		if scale != 1 {
			return cell{num: float64(i) / scale, isNum: true}
		}
		return cell{num: float64(i), isNum: true, isInt: true, text: strconv.FormatInt(i, 10)}
	}
	switch v.Kind() {
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return cell{text: string(v.ByteArray())}, nil
	case parquet.Int32:
		return integer(int64(v.Int32())), nil
	case parquet.Int64:
		return integer(v.Int64()), nil
	case parquet.Float:
		return cell{num: float64(v.Float()), isNum: true}, nil
	case parquet.Double:
		return cell{num: v.Double(), isNum: true}, nil
	case parquet.Boolean:
		return cell{text: strconv.FormatBool(v.Boolean())}, nil
	}
	return cell{}, fmt.Errorf("a Parquet value of type %s cannot be read", v.Kind())
}
