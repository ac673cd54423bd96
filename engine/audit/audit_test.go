package audit

import (
	"math"
	"strings"
	"testing"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol || math.IsNaN(got) != math.IsNaN(want) {
		t.Errorf("%s = %.15g, want %.15g", what, got, want)
	}
}

// Reference values below were computed once, independently of gonum, with
// numpy 1.24 (Debian python3-numpy) from the textbook formulas:
// G1 = g1 sqrt(n(n-1))/(n-2), G2 = ((n+1) g2 + 6)(n-1)/((n-2)(n-3)) with
// g1 = m3/m2^1.5, g2 = m4/m2^2 - 3 (Joanes & Gill 1998, "type 2");
// quantiles by numpy.quantile (linear = R type 7); correlations by
// numpy.corrcoef (Spearman: corrcoef of mid-ranks); principal components
// by numpy.linalg.eigh of corrcoef, eigenvectors signed to sum >= 0.
func TestDescribe(t *testing.T) {
	x := []float64{1, 2, 2, 3, 4, 5, math.NaN(), 6, 8, 13, 40}
	s := Describe(x)
	if s.N != 10 || s.Missing != 1 {
		t.Fatalf("n %d missing %d, want 10, 1", s.N, s.Missing)
	}
	near(t, "coverage", s.Coverage, 10.0/11, 1e-15)
	near(t, "min", s.Min, 1, 0)
	near(t, "max", s.Max, 40, 0)
	near(t, "q1", s.Q1, 2.25, 1e-12)
	near(t, "median", s.Median, 4.5, 1e-12)
	near(t, "q3", s.Q3, 7.5, 1e-12)
	near(t, "mean", s.Mean, 8.4, 1e-12)
	near(t, "sd", s.SD, 11.6542791378198, 1e-12)
	near(t, "skew", s.Skew, 2.66970311472706, 1e-12)
	near(t, "kurtosis", s.Kurtosis, 7.55457982332168, 1e-12)
	// Fences 2.25 - 7.875 < 1 and 7.5 + 7.875 = 15.375 < 40: one high value.
	if s.Low != 0 || s.High != 1 || !s.Outliers {
		t.Errorf("low %d high %d flag %v, want 0 1 true", s.Low, s.High, s.Outliers)
	}
	if s := Describe([]float64{1, 2, 3, 4, 5}); s.Outliers || s.Skew != 0 {
		t.Errorf("symmetric: %+v", s)
	}
	if s := Describe([]float64{math.NaN()}); s.N != 0 || s.Coverage != 0 || !math.IsNaN(s.Mean) {
		t.Errorf("all missing: %+v", s)
	}
}

func TestQuantileType7(t *testing.T) {
	v := []float64{1, 2, 3, 4}
	for _, c := range []struct{ p, want float64 }{{0, 1}, {0.25, 1.75}, {0.5, 2.5}, {0.75, 3.25}, {1, 4}} {
		near(t, "quantile", Quantile(v, c.p), c.want, 1e-15)
	}
}

var items = [][]float64{
	{3, 4, 3, 5, 2, 4, 5, 1},
	{2, 4, 3, 5, 3, 4, 4, 2},
	{3, 5, 2, 4, 2, 5, 5, 1},
}

func TestCorrelations(t *testing.T) {
	p, s := Pearson(items), Spearman(items)
	wantP := [][]float64{{1, 0.849036937278774, 0.881035627102432}, {0.849036937278774, 1, 0.748031790468533}, {0.881035627102432, 0.748031790468533, 1}}
	wantS := [][]float64{{1, 0.8806599154457967, 0.843815925694518}, {0.8806599154457967, 1, 0.7388684911352426}, {0.8438159256945179, 0.7388684911352426, 1}}
	for i := range wantP {
		for j := range wantP {
			near(t, "pearson", p[i][j], wantP[i][j], 1e-12)
			near(t, "spearman", s[i][j], wantS[i][j], 1e-12)
		}
	}
}

func TestCronbachAlpha(t *testing.T) {
	// By hand: var(x1) = var(x2) = 5/3; totals 3 3 7 7, var 16/3;
	// alpha = 2 (1 - (10/3)/(16/3)) = 0.75.
	near(t, "hand", CronbachAlpha([][]float64{{1, 2, 3, 4}, {2, 1, 4, 3}}), 0.75, 1e-15)
	near(t, "identical", CronbachAlpha([][]float64{{1, 2, 3}, {1, 2, 3}}), 1, 1e-15)
	near(t, "numpy", CronbachAlpha(items), 0.922235722964763, 1e-12)
	if a := CronbachAlpha([][]float64{{1, 2, 3}, {3, 2, 1}}); !math.IsNaN(a) {
		t.Errorf("constant total: alpha %g, want NaN", a)
	}
	if a := CronbachAlpha(items[:1]); !math.IsNaN(a) {
		t.Errorf("one item: alpha %g, want NaN", a)
	}
}

func TestPrincipalComponents(t *testing.T) {
	p, err := PrincipalComponents(items)
	if err != nil {
		t.Fatal(err)
	}
	wantVar := []float64{2.653334633654255, 0.2539707542594823, 0.09269461208626233}
	wantExp := []float64{0.8844448778847518, 0.08465691808649412, 0.030898204028754112}
	wantL := [][]float64{{0.5948450286507705, -0.08793103013106357, -0.7990165992202874},
		{0.5644239674570769, 0.753436163210874, 0.3372825713346149},
		{0.5723503969156275, -0.6516149798049206, 0.4978081369808617}}
	for c := range wantVar {
		near(t, "variance", p.Variances[c], wantVar[c], 1e-12)
		near(t, "explained", p.Explained[c], wantExp[c], 1e-12)
		for j := range wantL {
			near(t, "loading", p.Loadings[j][c], wantL[j][c], 1e-10)
		}
	}
	near(t, "cumulative", p.Cumulative[2], 1, 1e-12)
	if _, err := PrincipalComponents([][]float64{{1, 2, 3}, {4, 4, 4}}); err == nil {
		t.Error("constant variable: want an error")
	}
}

func TestCheckFlagsAFlippedIndicator(t *testing.T) {
	flip := func(v []float64) []float64 {
		out := make([]float64, len(v))
		for i, x := range v {
			out[i] = 6 - x
		}
		return out
	}
	sum := func(cols ...[]float64) []float64 {
		out := make([]float64, len(cols[0]))
		for _, c := range cols {
			for i, v := range c {
				out[i] += v
			}
		}
		return out
	}
	vars := []Variable{{"a", "d", items[0]}, {"b", "d", items[1]}, {"c", "d", items[2]}}
	for _, f := range Check(vars, []Group{{"d", sum(items...)}}, Thresholds{}) {
		if f.Kind != FlagRedundant {
			t.Errorf("consistent items: unexpected flag %+v", f)
		}
	}
	vars[1].Values = flip(items[1])
	flags := Check(vars, []Group{{"d", sum(items[0], vars[1].Values, items[2])}}, Thresholds{Redundant: 0.95})
	var dir []string
	for _, f := range flags {
		if f.Kind == FlagDirection {
			dir = append(dir, f.Items[0])
			if f.Items[0] == "b" && (!strings.Contains(f.Message, "a (r = -0.85)") || f.Domain != "d") {
				t.Errorf("message: %s", f.Message)
			}
		}
	}
	if len(dir) != 1 || dir[0] != "b" {
		t.Errorf("direction flags on %v, want [b]; all flags %+v", dir, flags)
	}
}
