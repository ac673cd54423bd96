package engine

import (
	"math"
	"slices"
	"strings"
)

// RankByNeed ranks areas by score, 1 = highest score (most need). Ties are
// broken by area code, ascending, so every area gets a distinct rank and the
// same inputs always give the same ranks. NaN scores rank last, after every
// real score (they should not reach here: missing data is resolved first).
func RankByNeed(score []float64, codes []string) []int64 {
	// Sort by -score ascending (NaN last), then order runs of equal scores
	// by code: ties are rare, so the comparison sort touches only them.
	pairs := make([]valuePos, len(score))
	for i, s := range score {
		if math.IsNaN(s) {
			s = math.Inf(-1)
		}
		pairs[i] = valuePos{-s, int32(i)}
	}
	sortAscending(pairs)
	for i := 0; i < len(pairs); {
		j := i + 1
		for j < len(pairs) && pairs[j].v == pairs[i].v {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(pairs[i:j], func(a, b valuePos) int { return strings.Compare(codes[a.i], codes[b.i]) })
		}
		i = j
	}
	rank := make([]int64, len(score))
	for pos, p := range pairs {
		rank[p.i] = int64(pos + 1)
	}
	return rank
}

// Band returns the band (1..k) of each rank out of n: ceil(rank * k / n).
// k = 10 gives deciles, 5 quintiles, 100 percentiles; band 1 is most need.
func Band(rank []int64, n, k int) []int64 {
	out := make([]int64, len(rank))
	for i, r := range rank {
		out[i] = (r*int64(k) + int64(n) - 1) / int64(n)
	}
	return out
}

// rankWithin ranks by need within each group (all areas when groups is nil)
// and returns each area's rank and the size of its group.
func rankWithin(score []float64, codes, groups []string) (rank []int64, size []int) {
	size = make([]int, len(score))
	if groups == nil {
		for i := range size {
			size[i] = len(score)
		}
		return RankByNeed(score, codes), size
	}
	members := map[string][]int{}
	for i, g := range groups {
		members[g] = append(members[g], i)
	}
	rank = make([]int64, len(score))
	for _, idx := range members {
		r := RankByNeed(pick(score, idx), pick(codes, idx))
		for j, i := range idx {
			rank[i] = r[j]
			size[i] = len(idx)
		}
	}
	return rank, size
}

// bandWithin is Band with a group size per area.
func bandWithin(rank []int64, size []int, k int) []int64 {
	out := make([]int64, len(rank))
	for i, r := range rank {
		n := int64(size[i])
		out[i] = (r*int64(k) + n - 1) / n
	}
	return out
}
