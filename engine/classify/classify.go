package classify

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// Method names a classification.
type Method string

// The classification methods. Deciles is Quantiles with k = 10.
const (
	Quantiles     Method = "quantiles"
	EqualInterval Method = "equal_interval"
	FisherJenks   Method = "fisher_jenks"
	Deciles       Method = "deciles"
)

// Methods lists the methods, for validation and help text.
var Methods = []Method{Quantiles, EqualInterval, FisherJenks, Deciles}

// Classes is a classification of one set of values.
type Classes struct {
	Method Method
	Min    float64   // smallest value classed
	Breaks []float64 // upper bound of each class, ascending; the last is the maximum
	Counts []int     // values in each class
}

// Classify computes k classes of x (k is ignored for Deciles). A class may
// be empty (equal intervals over skewed data) but breaks never decrease.
// Fisher-Jenks needs at least k distinct values.
func Classify(x []float64, m Method, k int) (Classes, error) {
	v := finiteSorted(x)
	if m == Deciles {
		k = 10
	}
	if len(v) == 0 {
		return Classes{}, fmt.Errorf("classify: no values to class")
	}
	if k < 1 {
		return Classes{}, fmt.Errorf("classify: need at least one class, got %d", k)
	}
	var breaks []float64
	switch m {
	case Quantiles, Deciles:
		breaks = quantileBreaks(v, k)
	case EqualInterval:
		breaks = equalBreaks(v, k)
	case FisherJenks:
		var err error
		if breaks, err = fisherJenks(v, k); err != nil {
			return Classes{}, err
		}
	default:
		return Classes{}, fmt.Errorf("classify: unknown method %q (want one of %v)", m, Methods)
	}
	c := Classes{Method: m, Min: v[0], Breaks: breaks, Counts: make([]int, len(breaks))}
	for _, x := range v {
		c.Counts[c.Class(x)]++
	}
	return c, nil
}

// Class returns the class of x: the first class whose upper bound is >= x
// (values beyond the last bound go in the last class), or -1 for NaN.
func (c Classes) Class(x float64) int {
	if math.IsNaN(x) {
		return -1
	}
	i := sort.SearchFloat64s(c.Breaks, x)
	return min(i, len(c.Breaks)-1)
}

// Lower returns class i's lower bound (Min for the first class).
func (c Classes) Lower(i int) float64 {
	if i == 0 {
		return c.Min
	}
	return c.Breaks[i-1]
}

func finiteSorted(x []float64) []float64 {
	v := make([]float64, 0, len(x))
	for _, f := range x {
		if !math.IsNaN(f) && !math.IsInf(f, 0) {
			v = append(v, f)
		}
	}
	slices.Sort(v)
	return v
}

// quantileBreaks are the k-quantiles by linear interpolation between order
// statistics (Hyndman & Fan 1996 type 7, numpy's default and so
// mapclassify's), with the maximum as the last bound.
func quantileBreaks(v []float64, k int) []float64 {
	b := make([]float64, k)
	n := float64(len(v))
	for i := 1; i < k; i++ {
		h := (n - 1) * float64(i) / float64(k)
		lo := math.Floor(h)
		b[i-1] = v[int(lo)] + (h-lo)*(v[min(int(lo)+1, len(v)-1)]-v[int(lo)])
	}
	b[k-1] = v[len(v)-1]
	return b
}

// equalBreaks split [min, max] into k intervals of equal width.
func equalBreaks(v []float64, k int) []float64 {
	lo, hi := v[0], v[len(v)-1]
	b := make([]float64, k)
	for i := 1; i < k; i++ {
		b[i-1] = lo + (hi-lo)*float64(i)/float64(k)
	}
	b[k-1] = hi
	return b
}
