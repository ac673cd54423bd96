package spatial

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"
)

// GResult is a Getis-Ord local statistic: G is the ratio statistic and Z
// its standardised value, which is what hot-spot maps use.
type GResult struct {
	G, Z float64
}

// Gi computes Getis & Ord's (1992) Gi, which excludes x_i itself:
//
//	G_i = sum_j w_ij x_j / sum_{j!=i} x_j
//	Z_i = (sum_j w_ij x_j - W_i xbar_i) / sqrt(s_i^2 ((n-1) S1_i - W_i^2) / (n-2))
//
// with W_i = sum_j w_ij, S1_i = sum_j w_ij^2, and xbar_i, s_i^2 the mean and
// population variance of x without x_i (Ord & Getis 1995, eqs. 4-5), as
// spdep localG computes it. Z is unchanged by rescaling a row, so binary and
// row-standardised contiguity give the same Z; G with row-standardised
// weights is GeoDa's local_g. Z is NaN for an island.
func Gi(x []float64, w Weights) []GResult {
	checkLen(x, w)
	n := float64(len(x))
	mean := stat.Mean(x, nil)
	d := centre(x)
	ss := floats.Dot(d, d) // sum (x - xbar)^2
	sum := floats.Sum(x)
	lag := w.lag(d)

	out := make([]GResult, len(x))
	for i, row := range w.W {
		wi, s1 := 0.0, 0.0
		for _, v := range row {
			wi += v
			s1 += v * v
		}
		// Moments of x without x_i, from the full-sample centred values:
		// xbar_i - xbar = -d_i/(n-1) and the sum of squares about xbar_i is
		// ss - d_i^2 n/(n-1), which avoids cancellation.
		di := d[i]
		vi := (ss - di*di*n/(n-1)) / (n - 1)
		num := lag[i] + wi*di/(n-1)
		den := math.Sqrt(vi * ((n-1)*s1 - wi*wi) / (n - 2))
		out[i] = GResult{
			G: (lag[i] + wi*mean) / (sum - x[i]),
			Z: num / den,
		}
		if len(row) == 0 {
			out[i].Z = math.NaN()
		}
	}
	return out
}

// GiStar computes Getis & Ord's Gi*, which includes x_i with a self weight:
//
//	G*_i = sum_j w*_ij x_j / sum_j x_j
//	Z*_i = (sum_j w*_ij x_j - W*_i xbar) / sqrt(s^2 (n S1*_i - W*_i^2) / (n-1))
//
// with xbar and s^2 the mean and population variance (divisor n) of all x
// (Ord & Getis 1995; spdep localG with include.self). The self weight w*_ii
// is the row's largest weight (1 for an island): for binary weights that is
// B + I, and for row-standardised contiguity it is proportional to B + I,
// so Z is spdep's include.self value under style B or W. When w is
// row-standardised, w* is standardised again before G is formed, giving
// GeoDa's local_gstar ratio with rowstd(B + I).
//
// Getis & Ord (1996) printed Z with the n-1 variance; multiply Z by
// sqrt((n-1)/n) to compare with their tables.
func GiStar(x []float64, w Weights) []GResult {
	checkLen(x, w)
	n := float64(len(x))
	d := centre(x)
	ss := floats.Dot(d, d)
	s := math.Sqrt(ss / n)
	sum := floats.Sum(x)
	mean := stat.Mean(x, nil)
	lag := w.lag(d)
	rowStd := isRowStandardised(w)

	out := make([]GResult, len(x))
	for i, row := range w.W {
		self := 1.0
		if len(row) > 0 {
			self = floats.Max(row)
		}
		wi, s1 := self, self*self
		for _, v := range row {
			wi += v
			s1 += v * v
		}
		num := lag[i] + self*d[i]
		den := s * math.Sqrt((n*s1-wi*wi)/(n-1))
		g := (num + wi*mean) / sum
		if rowStd {
			g /= wi
		}
		out[i] = GResult{G: g, Z: num / den}
	}
	return out
}

// isRowStandardised reports whether every non-empty row sums to 1.
func isRowStandardised(w Weights) bool {
	for _, row := range w.W {
		if len(row) > 0 && math.Abs(floats.Sum(row)-1) > 1e-12 {
			return false
		}
	}
	return true
}
