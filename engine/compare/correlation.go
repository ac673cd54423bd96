package compare

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// Spearman is Spearman's rank correlation: the Pearson correlation
// (gonum's stat.Correlation) of the mid-ranks of x and y, so ties are
// handled as R's cor(method = "spearman") and SciPy's spearmanr do.
func Spearman(x, y []float64) float64 {
	return stat.Correlation(midRanks(x), midRanks(y), nil)
}

// midRanks ranks x ascending from 1, giving tied values their mean rank.
func midRanks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmpFloat(x[a], x[b]) })
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		mean := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = mean
		}
		i = j + 1
	}
	return r
}

// KendallTauB is Kendall's tau-b, (P - Q) / sqrt((n0 - n1)(n0 - n2)) with
// P and Q the concordant and discordant pairs, n0 = n(n-1)/2 and n1, n2 the
// pairs tied in x and in y. gonum's stat.Kendall is tau-a, counts a pair
// tied in x or y as concordant, and is O(n^2), which for 32,844 LSOAs is
// half a billion pairs; this is Knight's (1966) O(n log n) method: sort by
// (x, y), then count the exchanges a stable merge sort by y makes, which is
// the number of discordant pairs.
func KendallTauB(x, y []float64) float64 {
	n := len(x)
	if n != len(y) {
		panic("compare: KendallTauB: length mismatch")
	}
	if n < 2 {
		return math.NaN()
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := cmpFloat(x[a], x[b]); c != 0 {
			return c
		}
		return cmpFloat(y[a], y[b])
	})
	// Pairs tied in x (n1) and tied in both x and y (n3).
	var n1, n3 int64
	for i := 0; i < n; {
		j, k := i, i
		for j+1 < n && x[idx[j+1]] == x[idx[i]] {
			j++
			if y[idx[j]] != y[idx[k]] {
				n3 += pairs(j - k)
				k = j
			}
		}
		n3 += pairs(j - k + 1)
		n1 += pairs(j - i + 1)
		i = j + 1
	}
	ys := make([]float64, n)
	for i, p := range idx {
		ys[i] = y[p]
	}
	swaps := mergeCount(ys, make([]float64, n))
	// Pairs tied in y, from the y-sorted values.
	var n2 int64
	for i := 0; i < n; {
		j := i
		for j+1 < n && ys[j+1] == ys[i] {
			j++
		}
		n2 += pairs(j - i + 1)
		i = j + 1
	}
	n0 := pairs(n)
	num := float64(n0-n1-n2+n3) - 2*float64(swaps)
	// One square root of the product: sqrt(fl(a*a)) == a, so identical
	// rankings give exactly 1; the clamp catches any other 1 + 1 ulp.
	den := math.Sqrt(float64(n0-n1) * float64(n0-n2))
	return max(-1, min(1, num/den))
}

func pairs(k int) int64 { return int64(k) * int64(k-1) / 2 }

// mergeCount sorts v ascending (stably) and returns the number of pairs
// i < j with v[i] > v[j] it had: the exchanges of a bubble sort.
func mergeCount(v, tmp []float64) int64 {
	n := len(v)
	if n < 2 {
		return 0
	}
	h := n / 2
	s := mergeCount(v[:h], tmp[:h]) + mergeCount(v[h:], tmp[h:])
	i, j, k := 0, h, 0
	for i < h && j < n {
		if v[j] < v[i] {
			tmp[k] = v[j]
			s += int64(h - i)
			j++
		} else {
			tmp[k] = v[i]
			i++
		}
		k++
	}
	k += copy(tmp[k:], v[i:h])
	copy(tmp[k:], v[j:])
	copy(v, tmp[:n])
	return s
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
