package allocate

import (
	"fmt"
	"math"
	"slices"
)

// Options are the budget and the per-unit limits, in whole pounds. Cap 0
// means no cap.
type Options struct {
	Budget int64
	Floor  int64
	Cap    int64
}

// Allocation is the split of a budget.
type Allocation struct {
	Amount []int64   // whole pounds per unit, summing to the budget
	Exact  []float64 // the exact (fractional) share before rounding
	Floor  []bool    // the unit was raised to the floor
	Cap    []bool    // the unit was held at the cap
}

// Split allocates opt.Budget over units with the given needs (>= 0).
// Units with no need get the floor only. It fails, rather than bend a
// rule, when the floors alone exceed the budget, when the caps cannot
// absorb it, or when there is budget beyond the floors but no need to
// share it by.
func Split(need []float64, opt Options) (*Allocation, error) {
	n := len(need)
	B, f, c := opt.Budget, opt.Floor, opt.Cap
	switch {
	case n == 0:
		return nil, fmt.Errorf("allocate: no units to allocate to")
	case B < 0 || f < 0 || c < 0:
		return nil, fmt.Errorf("allocate: budget, floor and cap must not be negative")
	case c > 0 && c < f:
		return nil, fmt.Errorf("allocate: cap £%d is below the floor £%d", c, f)
	case int64(n)*f > B:
		return nil, fmt.Errorf("allocate: floors of £%d for %d units need £%d, more than the budget £%d", f, n, int64(n)*f, B)
	}
	var total float64
	positive := 0
	for i, v := range need {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return nil, fmt.Errorf("allocate: unit %d has need %g; need must be a number >= 0", i+1, v)
		}
		if v > 0 {
			total += v
			positive++
		}
	}
	rest := B - int64(n)*f
	if rest > 0 && positive == 0 {
		return nil, fmt.Errorf("allocate: £%d is left after the floors but no unit has any need to share it by", rest)
	}
	if c > 0 {
		if most := int64(positive)*c + int64(n-positive)*f; most < B {
			return nil, fmt.Errorf("allocate: caps of £%d let at most £%d be spent (units with no need get only the floor), less than the budget £%d", c, most, B)
		}
	}

	exact := shares(need, total, float64(B), float64(f), float64(c))
	a := &Allocation{Amount: make([]int64, n), Exact: exact, Floor: make([]bool, n), Cap: make([]bool, n)}
	var sum int64
	for i, s := range exact {
		a.Amount[i] = clampInt(int64(math.Floor(s)), f, c)
		sum += a.Amount[i]
	}
	a.round(need, B-sum, f, c)
	for i, s := range exact {
		a.Floor[i] = f > 0 && s <= float64(f)
		a.Cap[i] = c > 0 && s >= float64(c)
	}
	return a, nil
}

// shares finds lambda with sum clamp(lambda*need, f, c) = B by bisection,
// then recomputes lambda exactly over the units left between floor and cap.
func shares(need []float64, total, B, f, c float64) []float64 {
	clamp := func(v float64) float64 {
		v = math.Max(v, f)
		if c > 0 {
			v = math.Min(v, c)
		}
		return v
	}
	spent := func(l float64) float64 {
		s := 0.0
		for _, v := range need {
			s += clamp(l * v)
		}
		return s
	}
	out := make([]float64, len(need))
	if total == 0 {
		for i := range out {
			out[i] = f
		}
		return out
	}
	lo, hi := 0.0, B/total
	if c > 0 {
		for _, v := range need {
			if v > 0 {
				hi = math.Max(hi, c/v)
			}
		}
	}
	for range 200 {
		mid := (lo + hi) / 2
		if mid == lo || mid == hi {
			break
		}
		if spent(mid) < B {
			lo = mid
		} else {
			hi = mid
		}
	}
	// Units strictly between floor and cap at lambda = hi share what the
	// clamped ones leave, exactly in proportion to need.
	free, fixed := 0.0, 0.0
	for _, v := range need {
		s := hi * v
		switch {
		case s <= f || c > 0 && s >= c:
			fixed += clamp(s)
		default:
			free += v
		}
	}
	l := hi
	if free > 0 {
		l = (B - fixed) / free
	}
	for i, v := range need {
		s := hi * v
		if s <= f || c > 0 && s >= c {
			out[i] = clamp(s)
		} else {
			out[i] = clamp(l * v)
		}
	}
	return out
}

// round hands out the pounds left after flooring (r > 0), or takes back an
// overshoot from rounding error (r < 0), by largest remainder.
func (a *Allocation) round(need []float64, r, f, c int64) {
	order := make([]int, len(need))
	for i := range order {
		order[i] = i
	}
	frac := func(i int) float64 { return a.Exact[i] - math.Floor(a.Exact[i]) }
	slices.SortStableFunc(order, func(x, y int) int {
		if fx, fy := frac(x), frac(y); fx != fy {
			if fx > fy {
				return -1
			}
			return 1
		}
		switch {
		case need[x] > need[y]:
			return -1
		case need[x] < need[y]:
			return 1
		}
		return 0
	})
	for r > 0 {
		moved := false
		for _, i := range order {
			if r == 0 {
				break
			}
			if c == 0 || a.Amount[i] < c {
				a.Amount[i]++
				r--
				moved = true
			}
		}
		if !moved {
			panic("allocate: no unit can take the remainder (feasibility was checked)")
		}
	}
	for r < 0 {
		moved := false
		for k := len(order) - 1; k >= 0 && r < 0; k-- {
			if i := order[k]; a.Amount[i] > f {
				a.Amount[i]--
				r++
				moved = true
			}
		}
		if !moved {
			panic("allocate: no unit can give back the overshoot (feasibility was checked)")
		}
	}
}

func clampInt(v, f, c int64) int64 {
	v = max(v, f)
	if c > 0 {
		v = min(v, c)
	}
	return v
}
