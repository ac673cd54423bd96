package spatial

import (
	"math"
	"slices"
)

// FDR returns the Benjamini & Hochberg (1995) threshold for false discovery
// rate q: with the m finite p-values sorted, p_(1) <= ... <= p_(m), it is
// the largest p_(k) with p_(k) <= k q / m, or 0 when there is none. Calling
// p <= FDR(p, q) significant keeps the expected share of false discoveries
// among the LISA clusters at or below q, where testing each of n areas at
// alpha would expect alpha*n false clusters. This is the FDR option of
// GeoDa's cluster maps. NaN p-values (no test possible) are left out of m.
func FDR(p []float64, q float64) float64 {
	s := make([]float64, 0, len(p))
	for _, v := range p {
		if !math.IsNaN(v) {
			s = append(s, v)
		}
	}
	slices.Sort(s)
	m := float64(len(s))
	for k := len(s); k >= 1; k-- {
		if s[k-1] <= float64(k)*q/m {
			return s[k-1]
		}
	}
	return 0
}
