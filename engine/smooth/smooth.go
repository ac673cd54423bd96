// Package smooth shrinks rates built from small counts towards a wider mean
// (the Handbook's step 3 treatment of unreliable data; the IoD's Stage 3
// shrinkage; GeoDa's and PySAL's "EB" and "spatial EB" rate smoothers).
//
// Both smoothers take event counts e and the population at risk b (the
// rate's numerator and denominator) and return rates e/b shrunk by the
// method of moments of Marshall (1991), exactly as PySAL's
// esda.smoothing.Empirical_Bayes and Spatial_Empirical_Bayes (and GeoDa)
// compute them:
//
//	global:  r̄ = Σe/Σb, s² = Σ b (e/b - r̄)² / Σb,
//	         v = max(s² - r̄/(Σb/n), 0), w_i = v / (v + r̄/b_i),
//	         smoothed_i = w_i e_i/b_i + (1 - w_i) r̄;
//	spatial: the same over S_i = the area and its neighbours:
//	         r̄_i = Σ_S e / Σ_S b, s²_i = Σ_S b (e/b - r̄_i)² / Σ_S b,
//	         v_i = max(s²_i - r̄_i / (Σ_S b / |S_i|), 0),
//	         smoothed_i = r̄_i + (e_i/b_i - r̄_i) v_i / (v_i + r̄_i/b_i).
//
// Suppressed cells: an area whose count or base is NaN takes no part in
// any mean or variance and its smoothed rate is NaN (the indicator's
// missing policy then applies). A base <= 0 or a negative count is an
// error naming the area's position.
package smooth

import (
	"fmt"
	"math"
)

func check(e, b []float64) error {
	if len(e) != len(b) {
		return fmt.Errorf("rate smoothing: %d counts for %d bases", len(e), len(b))
	}
	for i := range e {
		if math.IsNaN(e[i]) || math.IsNaN(b[i]) {
			continue
		}
		if b[i] <= 0 || math.IsInf(b[i], 0) {
			return fmt.Errorf("rate smoothing: area %d has denominator %g; a rate needs a positive denominator", i+1, b[i])
		}
		if e[i] < 0 || math.IsInf(e[i], 0) {
			return fmt.Errorf("rate smoothing: area %d has numerator %g; counts must be >= 0", i+1, e[i])
		}
	}
	return nil
}

func valid(e, b []float64, i int) bool { return !math.IsNaN(e[i]) && !math.IsNaN(b[i]) }

// EmpiricalBayes is Marshall's global empirical Bayes smoother (PySAL
// Empirical_Bayes); see the package comment.
func EmpiricalBayes(e, b []float64) ([]float64, error) {
	if err := check(e, b); err != nil {
		return nil, err
	}
	var se, sb float64
	n := 0
	for i := range e {
		if valid(e, b, i) {
			se, sb, n = se+e[i], sb+b[i], n+1
		}
	}
	out := make([]float64, len(e))
	if n == 0 {
		for i := range out {
			out[i] = math.NaN()
		}
		return out, nil
	}
	mean := se / sb
	var s2 float64
	for i := range e {
		if valid(e, b, i) {
			d := e[i]/b[i] - mean
			s2 += b[i] * d * d
		}
	}
	v := max(s2/sb-mean/(sb/float64(n)), 0)
	for i := range e {
		if !valid(e, b, i) {
			out[i] = math.NaN()
			continue
		}
		out[i] = shrink(e[i]/b[i], mean, v, b[i])
	}
	return out, nil
}

// shrink is mean + (rate - mean) v / (v + mean/b); when both the prior
// variance and the mean are 0 every rate is 0 and stays so.
func shrink(rate, mean, v, b float64) float64 {
	den := v + mean/b
	if den == 0 {
		return rate
	}
	return mean + (rate-mean)*v/den
}

// SpatialEmpiricalBayes is the spatial empirical Bayes smoother (PySAL
// Spatial_Empirical_Bayes, GeoDa's Spatial EB): each area's prior is the
// pooled rate and moment variance of itself and its neighbours nb[i]
// (indices, without i; binary contiguity weights). An island keeps its
// raw rate.
func SpatialEmpiricalBayes(e, b []float64, nb [][]int) ([]float64, error) {
	if err := check(e, b); err != nil {
		return nil, err
	}
	if len(nb) != len(e) {
		return nil, fmt.Errorf("rate smoothing: %d neighbour lists for %d areas", len(nb), len(e))
	}
	out := make([]float64, len(e))
	set := make([]int, 0, 16)
	for i := range e {
		if !valid(e, b, i) {
			out[i] = math.NaN()
			continue
		}
		set = set[:0]
		for _, j := range nb[i] {
			if j < 0 || j >= len(e) {
				return nil, fmt.Errorf("rate smoothing: area %d has neighbour %d of %d areas", i+1, j+1, len(e))
			}
			if j != i && valid(e, b, j) {
				set = append(set, j)
			}
		}
		set = append(set, i)
		var se, sb float64
		for _, j := range set {
			se, sb = se+e[j], sb+b[j]
		}
		mean := se / sb
		var s2 float64
		for _, j := range set {
			d := e[j]/b[j] - mean
			s2 += b[j] * d * d
		}
		v := max(s2/sb-mean/(sb/float64(len(set))), 0)
		out[i] = shrink(e[i]/b[i], mean, v, b[i])
	}
	return out, nil
}

// EmpiricalBayesWithin is EmpiricalBayes within each group (groups[i] is
// area i's group, e.g. its district): each area shrinks towards the rate
// of its own group, as the IoD shrinks towards a wider area's rate.
func EmpiricalBayesWithin(e, b []float64, groups []string) ([]float64, error) {
	if len(groups) != len(e) {
		return nil, fmt.Errorf("rate smoothing: %d groups for %d areas", len(groups), len(e))
	}
	if err := check(e, b); err != nil {
		return nil, err
	}
	members := map[string][]int{}
	for i, g := range groups {
		members[g] = append(members[g], i)
	}
	out := make([]float64, len(e))
	for _, idx := range members {
		ge, gb := make([]float64, len(idx)), make([]float64, len(idx))
		for k, i := range idx {
			ge[k], gb[k] = e[i], b[i]
		}
		s, err := EmpiricalBayes(ge, gb)
		if err != nil {
			return nil, err
		}
		for k, i := range idx {
			out[i] = s[k]
		}
	}
	return out, nil
}
