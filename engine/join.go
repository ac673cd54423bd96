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

// Join aligns the value column of a table (codes[i], values[i]) onto areas by
// code. Codes must be unique in the table (loaders check that with row
// numbers); a duplicate here is an error.
//
// It builds one hash index over the table's codes, then walks the areas: one
// pass over each side, no per-row allocation.
func Join(areas []string, codes []string, values []float64) (Joined, error) {
	if len(codes) != len(values) {
		return Joined{}, fmt.Errorf("join: %d codes for %d values", len(codes), len(values))
	}
	index := make(map[string]int32, len(codes))
	for i, c := range codes {
		if _, dup := index[c]; dup {
			return Joined{}, fmt.Errorf("join: area code %s appears more than once", c)
		}
		index[c] = int32(i)
	}
	j := Joined{Values: make([]float64, len(areas))}
	matched := 0
	for i, a := range areas {
		k, ok := index[a]
		if !ok {
			j.Values[i] = math.NaN()
			j.Missing = append(j.Missing, i)
			continue
		}
		matched++
		v := values[k]
		j.Values[i] = v
		if math.IsNaN(v) {
			j.Nulls = append(j.Nulls, i)
		}
	}
	j.Extra = len(codes) - matched
	return j, nil
}
