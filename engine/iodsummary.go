package engine

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// SummaryInput holds one row per small area for IoDSummary. All slices have
// the same length; Count may be nil.
type SummaryInput struct {
	Groups     []string  // group code of each small area (ward, LAD, ...)
	Rank       []float64 // national rank of each small area, 1 = most deprived
	Score      []float64 // score of each small area; NaN = not available
	Population []float64 // population weight of each area (the index's own denominator)
	Count      []float64 // optional count (e.g. number income deprived) for scale; nil = no scale
	N          int       // number of small areas nationally (IoD 2019: 32,844)
}

// IoDSummary computes the English Indices of Deprivation summary measures for
// higher-level geographies (IoD 2019 Research Report, "summary measures"),
// for any grouping of small areas. The areas given may be a subset of the
// nation: N and the national ranks fix the thresholds, not the areas present.
//
// One row per group, in group-code order, with columns group_code, n_areas,
// population, then each measure followed by its rank_of_ column:
//
//   - average_rank: population-weighted mean of the reversed ranks N+1-rank,
//     so the most deprived area counts N and a higher mean is more deprived.
//     Ranks are evenly spaced, so this shows the group's typical level
//     without a few extreme areas dominating it.
//   - average_score: population-weighted mean of the scores. Unlike ranks,
//     scores keep how far apart areas are, so very deprived areas pull it
//     further. NaN when any area's score is NaN.
//   - proportion_most_deprived_10pct: share of the group's areas (a count,
//     not population-weighted) in national decile 1, that is
//     ceil(rank*10/N) == 1, equivalently rank*10 <= N (ranks 1..3284 for
//     N = 32,844), matching the package's decile convention.
//   - extent: population-weighted share of people in the most deprived 30%
//     of areas nationally, tapered so the measure does not jump at a
//     threshold. With national percentile p = ceil(rank*100/N) (1 = most
//     deprived 1%), the weight is 1 for p <= 10, 0.95 - (p-11)*0.9/19 for
//     11 <= p <= 30 (0.95 at p = 11 down to 0.05 at p = 30), 0 for p >= 31.
//   - local_concentration: population-weighted mean of the reversed ranks of
//     the group's most deprived areas that together hold exactly 10% of the
//     group's population; the area crossing the 10% line counts only with the
//     part of its population needed to reach it. It shows how severe the
//     group's hot spots are, whatever the rest of the group is like.
//   - scale (only when Count is given): the sum of the counts, the number of
//     people affected, so large groups are not hidden by their averages.
//
// Each rank_of_<measure> (int64) ranks the groups present, 1 = largest value
// = most deprived; equal values share the smallest rank (competition ranking,
// 1, 2, 2, 4, as the published tables do) and NaN values come last, sharing
// one rank. Equality is exact float64 equality.
//
// Errors: slices of different lengths, N <= 0, a rank that is not an integer
// in 1..N, a population that is negative or not finite, or a group whose
// total population is zero.
func IoDSummary(in SummaryInput) (arrow.RecordBatch, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	codes, members := groupMembers(in.Groups)
	k := len(codes)
	n := float64(in.N)

	nAreas := make([]int64, k)
	pop := make([]float64, k)
	avgRank := make([]float64, k)
	avgScore := make([]float64, k)
	prop10 := make([]float64, k)
	extent := make([]float64, k)
	localConc := make([]float64, k)
	var scale []float64
	if in.Count != nil {
		scale = make([]float64, k)
	}
	for j, idx := range members {
		var p, wRank, wScore, wExtent float64
		var top10 int
		for _, i := range idx {
			r := int64(in.Rank[i])
			w := in.Population[i]
			p += w
			wRank += w * (n + 1 - in.Rank[i])
			wScore += w * in.Score[i]
			if r*10 <= int64(in.N) {
				top10++
			}
			wExtent += w * extentWeight(r, int64(in.N))
			if scale != nil {
				scale[j] += in.Count[i]
			}
		}
		if p == 0 {
			return nil, fmt.Errorf("iod summary: group %q has zero total population", codes[j])
		}
		nAreas[j] = int64(len(idx))
		pop[j] = p
		avgRank[j] = wRank / p
		avgScore[j] = wScore / p
		prop10[j] = float64(top10) / float64(len(idx))
		extent[j] = wExtent / p
		localConc[j] = localConcentration(idx, in.Rank, in.Population, n, p)
	}

	var rb recordBuilder
	rb.strings("group_code", codes)
	rb.ints("n_areas", nAreas)
	rb.floats("population", pop)
	measure := func(name string, v []float64) {
		rb.floats(name, v)
		rank, valid := competitionRank(v)
		rb.add("rank_of_"+name, intArrayValid(rank, valid))
	}
	measure("average_rank", avgRank)
	measure("average_score", avgScore)
	measure("proportion_most_deprived_10pct", prop10)
	measure("extent", extent)
	measure("local_concentration", localConc)
	if scale != nil {
		measure("scale", scale)
	}
	return rb.record(k), nil
}

// validate reports the first malformed input, naming the area index.
func (in SummaryInput) validate() error {
	n := len(in.Groups)
	if len(in.Rank) != n || len(in.Score) != n || len(in.Population) != n ||
		(in.Count != nil && len(in.Count) != n) {
		return fmt.Errorf("iod summary: columns of different lengths (groups %d, rank %d, score %d, population %d, count %d)",
			n, len(in.Rank), len(in.Score), len(in.Population), len(in.Count))
	}
	if in.N <= 0 {
		return fmt.Errorf("iod summary: N (areas nationally) must be positive, got %d", in.N)
	}
	for i := range n {
		r := in.Rank[i]
		if !(r >= 1 && r <= float64(in.N)) || r != math.Trunc(r) {
			return fmt.Errorf("iod summary: area %d (group %q) has rank %g, want an integer in 1..%d", i, in.Groups[i], r, in.N)
		}
		if p := in.Population[i]; !(p >= 0) || math.IsInf(p, 1) {
			return fmt.Errorf("iod summary: area %d (group %q) has population %g, want a finite value >= 0", i, in.Groups[i], p)
		}
	}
	return nil
}

// groupMembers returns the distinct group codes, sorted, and the indices of
// each group's areas in input order.
func groupMembers(groups []string) ([]string, [][]int) {
	first := map[string]int{} // code -> order of first appearance
	seen := make([]int, len(groups))
	var codes []string
	for i, g := range groups {
		j, ok := first[g]
		if !ok {
			j = len(codes)
			first[g] = j
			codes = append(codes, g)
		}
		seen[i] = j
	}
	order := make([]int, len(codes)) // sorted position -> first-appearance id
	for j := range order {
		order[j] = j
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(codes[a], codes[b]) })
	pos := make([]int, len(codes))
	sorted := make([]string, len(codes))
	for p, j := range order {
		pos[j] = p
		sorted[p] = codes[j]
	}
	members := make([][]int, len(codes))
	for i, j := range seen {
		members[pos[j]] = append(members[pos[j]], i)
	}
	return sorted, members
}

// extentWeight is the extent taper for national rank r out of n: 1 in the
// most deprived 10 percentiles, 0.95 down to 0.05 in steps of 0.9/19 over
// percentiles 11..30, 0 after. Percentile p = ceil(r*100/n).
func extentWeight(r, n int64) float64 {
	p := (r*100 + n - 1) / n
	switch {
	case p <= 10:
		return 1
	case p <= 30:
		return 0.95 - float64(p-11)*0.9/19
	default:
		return 0
	}
}

// localConcentration is the population-weighted mean reversed rank of the
// group's most deprived areas holding 10% of its population (total): areas
// are taken most deprived first, the last one only in part. Areas with equal
// ranks have equal reversed ranks, so their order does not matter.
func localConcentration(idx []int, rank, pop []float64, n, total float64) float64 {
	type area struct{ rank, pop float64 }
	areas := make([]area, len(idx))
	for k, i := range idx {
		areas[k] = area{rank[i], pop[i]}
	}
	slices.SortFunc(areas, func(a, b area) int { return cmp.Compare(a.rank, b.rank) })
	target := total / 10
	remaining := target
	var sum float64
	for _, a := range areas {
		w := min(a.pop, remaining)
		sum += w * (n + 1 - a.rank)
		remaining -= w
		if remaining <= 0 {
			break
		}
	}
	return sum / target
}

// competitionRank ranks v descending, 1 = largest; ties share the smallest
// rank (1, 2, 2, 4). A NaN (a measure with no value) has no rank: valid is
// false there, so it is written blank, never as a rank that reads as a
// place in the order.
func competitionRank(v []float64) (rank []int64, valid []bool) {
	order := make([]int, len(v))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := v[order[a]], v[order[b]]
		if math.IsNaN(y) {
			return !math.IsNaN(x)
		}
		return x > y
	})
	rank = make([]int64, len(v))
	valid = make([]bool, len(v))
	for pos, i := range order {
		if math.IsNaN(v[i]) {
			continue
		}
		valid[i] = true
		if pos > 0 {
			prev := order[pos-1]
			if v[i] == v[prev] {
				rank[i] = rank[prev]
				continue
			}
		}
		rank[i] = int64(pos + 1)
	}
	return rank, valid
}
