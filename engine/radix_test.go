package engine

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSortAscending(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 5, 63, 64, 1000, 5000} {
		p := make([]valuePos, n)
		for i := range p {
			v := math.Round(rng.NormFloat64()*100) / 10 // many ties, negatives, zero
			if i%97 == 0 {
				v = math.Inf(1 - 2*(i%2))
			}
			p[i] = valuePos{v, int32(i)}
		}
		want := slices.Clone(p)
		slices.SortStableFunc(want, func(a, b valuePos) int {
			switch {
			case a.v < b.v:
				return -1
			case a.v > b.v:
				return 1
			}
			return 0
		})
		sortAscending(p)
		if !slices.Equal(p, want) {
			t.Fatalf("n=%d: radix sort differs from a stable comparison sort", n)
		}
	}
	if sortableBits(math.Copysign(0, -1)) != sortableBits(0) {
		t.Error("-0 and +0 have different keys")
	}
}
