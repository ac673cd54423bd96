package engine

import (
	"fmt"
	"math"
	"slices"
)

// BandWeight says what a band (decile, quintile, percentile) holds an
// equal share of.
type BandWeight string

const (
	// BandAreas (the default, "" too): each band holds the same number of
	// areas, band = ceil(rank * k / n), as the IoD publishes deciles.
	BandAreas BandWeight = "areas"
	// BandPopulation: each band holds about the same number of residents.
	// Areas are taken in rank order (most need first) and an area's band is
	// ceil(k * C / P), where C is the population of the areas ranked at or
	// above it and P the population of all areas (of its ranking group):
	// an area is in band b when the residents up to and including it reach
	// past (b - 1)/k of the total but not past b/k. With equal populations
	// this is the area-count band exactly.
	BandPopulation BandWeight = "population"
)

// ColPopulation is the input column that BandPopulation reads: residents
// per area, >= 0, not all zero.
const ColPopulation = "population"

// bandEps absorbs floating-point error in k * C / P at exact band edges
// (equal populations give k * i / n, whose quotient may land 1 ulp above
// an integer).
const bandEps = 1e-9

// PopulationBands returns the population-weighted band (1..k) of each area
// from its rank (1 = most need) within its group (nil groups: one group)
// and its population; see BandPopulation.
func PopulationBands(rank []int64, groups []string, pop []float64, k int) ([]int64, error) {
	for i, p := range pop {
		if math.IsNaN(p) || math.IsInf(p, 0) || p < 0 {
			return nil, fmt.Errorf("population-weighted bands: area %d has population %g; want a number >= 0", i+1, p)
		}
	}
	members := map[string][]int{}
	for i := range rank {
		g := ""
		if groups != nil {
			g = groups[i]
		}
		members[g] = append(members[g], i)
	}
	out := make([]int64, len(rank))
	for g, idx := range members {
		slices.SortFunc(idx, func(a, b int) int { return int(rank[a] - rank[b]) })
		var total float64
		for _, i := range idx {
			total += pop[i]
		}
		if total <= 0 {
			return nil, fmt.Errorf("population-weighted bands: the areas of group %q have no population", g)
		}
		var cum float64
		for _, i := range idx {
			cum += pop[i]
			b := int64(math.Ceil(float64(k)*cum/total - bandEps))
			out[i] = min(max(b, 1), int64(k))
		}
	}
	return out, nil
}
