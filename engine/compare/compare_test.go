package compare

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// Published examples: SciPy's kendalltau docstring (ties in both
// variables: tau-b = -0.47140452079103173), and Hollander & Wolfe (1973,
// p. 187f.), the example of R's cor.test: tau = 0.4444444 and, for the same
// data, Spearman's rho = 0.6.
func TestPublishedCorrelations(t *testing.T) {
	if got := KendallTauB([]float64{12, 2, 1, 12, 2}, []float64{1, 4, 7, 1, 0}); !near(got, -0.47140452079103173, 1e-15) {
		t.Errorf("scipy example: tau-b = %.17g", got)
	}
	x := []float64{44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1}
	y := []float64{2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8}
	if got := KendallTauB(x, y); !near(got, 0.4444444, 5e-8) {
		t.Errorf("Hollander & Wolfe: tau = %.9g, want 0.4444444", got)
	}
	if got := Spearman(x, y); !near(got, 0.6, 1e-12) {
		t.Errorf("Hollander & Wolfe: rho = %.9g, want 0.6", got)
	}
}

// bruteTauB counts pairs directly.
func bruteTauB(x, y []float64) float64 {
	var p, q, tx, ty float64
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			dx, dy := x[i]-x[j], y[i]-y[j]
			switch {
			case dx == 0 && dy == 0:
				tx++
				ty++
			case dx == 0:
				tx++
			case dy == 0:
				ty++
			case (dx > 0) == (dy > 0):
				p++
			default:
				q++
			}
		}
	}
	n0 := float64(len(x) * (len(x) - 1) / 2)
	return (p - q) / math.Sqrt((n0-tx)*(n0-ty))
}

func TestKendallAgainstPairCount(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 300 {
		n := 2 + r.IntN(40)
		x, y := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i], y[i] = float64(r.IntN(6)), float64(r.IntN(6))
		}
		want := bruteTauB(x, y)
		got := KendallTauB(x, y)
		if !(near(got, want, 1e-12) || math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("x=%v y=%v: tau-b %g, pair count %g", x, y, got, want)
		}
	}
	// Without ties tau-b is tau-a, which gonum computes.
	x, y := r.Perm(50), r.Perm(50)
	fx, fy := make([]float64, 50), make([]float64, 50)
	for i := range x {
		fx[i], fy[i] = float64(x[i]), float64(y[i])
	}
	if got, want := KendallTauB(fx, fy), stat.Kendall(fx, fy, nil); !near(got, want, 1e-12) {
		t.Errorf("no ties: tau-b %g, gonum tau-a %g", got, want)
	}
}

func TestCompare(t *testing.T) {
	a := Ranking{Name: "a", Codes: []string{"E1", "E2", "E3", "E4", "E5"}, Rank: []int64{1, 2, 3, 4, 5},
		Selected: []bool{true, true, false, false, false}, Population: []float64{10, 20, 30, 40, 50}}
	b := Ranking{Name: "b", Codes: []string{"E6", "E4", "E3", "E2", "E1"}, Rank: []int64{5, 1, 2, 3, 4},
		Selected: []bool{false, true, true, false, false}, Population: []float64{60, 40, 30, 20, 10}}
	r, err := Compare(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if r.Common != 4 || !slices.Equal(r.OnlyA, []string{"E5"}) || !slices.Equal(r.OnlyB, []string{"E6"}) {
		t.Errorf("common %d onlyA %v onlyB %v", r.Common, r.OnlyA, r.OnlyB)
	}
	if !slices.Equal(r.Entering, []string{"E3", "E4"}) || !slices.Equal(r.Leaving, []string{"E1", "E2"}) || r.Staying != 0 {
		t.Errorf("entering %v leaving %v staying %d", r.Entering, r.Leaving, r.Staying)
	}
	if r.PeopleA != 30 || r.PeopleB != 70 || r.PeopleEntering != 70 || r.PeopleLeaving != 30 {
		t.Errorf("people %g %g %g %g", r.PeopleA, r.PeopleB, r.PeopleEntering, r.PeopleLeaving)
	}
	if r.Moves[0] != (Move{"E1", 1, 4, -3}) || r.Moves[1] != (Move{"E4", 4, 1, 3}) {
		t.Errorf("moves %v", r.Moves)
	}
	if r.Spearman != -1 || r.KendallTauB != -1 {
		t.Errorf("reversed order: rho %g tau %g", r.Spearman, r.KendallTauB)
	}
	if _, err := Compare(a, Ranking{Name: "c", Codes: []string{"X"}, Rank: []int64{1}, Selected: []bool{true}, Population: []float64{1}}); err == nil {
		t.Error("no common areas should fail")
	}
}

func BenchmarkKendallNational(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x, y := make([]float64, 32844), make([]float64, 32844)
	for i := range x {
		x[i] = float64(i)
		y[i] = float64(i) + r.NormFloat64()*3000
	}
	for b.Loop() {
		KendallTauB(x, y)
	}
}
