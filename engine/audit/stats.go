package audit

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// Stats describes one variable.
type Stats struct {
	N        int     `json:"n"`       // values present
	Missing  int     `json:"missing"` // NaN values
	Coverage float64 `json:"coverage"`
	Min      float64 `json:"min"`
	Q1       float64 `json:"q1"`
	Median   float64 `json:"median"`
	Q3       float64 `json:"q3"`
	Max      float64 `json:"max"`
	Mean     float64 `json:"mean"`
	SD       float64 `json:"sd"`
	Skew     float64 `json:"skew"`
	Kurtosis float64 `json:"kurtosis"` // excess kurtosis
	// Low and High count values beyond Tukey's fences, Q1 - 1.5 IQR and
	// Q3 + 1.5 IQR.
	Low  int `json:"low_outliers"`
	High int `json:"high_outliers"`
	// Outliers is COINr's flag: |skew| > SkewLimit and kurtosis > KurtosisLimit.
	Outliers bool `json:"outlier_flag"`
}

// COINr's limits for the outlier flag (and for winsorisation).
const (
	SkewLimit     = 2.0
	KurtosisLimit = 3.5
)

// Describe computes the statistics of x, NaN being missing. Statistics
// that need more values than there are (sd: 2, skew: 3, kurtosis: 4) are
// NaN.
func Describe(x []float64) Stats {
	v := make([]float64, 0, len(x))
	for _, f := range x {
		if !math.IsNaN(f) {
			v = append(v, f)
		}
	}
	s := Stats{N: len(v), Missing: len(x) - len(v)}
	nan := math.NaN()
	s.Min, s.Q1, s.Median, s.Q3, s.Max, s.Mean, s.SD, s.Skew, s.Kurtosis = nan, nan, nan, nan, nan, nan, nan, nan, nan
	if len(x) > 0 {
		s.Coverage = float64(s.N) / float64(len(x))
	}
	if s.N == 0 {
		return s
	}
	slices.Sort(v)
	s.Min, s.Max = v[0], v[len(v)-1]
	s.Q1, s.Median, s.Q3 = Quantile(v, 0.25), Quantile(v, 0.5), Quantile(v, 0.75)
	s.Mean = stat.Mean(v, nil)
	if s.N >= 2 {
		s.SD = stat.StdDev(v, nil)
	}
	if s.N >= 3 && s.SD > 0 {
		s.Skew = stat.Skew(v, nil)
	}
	if s.N >= 4 && s.SD > 0 {
		s.Kurtosis = stat.ExKurtosis(v, nil)
	}
	iqr := s.Q3 - s.Q1
	lo, hi := s.Q1-1.5*iqr, s.Q3+1.5*iqr
	for _, f := range v {
		if f < lo {
			s.Low++
		} else if f > hi {
			s.High++
		}
	}
	s.Outliers = math.Abs(s.Skew) > SkewLimit && s.Kurtosis > KurtosisLimit
	return s
}

// Quantile is R's type-7 quantile of sorted (ascending, no NaN):
// h = (n - 1) p, x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
// gonum's stat.Quantile offers only the empirical and type-4 definitions.
func Quantile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * p
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}
