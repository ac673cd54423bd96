package engine

import (
	"fmt"
	"math"
	"sync"
)

// expScale is the IoD exponential transformation's constant: the transformed
// score runs from 0 (least deprived) to 100 (most deprived) and the most
// deprived 10% of areas are stretched, as in the IoD 2019 technical report
// (section 3.8): X = -23 ln(1 - R(1 - exp(-100/23))).
var expScale = 1 - math.Exp(-100.0/23.0)

// ExpTransform maps R in (0,1] (R = 1 for the most deprived area) to the
// exponentially transformed score.
func ExpTransform(r float64) float64 {
	return -23 * math.Log(1-r*expScale)
}

// Normalise returns the normalised values of x (NaN stays NaN) for one
// indicator: higher = more need whatever the direction.
func Normalise(x []float64, dir Direction, n Normalisation) ([]float64, error) {
	out := make([]float64, len(x))
	sign := 1.0
	if dir == HigherIsBetter {
		sign = -1
	}
	switch n.Method {
	case None, "":
		for i, v := range x {
			out[i] = sign * v
		}
	case Rank, Percentile:
		need := make([]float64, len(x))
		for i, v := range x {
			need[i] = sign * v
		}
		r, cnt := ascendingRanks(need)
		for i, v := range r {
			if n.Method == Percentile {
				v = 100 * v / float64(cnt)
			}
			out[i] = v
		}
	case ZScore:
		m, sd := meanSD(x)
		if sd == 0 {
			return nil, fmt.Errorf("zscore: all values are equal (sd = 0)")
		}
		for i, v := range x {
			out[i] = sign * (v - m) / sd
		}
	case MinMax:
		lo, hi := minMax(x)
		if hi == lo {
			return nil, fmt.Errorf("minmax: all values are equal (%g)", lo)
		}
		for i, v := range x {
			s := (v - lo) / (hi - lo)
			if sign < 0 {
				s = 1 - s
			}
			out[i] = 100 * s
		}
	case Log:
		for i, v := range x {
			if v <= -1 {
				return nil, fmt.Errorf("log: value %g at row %d is <= -1", v, i+1)
			}
			out[i] = sign * math.Log1p(v)
		}
	case Distance:
		if n.Reference == 0 {
			return nil, fmt.Errorf("distance: reference value must be non-zero")
		}
		for i, v := range x {
			out[i] = sign * 100 * (v - n.Reference) / math.Abs(n.Reference)
		}
	case Exponential:
		return exponential(x, dir, n)
	default:
		return nil, fmt.Errorf("unknown normalisation %q", n.Method)
	}
	return out, nil
}

// exponential applies the IoD transformation to R in (0,1], R = 1 for the
// area most in need.
//
// From published ranks (1 = most deprived, out of N): R = (N + 1 - rank) / N.
// Areas that share a published rank r (k of them, a tie in the underlying
// score) occupy positions r..r+k-1 and are transformed at their mean
// position r + (k-1)/2, as the IoD 2019 File 9 scores are: this reproduces
// File 9 for all 32,844 LSOAs, ties included. Only ties within x are seen.
//
// Otherwise the values are ranked by need here (ties at their mean rank) and
// N is the count of non-missing values.
func exponential(x []float64, dir Direction, n Normalisation) ([]float64, error) {
	out := make([]float64, len(x))
	if n.RankInput {
		if n.N <= 0 {
			return nil, fmt.Errorf("exponential: rank input needs N, the number of areas ranked nationally")
		}
		N := float64(n.N)
		ties := make([]int32, n.N+1) // ranks are whole numbers 1..N: count each
		for i, rank := range x {
			if math.IsNaN(rank) {
				continue
			}
			if rank < 1 || rank > N || rank != math.Trunc(rank) {
				return nil, fmt.Errorf("exponential: rank %g at row %d is not a whole number in 1..%d", rank, i+1, n.N)
			}
			ties[int(rank)]++
		}
		table := expTable(n.N)
		for i, rank := range x {
			if math.IsNaN(rank) {
				out[i] = math.NaN()
				continue
			}
			// position doubled: rank + (k-1)/2 is a whole or half number
			at := 2*int(rank) + int(ties[int(rank)]) - 1
			if at >= len(table) {
				return nil, fmt.Errorf("exponential: rank %g is shared by %d areas, which would run past N = %d", rank, ties[int(rank)], n.N)
			}
			out[i] = table[at]
		}
		return out, nil
	}
	sign := 1.0
	if dir == HigherIsBetter {
		sign = -1
	}
	need := make([]float64, len(x))
	for i, v := range x {
		need[i] = sign * v
	}
	asc, cnt := ascendingRanks(need) // 1 = least need
	N := float64(cnt)
	for i, r := range asc {
		out[i] = ExpTransform(r / N) // NaN stays NaN
	}
	return out, nil
}

// expTables caches, per N, the transformed score at every whole and half
// position p (index 2p): the seven IoD domains share one N, so a national
// run takes N logarithms instead of 7N.
var expTables sync.Map // int -> []float64

func expTable(n int) []float64 {
	if t, ok := expTables.Load(n); ok {
		return t.([]float64)
	}
	N := float64(n)
	t := make([]float64, 2*n+1)
	for i := 2; i <= 2*n; i++ {
		pos := float64(i) / 2
		t[i] = ExpTransform((N + 1 - pos) / N)
	}
	expTables.Store(n, t)
	return t
}

// ascendingRanks ranks the non-NaN values ascending (1 = smallest), giving
// ties the mean of their ranks; NaN stays NaN. It returns the count ranked.
func ascendingRanks(x []float64) ([]float64, int) {
	// Sort (value, position) pairs: contiguous, no closure over x.
	pairs := make([]valuePos, 0, len(x))
	for i, v := range x {
		if !math.IsNaN(v) {
			pairs = append(pairs, valuePos{v, int32(i)})
		}
	}
	sortAscending(pairs)
	r := make([]float64, len(x))
	for i := range r {
		r[i] = math.NaN()
	}
	for i := 0; i < len(pairs); {
		j := i
		for j+1 < len(pairs) && pairs[j+1].v == pairs[i].v {
			j++
		}
		mean := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[pairs[k].i] = mean
		}
		i = j + 1
	}
	return r, len(pairs)
}

type valuePos struct {
	v float64
	i int32
}

func meanSD(x []float64) (mean, sd float64) {
	var n, s float64
	for _, v := range x {
		if !math.IsNaN(v) {
			s += v
			n++
		}
	}
	if n < 2 {
		return s, 0
	}
	mean = s / n
	var ss float64
	for _, v := range x {
		if !math.IsNaN(v) {
			ss += (v - mean) * (v - mean)
		}
	}
	return mean, math.Sqrt(ss / (n - 1))
}

func minMax(x []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range x {
		if math.IsNaN(v) {
			continue
		}
		lo = math.Min(lo, v)
		hi = math.Max(hi, v)
	}
	return lo, hi
}
