package allocate

import (
	"math"
	"math/rand/v2"
	"testing"
)

func sum(v []int64) int64 {
	var s int64
	for _, x := range v {
		s += x
	}
	return s
}

func TestProportional(t *testing.T) {
	a, err := Split([]float64{1, 1, 1}, Options{Budget: 100})
	if err != nil {
		t.Fatal(err)
	}
	// 33.33 each; the spare pound goes to the first unit (equal remainders
	// and needs: input order).
	if a.Amount[0] != 34 || a.Amount[1] != 33 || a.Amount[2] != 33 {
		t.Errorf("got %v", a.Amount)
	}
	a, _ = Split([]float64{3, 1, 0}, Options{Budget: 2_000_000, Floor: 100_000})
	if a.Amount[2] != 100_000 || a.Amount[0] != 1_425_000 || a.Amount[1] != 475_000 {
		t.Errorf("floors: %v", a.Amount)
	}
	a, _ = Split([]float64{10, 1, 1}, Options{Budget: 900, Cap: 400})
	if a.Amount[0] != 400 || a.Amount[1] != 250 || a.Amount[2] != 250 || !a.Cap[0] {
		t.Errorf("caps: %v %v", a.Amount, a.Cap)
	}
}

func TestInfeasible(t *testing.T) {
	for name, c := range map[string]struct {
		need []float64
		opt  Options
	}{
		"floors exceed budget": {[]float64{1, 1}, Options{Budget: 100, Floor: 60}},
		"caps too low":         {[]float64{1, 1}, Options{Budget: 100, Cap: 40}},
		"cap below floor":      {[]float64{1, 1}, Options{Budget: 100, Floor: 50, Cap: 40}},
		"no need":              {[]float64{0, 0}, Options{Budget: 100}},
		"negative need":        {[]float64{1, -1}, Options{Budget: 100}},
		"no units":             {nil, Options{Budget: 100}},
	} {
		if _, err := Split(c.need, c.opt); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

// TestProperties: for random needs, budgets, floors and caps that can be
// met, the allocation sums exactly to the budget, respects every floor and
// cap, stays within a pound of the exact share, and never gives a unit
// with more need less than one with less need (beyond a pound of rounding).
func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(42, 6))
	for trial := range 3000 {
		n := 1 + r.IntN(40)
		need := make([]float64, n)
		positive := 0
		for i := range need {
			if r.IntN(8) > 0 {
				need[i] = r.ExpFloat64() * math.Pow(10, float64(r.IntN(7)))
				positive++
			}
		}
		if positive == 0 {
			need[0], positive = 1, 1
		}
		B := int64(r.IntN(5_000_000))
		var f, c int64
		if r.IntN(2) == 0 {
			f = int64(r.IntN(int(B/int64(n)) + 1))
		}
		if r.IntN(2) == 0 {
			lo := max(f, (B-int64(n-positive)*f+int64(positive)-1)/int64(positive)) // smallest feasible cap
			c = lo + int64(r.IntN(int(B)+1))
			if c == 0 {
				c = 1
			}
		}
		a, err := Split(need, Options{Budget: B, Floor: f, Cap: c})
		if err != nil {
			t.Fatalf("trial %d: n=%d B=%d f=%d c=%d: %v", trial, n, B, f, c, err)
		}
		if s := sum(a.Amount); s != B {
			t.Fatalf("trial %d: sum %d, budget %d", trial, s, B)
		}
		for i, v := range a.Amount {
			if v < f || c > 0 && v > c {
				t.Fatalf("trial %d: unit %d gets %d outside [%d, %d]", trial, i, v, f, c)
			}
			if math.Abs(float64(v)-a.Exact[i]) >= 1+1e-6 {
				t.Fatalf("trial %d: unit %d gets %d, exact share %g", trial, i, v, a.Exact[i])
			}
			for j := range need {
				if need[i] > need[j] && v < a.Amount[j]-1 {
					t.Fatalf("trial %d: more need, less money: %g -> %d, %g -> %d", trial, need[i], v, need[j], a.Amount[j])
				}
			}
		}
	}
}
