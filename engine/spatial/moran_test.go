package spatial

import (
	"math"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// globalCase builds the values and weights of one case of
// reference_global.csv, in the way the README describes for it.
func globalCase(t *testing.T, name string) ([]float64, Weights, bool) {
	switch name {
	case "columbus_queen_W":
		x := readTable(t, 0, "columbus", "columbus.csv").floats(t, "CRIME")
		w, _ := readGALFile(t, "columbus", "columbus_queen.gal")
		return x, w.RowStandardise(), true
	case "columbus_knn4_W":
		tb := readTable(t, 0, "columbus", "columbus.csv")
		w := mustBinary(t, knn(tb.floats(t, "X"), tb.floats(t, "Y"), 4))
		if w.IsSymmetric() {
			t.Fatal("kNN-4 weights should be asymmetric")
		}
		return tb.floats(t, "CRIME"), w.RowStandardise(), true
	case "stl_HR8893_W":
		x := readTable(t, 1, "stl", "stl_hom.txt").floats(t, "HR8893")
		w, _ := readGALFile(t, "stl", "stl.gal")
		return x, w.RowStandardise(), true
	case "sids2_SIDR74_W":
		tb := readTable(t, 0, "sids2", "sids2.csv")
		w, ids := readGALFile(t, "sids2", "sids2.gal")
		if !slices.Equal(ids, tb.col(t, "FIPSNO")) {
			t.Fatal("sids2.gal ids are not in the DBF's FIPSNO order")
		}
		return tb.floats(t, "SIDR74"), w.RowStandardise(), true
	case "lattice3x3_B":
		return []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}, mustBinary(t, gridNeighbours(3, 3, false)), true
	case "afcon_totcon_W":
		x := readTable(t, 0, "afcon", "afcon.csv").floats(t, "totcon")
		w, _ := readGALFile(t, "afcon", "afcon_paper_nb.gal")
		return x, w.RowStandardise(), true
	}
	return nil, Weights{}, false
}

// upper is the one-sided p 1 - Phi(z).
func upper(z float64) float64 { return distuv.UnitNormal.CDF(-z) }

// TestMoranIReference checks every global Moran row of reference_global.csv
// (spdep moran.test and esda Moran outputs) to its published digits.
func TestMoranIReference(t *testing.T) {
	ref := readTable(t, 0, "reference_global.csv")
	cases, stats, vals := ref.col(t, "case"), ref.col(t, "statistic"), ref.col(t, "published_value")
	checked := 0
	for k, name := range cases {
		x, w, ok := globalCase(t, name)
		if !ok {
			t.Logf("skip %s %s (global G is not implemented)", name, stats[k])
			continue
		}
		g := MoranI(x, w)
		got := map[string]float64{
			"I":                       g.I,
			"E_I":                     g.EI,
			"Var_I_randomisation":     g.VarRand,
			"z_randomisation":         g.ZRand,
			"p_greater_randomisation": upper(g.ZRand),
			"Var_I_normality":         g.VarNorm,
			"z_normality":             g.ZNorm,
			"p_greater_normality":     upper(g.ZNorm),
			"p_norm_one_tailed":       g.PNorm / 2,
			"p_norm_two_tailed":       g.PNorm,
		}
		v, ok := got[stats[k]]
		if !ok {
			t.Errorf("%s: unknown statistic %s", name, stats[k])
			continue
		}
		rel, abs := fullDouble, 0.0
		switch stats[k] {
		case "p_norm_one_tailed":
			rel, abs = fullDoubleP, oneMinusPhi
		case "p_norm_two_tailed":
			rel = fullDoubleP
		}
		checkDigits(t, name+" "+stats[k], v, vals[k], rel, abs)
		checked++
	}
	if checked < 28 {
		t.Errorf("checked only %d reference values", checked)
	}
}

// TestMoranIColumbusFullPrecision pins the headline case: esda's full
// double for Columbus CRIME, queen, row-standardised.
func TestMoranIColumbusFullPrecision(t *testing.T) {
	x, w, _ := globalCase(t, "columbus_queen_W")
	g := MoranI(x, w)
	const want = 0.5001885571828611
	if rel := math.Abs(g.I-want) / want; rel > 1e-15 {
		t.Errorf("I = %.17g, want %.17g (rel diff %.2g)", g.I, want, rel)
	}
	if g.N != 49 || w.Links() != 236 {
		t.Errorf("n = %d, links = %d, want 49 and 236", g.N, w.Links())
	}
}

// clustered returns a 20x20 lattice whose left half is high and right half
// low, plus a little noise: strong positive autocorrelation.
func clustered() ([]float64, Weights) {
	const r, c = 20, 20
	x := make([]float64, r*c)
	for i := range r {
		for j := range c {
			x[i*c+j] = float64((i*7+j*13)%10) / 10
			if j < c/2 {
				x[i*c+j] += 10
			}
		}
	}
	w, _ := NewBinary(gridNeighbours(r, c, true))
	return x, w.RowStandardise()
}

func TestMoranPermutation(t *testing.T) {
	x, w := clustered()
	p := MoranPermutation(x, w, 999, 42)
	if p != 1.0/1000 {
		t.Errorf("clustered pattern: pseudo p = %g, want 1/1000", p)
	}

	// Deterministic for a seed, whatever the number of CPUs.
	y, wc, _ := globalCase(t, "columbus_queen_W")
	p1 := MoranPermutation(y, wc, 999, 7)
	old := runtime.GOMAXPROCS(1)
	p2 := MoranPermutation(y, wc, 999, 7)
	runtime.GOMAXPROCS(old)
	if p1 != p2 {
		t.Errorf("seed 7: %g with many CPUs, %g with one", p1, p2)
	}

	// Under the null (values shuffled), the folded pseudo p is roughly
	// uniform on (0, 0.5].
	rng := newTestRand(1)
	var ps []float64
	for s := range 200 {
		v := slices.Clone(y)
		rng.Shuffle(len(v), func(a, b int) { v[a], v[b] = v[b], v[a] })
		ps = append(ps, 2*MoranPermutation(v, wc, 99, uint64(s)))
	}
	if d := ksUniform(ps); d > 0.15 {
		t.Errorf("null pseudo p not uniform: KS D = %.3f", d)
	}
}
