package extract

import (
	"math"
	"strconv"
	"strings"

	"github.com/manchester-insight/targeting/indicators"
)

// rowFiller turns text rows (CSV, XLSX) into batches.
type rowFiller struct {
	path    string
	at      map[string]int // mapping key -> column position
	synthAt int            // -1 when there is no synthetic column
	na      map[string]bool
	dates   *dateParser
	b       *Batch
	ragged  bool // rows shorter than the header are malformed (CSV, not XLSX)
	width   int
}

// newRowFiller finds the mapped columns in header; a missing one is a
// DataError naming it and listing the header.
func newRowFiller(path string, header []string, m *Mapping, excel bool) (*rowFiller, error) {
	pos := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := pos[h]; !dup {
			pos[h] = i
		}
	}
	f := &rowFiller{path: path, at: map[string]int{}, synthAt: -1, na: m.na(),
		dates: newDateParser(m.DateFormats, excel), width: len(header), ragged: !excel}
	for _, r := range m.roles() {
		if r.name == "" {
			continue
		}
		i, ok := pos[r.name]
		if !ok {
			return nil, &indicators.DataError{File: path, Row: 1, Column: r.name,
				Msg: "no such column (mapping key columns." + r.key + "); the header has " + quoteList(header)}
		}
		f.at[r.key] = i
	}
	synth := m.Columns.Synthetic
	if synth == "" {
		synth = "synthetic"
	}
	if i, ok := pos[synth]; ok {
		f.synthAt = i
	} else if m.Columns.Synthetic != "" {
		return nil, &indicators.DataError{File: path, Row: 1, Column: synth, Msg: "no such column (mapping key columns.synthetic)"}
	}
	return f, nil
}

func quoteList(xs []string) string {
	if len(xs) > 15 {
		xs = append(xs[:15:15], "...")
	}
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// start begins a new batch whose first row is row.
func (f *rowFiller) start(row int64) {
	b := &Batch{First: row}
	text := func(key string, t *Text) {
		if _, ok := f.at[key]; ok {
			t.Vals = make([]string, 0, BatchRows)
		}
	}
	text("record_id", &b.RecordID)
	text("service", &b.Service)
	text("person", &b.Person)
	text("household", &b.Household)
	text("lsoa", &b.LSOA)
	text("postcode", &b.Postcode)
	b.Date = make([]int32, 0, BatchRows)
	if _, ok := f.at["easting"]; ok {
		b.X, b.Y = make([]float64, 0, BatchRows), make([]float64, 0, BatchRows)
	} else if _, ok := f.at["lon"]; ok {
		b.X, b.Y = make([]float64, 0, BatchRows), make([]float64, 0, BatchRows)
	}
	f.b = b
}

// add appends one row; rec may be shorter than the header.
func (f *rowFiller) add(rec []string) {
	b := f.b
	get := func(key string) string {
		i, ok := f.at[key]
		if !ok || i >= len(rec) {
			return ""
		}
		v := strings.TrimSpace(rec[i])
		if f.na[v] {
			return ""
		}
		return v
	}
	if (f.ragged && len(rec) != f.width) || rec == nil {
		if b.Flags == nil {
			b.Flags = make([]uint8, b.N, BatchRows)
		}
		b.Flags = append(b.Flags, FlagMalformed)
	} else if b.Flags != nil {
		b.Flags = append(b.Flags, 0)
	}
	for _, c := range []struct {
		key string
		t   *Text
	}{{"record_id", &b.RecordID}, {"service", &b.Service}, {"person", &b.Person},
		{"household", &b.Household}, {"lsoa", &b.LSOA}, {"postcode", &b.Postcode}} {
		if c.t.Vals != nil {
			c.t.Vals = append(c.t.Vals, get(c.key))
		}
	}
	b.Date = append(b.Date, f.dates.parse(get("date")))
	if b.X != nil {
		xk, yk := "easting", "northing"
		if _, ok := f.at[xk]; !ok {
			xk, yk = "lon", "lat"
		}
		b.X = append(b.X, parseCoord(get(xk)))
		b.Y = append(b.Y, parseCoord(get(yk)))
	}
	if f.synthAt >= 0 && f.synthAt < len(rec) && strings.TrimSpace(rec[f.synthAt]) != "" {
		b.Synthetic = true
	}
	b.N++
}

// parseCoord reads a coordinate: NaN for blank, +Inf when not a number.
func parseCoord(s string) float64 {
	if s == "" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return math.Inf(1)
	}
	return v
}

// take returns the batch so far (nil when empty).
func (f *rowFiller) take() *Batch {
	b := f.b
	f.b = nil
	if b == nil || b.N == 0 {
		return nil
	}
	return b
}
