package indicators

import (
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"

	"github.com/manchester-insight/targeting/internal/csvio"
)

// Profile is what `targeting inspect` says about a data file before a
// scenario uses it: each column's kind and values, and which column holds
// area codes.
type Profile struct {
	File    string
	Rows    int
	Columns []ColumnProfile
	// CodeColumn is the column whose values look like ONS area codes
	// (E01..., W01...), or "" when none does.
	CodeColumn string
	Codes      []string // the code column's values
}

// ColumnProfile describes one column.
type ColumnProfile struct {
	Name string
	// Kind is "code" (ONS GSS codes), "number", "text", or "empty".
	Kind       string
	Blank      int      // empty cells
	Numbers    int      // cells the number grammar reads
	Min, Max   float64  // of the numbers
	Negative   int      // numbers below 0
	Whole      bool     // every number is whole (a count?)
	Suspicious []string // what the number grammar would refuse, with how to read it (up to 3)
	Refused    int      // cells the number grammar refuses
	Example    string   // a value, for text columns
}

var gssCode = regexp.MustCompile(`^[EWSN]\d{8}$`)

// Inspect reads a CSV (or gzip CSV) file once and profiles every column
// with the number grammar the loaders use (decimal point, no percentages):
// a column that is mostly numbers but has refused cells is listed with
// what the refusal says, e.g. a decimal comma or a suppression mark.
func Inspect(path string) (*Profile, error) {
	rd, err := csvio.NewReader(path)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	p := &Profile{File: path}
	g, _ := newNumbers(Spec{})
	cols := make([]ColumnProfile, len(rd.Header))
	codes := make([]int, len(rd.Header))
	digits := make([]int, len(rd.Header)) // refused cells with a digit: numbers written another way
	values := make([][]string, len(rd.Header))
	for i, h := range rd.Header {
		cols[i] = ColumnProfile{Name: h, Min: math.Inf(1), Max: math.Inf(-1), Whole: true}
	}
	for {
		rec, _, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		p.Rows++
		for i := range cols {
			if i >= len(rec) {
				continue
			}
			c, s := &cols[i], strings.TrimSpace(rec[i])
			if s == "" {
				c.Blank++
				continue
			}
			if gssCode.MatchString(s) {
				codes[i]++
				values[i] = append(values[i], s)
			}
			v, err := g.parse(s)
			if err != nil {
				c.Refused++
				if strings.ContainsAny(s, "0123456789") {
					digits[i]++
				}
				if len(c.Suspicious) < 3 {
					c.Suspicious = append(c.Suspicious, err.Error())
				}
				if c.Example == "" {
					c.Example = s
				}
				continue
			}
			c.Numbers++
			c.Min, c.Max = math.Min(c.Min, v), math.Max(c.Max, v)
			if v < 0 {
				c.Negative++
			}
			if v != math.Trunc(v) {
				c.Whole = false
			}
		}
	}
	for i := range cols {
		c := &cols[i]
		filled := p.Rows - c.Blank
		switch {
		case filled == 0:
			c.Kind = "empty"
		case codes[i] == filled:
			c.Kind = "code"
			c.Suspicious, c.Refused = nil, 0
			if p.CodeColumn == "" {
				p.CodeColumn, p.Codes = c.Name, values[i]
			}
		case c.Numbers+digits[i] >= (filled+1)/2:
			c.Kind = "number"
		default:
			c.Kind = "text"
			c.Suspicious = nil // text is not a refused number
		}
		if c.Numbers == 0 {
			c.Min, c.Max = math.NaN(), math.NaN()
		}
	}
	p.Columns = cols
	return p, nil
}

// Summary describes a number column in a few words: range, and whether it
// looks like a count, a share or a rank.
func (c ColumnProfile) Summary(rows int) string {
	switch c.Kind {
	case "number":
		if c.Numbers == 0 {
			return "no cell reads as a number as written (see below)"
		}
		s := fmt.Sprintf("%g .. %g", c.Min, c.Max)
		switch {
		case c.Whole && c.Min >= 1 && c.Max <= float64(rows)*1.2 && c.Max > 100 && strings.Contains(strings.ToLower(c.Name), "rank"):
			s += "; whole numbers named rank: kind rank?"
		case c.Whole && c.Min >= 0:
			s += "; whole numbers: kind count?"
		case c.Min >= 0 && c.Max <= 1:
			s += "; 0..1: kind share?"
		case c.Min >= 0 && c.Max <= 100:
			s += "; 0..100: a percentage (kind share)?"
		}
		if c.Negative > 0 {
			s += fmt.Sprintf("; %d negative", c.Negative)
		}
		return s
	case "text":
		return "e.g. " + c.Example
	}
	return ""
}
