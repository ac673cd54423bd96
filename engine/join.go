package engine

import (
	"fmt"
	"math"
)

// Joined is the result of aligning one indicator table onto a set of areas.
type Joined struct {
	Values  []float64 // one per area, NaN where the table has no row or a null value
	Missing []int     // indices of areas with no row in the table
	Nulls   []int     // indices of areas whose row holds a null value
	Extra   int       // rows of the table whose code is not an area
}

// Index is a hash index over a table's area codes, built once and used to
// align each of the table's columns onto the areas.
type Index struct {
	row map[string]int32
	n   int
}

// NewIndex indexes codes. Codes must be unique in the table (loaders check
// that with row numbers); a duplicate here is an error.
func NewIndex(codes []string) (*Index, error) {
	ix := &Index{row: make(map[string]int32, len(codes)), n: len(codes)}
	for i, c := range codes {
		if _, dup := ix.row[c]; dup {
			return nil, fmt.Errorf("join: area code %s appears more than once", c)
		}
		ix.row[c] = int32(i)
	}
	return ix, nil
}

// Rows returns, for each area, its row in the table or -1.
func (ix *Index) Rows(areas []string) []int32 {
	out := make([]int32, len(areas))
	for i, a := range areas {
		r, ok := ix.row[a]
		if !ok {
			r = -1
		}
		out[i] = r
	}
	return out
}

// Align aligns one column of the table onto areas through rows (from Rows).
func (ix *Index) Align(rows []int32, values []float64) Joined {
	j := Joined{Values: make([]float64, len(rows))}
	matched := 0
	for i, r := range rows {
		if r < 0 {
			j.Values[i] = math.NaN()
			j.Missing = append(j.Missing, i)
			continue
		}
		matched++
		v := values[r]
		j.Values[i] = v
		if math.IsNaN(v) {
			j.Nulls = append(j.Nulls, i)
		}
	}
	j.Extra = ix.n - matched
	return j
}

// Join aligns the value column of a table (codes[i], values[i]) onto areas
// by code: one hash index over the table, one pass over the areas.
func Join(areas []string, codes []string, values []float64) (Joined, error) {
	if len(codes) != len(values) {
		return Joined{}, fmt.Errorf("join: %d codes for %d values", len(codes), len(values))
	}
	ix, err := NewIndex(codes)
	if err != nil {
		return Joined{}, err
	}
	return ix.Align(ix.Rows(areas), values), nil
}
