package classify

import (
	"fmt"
	"math"
)

// fisherJenks returns the upper bounds of the k classes of sorted v that
// minimise the total within-class sum of squared deviations: Fisher's (1958)
// "grouping for maximum homogeneity", which Jenks's natural breaks
// approximate iteratively and Fisher's dynamic programme finds exactly.
//
// The programme runs over the distinct values weighted by their counts, so
// equal values never straddle a break (an optimal grouping never needs to
// split them) and breaks are distinct. Fisher's recurrence
//
//	D[c][j] = min_i D[c-1][i-1] + SSD(i..j)
//
// is evaluated with the divide-and-conquer speed-up: the best start i of
// the last class does not decrease with j, because SSD over sorted values
// satisfies the quadrangle inequality (Grønlund et al. 2017, "Fast exact
// k-means, k-medians and Bregman divergence clustering in 1D"). The result
// is the same optimum in O(k m log m) for m distinct values instead of
// O(k m^2), so all 32,844 LSOAs class in milliseconds.
func fisherJenks(v []float64, k int) ([]float64, error) {
	u, w := distinct(v)
	m := len(u)
	if m < k {
		return nil, fmt.Errorf("classify: fisher_jenks needs at least %d distinct values for %d classes, got %d", k, k, m)
	}
	ss := newSSD(u, w)
	prev := make([]float64, m)
	for j := range m {
		prev[j] = ss.cost(0, j)
	}
	back := make([][]int32, k)
	cur := make([]float64, m)
	for c := 1; c < k; c++ {
		back[c] = make([]int32, m)
		for j := range c {
			cur[j] = math.Inf(1)
		}
		var solve func(lo, hi, optLo, optHi int)
		solve = func(lo, hi, optLo, optHi int) {
			if lo > hi {
				return
			}
			mid := (lo + hi) / 2
			best, arg := math.Inf(1), optLo
			for i := max(optLo, c); i <= min(mid, optHi); i++ {
				if d := prev[i-1] + ss.cost(i, mid); d < best {
					best, arg = d, i
				}
			}
			cur[mid], back[c][mid] = best, int32(arg)
			solve(lo, mid-1, optLo, arg)
			solve(mid+1, hi, arg, optHi)
		}
		solve(c, m-1, c, m-1)
		prev, cur = cur, prev
	}
	breaks := make([]float64, k)
	j := m - 1
	for c := k - 1; c >= 0; c-- {
		breaks[c] = u[j]
		if c > 0 {
			j = int(back[c][j]) - 1
		}
	}
	return breaks, nil
}

// distinct returns the distinct values of sorted v and their counts.
func distinct(v []float64) (u, w []float64) {
	for i, x := range v {
		if i > 0 && x == v[i-1] {
			w[len(w)-1]++
			continue
		}
		u = append(u, x)
		w = append(w, 1)
	}
	return u, w
}

// ssd answers "sum of squared deviations of u[i..j] (weighted)" in O(1)
// from prefix sums of values centred on their mean, which keeps the
// subtraction S2 - S1^2/W well conditioned.
type ssd struct{ w, s1, s2 []float64 }

func newSSD(u, w []float64) ssd {
	var tw, tx float64
	for i, x := range u {
		tw += w[i]
		tx += w[i] * x
	}
	mean := tx / tw
	s := ssd{make([]float64, len(u)+1), make([]float64, len(u)+1), make([]float64, len(u)+1)}
	for i, x := range u {
		d := x - mean
		s.w[i+1] = s.w[i] + w[i]
		s.s1[i+1] = s.s1[i] + w[i]*d
		s.s2[i+1] = s.s2[i] + w[i]*d*d
	}
	return s
}

func (s ssd) cost(i, j int) float64 {
	w := s.w[j+1] - s.w[i]
	s1 := s.s1[j+1] - s.s1[i]
	return max(0, s.s2[j+1]-s.s2[i]-s1*s1/w)
}

// GVF is the goodness of variance fit of the classes over x: 1 - (within-
// class sum of squared deviations) / (total sum of squared deviations),
// Jenks's measure of how well classes fit (1 = perfect).
func (c Classes) GVF(x []float64) float64 {
	v := finiteSorted(x)
	if len(v) == 0 {
		return math.NaN()
	}
	var tot, mean float64
	for _, f := range v {
		mean += f
	}
	mean /= float64(len(v))
	sum := make([]float64, len(c.Breaks))
	for _, f := range v {
		tot += (f - mean) * (f - mean)
		sum[c.Class(f)] += f
	}
	within := 0.0
	for _, f := range v {
		k := c.Class(f)
		m := sum[k] / float64(c.Counts[k])
		within += (f - m) * (f - m)
	}
	if tot == 0 {
		return 1
	}
	return 1 - within/tot
}
