package indicators

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"unsafe"

	"github.com/manchester-insight/targeting/internal/csvio"
)

var nan = math.NaN()

// Spec says what to read from an indicator file.
type Spec struct {
	File    string
	Vintage string   // geography of the codes, e.g. "lsoa11"
	Code    string   // the area-code column
	Columns []string // numeric columns to load
	// Pivot reads a long-format file (one row per area and category, as Nomis
	// and many ONS downloads are): Key holds the category, Value the number,
	// and each category becomes a column named after it. Columns then name
	// categories.
	Pivot *Pivot
	// NA lists tokens meaning "no value" besides the empty string (e.g. "..",
	// "c" for suppressed cells; GSS stands for the ONS/GSS symbols). Anything
	// else that is not a number is an error.
	NA []string
	// Decimal is the decimal separator: "." (the default: commas may only
	// separate groups of three digits) or "," (points or spaces may).
	Decimal string
	// Percent allows a trailing % (84% reads as 84).
	Percent bool
	// Files, when set, opens the file and hashes it as it is read (the run's
	// input stage); nil opens it plainly.
	Files *csvio.Files
}

// Pivot names the category and value columns of a long-format file.
type Pivot struct{ Key, Value string }

// LoadCSV reads a CSV or gzip-compressed CSV file into a Table. A blank or
// duplicated area code, a non-numeric value or a missing column is a
// *DataError naming the file, row, column and code.
func LoadCSV(s Spec) (*Table, error) {
	rd, err := s.Files.NewReader(s.File)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	codeAt, err := rd.Index(s.Code)
	if err != nil {
		return nil, err
	}
	na, err := newNumbers(s)
	if err != nil {
		return nil, &DataError{File: s.File, Msg: err.Error()}
	}
	if s.Pivot != nil {
		return loadLong(rd, s, codeAt, na)
	}
	at := make([]int, len(s.Columns))
	for k, c := range s.Columns {
		if at[k], err = rd.Index(c); err != nil {
			return nil, err
		}
	}
	var (
		codes []string
		rows  []int
		cols  = make([][]float64, len(s.Columns))
		first = map[string]int{}
	)
	for {
		rec, line, err := rd.NextBytes()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		code := string(bytes.TrimSpace(rec[codeAt]))
		if code == "" {
			return nil, &DataError{File: s.File, Row: line, Column: s.Code, Msg: "area code is blank"}
		}
		if prev, dup := first[code]; dup {
			return nil, &DataError{File: s.File, Row: line, Column: s.Code, Code: code,
				Msg: fmt.Sprintf("area code appears more than once (first at row %d)", prev)}
		}
		first[code] = line
		for k, i := range at {
			v, err := na.parse(unsafeString(rec[i]))
			if err != nil {
				return nil, &DataError{File: s.File, Row: line, Column: s.Columns[k], Code: code, Msg: err.Error()}
			}
			cols[k] = append(cols[k], v)
		}
		codes = append(codes, code)
		rows = append(rows, line)
	}
	t := newTable(s.File, codes, s.Columns, cols, rows)
	t.Vintage = s.Vintage
	return t, nil
}

// loadLong reads a long-format file, one row per (code, category).
func loadLong(rd *csvio.Reader, s Spec, codeAt int, na *numbers) (*Table, error) {
	keyAt, err := rd.Index(s.Pivot.Key)
	if err != nil {
		return nil, err
	}
	valAt, err := rd.Index(s.Pivot.Value)
	if err != nil {
		return nil, err
	}
	want := map[string]int{}
	for k, c := range s.Columns {
		want[c] = k
	}
	var (
		codes []string
		rows  []int
		cols  = make([][]float64, len(s.Columns))
		row   = map[string]int{} // code -> row index
		seen  = map[[2]string]int{}
	)
	for {
		rec, line, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		code := strings.TrimSpace(rec[codeAt])
		if code == "" {
			return nil, &DataError{File: s.File, Row: line, Column: s.Code, Msg: "area code is blank"}
		}
		key := strings.TrimSpace(rec[keyAt])
		k, ok := want[key]
		if !ok {
			continue
		}
		if prev, dup := seen[[2]string{code, key}]; dup {
			return nil, &DataError{File: s.File, Row: line, Column: s.Pivot.Key, Code: code,
				Msg: fmt.Sprintf("category %q appears more than once for this area (first at row %d)", key, prev)}
		}
		seen[[2]string{code, key}] = line
		v, err := na.parse(rec[valAt])
		if err != nil {
			return nil, &DataError{File: s.File, Row: line, Column: s.Pivot.Value, Code: code, Msg: err.Error()}
		}
		i, ok := row[code]
		if !ok {
			i = len(codes)
			row[code] = i
			codes = append(codes, code)
			rows = append(rows, line)
			for c := range cols {
				cols[c] = append(cols[c], nan)
			}
		}
		cols[k][i] = v
	}
	for i, code := range codes {
		for k, c := range s.Columns {
			if math.IsNaN(cols[k][i]) && seen[[2]string{code, c}] == 0 {
				return nil, &DataError{File: s.File, Row: rows[i], Column: s.Pivot.Key, Code: code,
					Msg: fmt.Sprintf("no row for category %q", c)}
			}
		}
	}
	t := newTable(s.File, codes, s.Columns, cols, rows)
	t.Vintage = s.Vintage
	return t, nil
}

// unsafeString views bytes as a string without copying; the string must not
// outlive the bytes (parseValue only reads it, and copies it into errors).
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
