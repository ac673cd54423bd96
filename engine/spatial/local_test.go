package spatial

import (
	"math"
	"runtime"
	"slices"
	"testing"
)

func afcon(t *testing.T) ([]float64, Weights, []string) {
	tb := readTable(t, 0, "afcon", "afcon.csv")
	w, ids := readGALFile(t, "afcon", "afcon_paper_nb.gal")
	if !slices.Equal(ids, tb.col(t, "row")) {
		t.Fatal("afcon_paper_nb.gal ids are not the rows of afcon.csv")
	}
	return tb.floats(t, "totcon"), w.RowStandardise(), tb.col(t, "name")
}

// TestLocalMoranAfcon checks Ii, E.Ii, Var.Ii, Z.Ii and the two-sided p of
// all 42 countries against spdep localmoran(afcon$totcon,
// nb2listw(paper.nb)), published to 5 significant digits (p to 4 decimals).
// spdep lists the countries in another order, so rows are matched by name.
func TestLocalMoranAfcon(t *testing.T) {
	x, w, names := afcon(t)
	res := LocalMoran(x, w, 0, 0)
	ref := readTable(t, 0, "afcon", "afcon_reference_spdep.csv")
	refNames := ref.col(t, "name")
	cols := map[string][]string{}
	for _, c := range []string{"Ii", "E.Ii", "Var.Ii", "Z.Ii", "Pr_two_sided"} {
		cols[c] = ref.col(t, c)
	}
	if len(refNames) != 42 {
		t.Fatalf("%d reference rows, want 42", len(refNames))
	}
	for k, name := range refNames {
		i := slices.Index(names, name)
		if i < 0 {
			t.Fatalf("no country %q in afcon.csv", name)
		}
		r := res[i]
		checkDigits(t, name+" Ii", r.I, cols["Ii"][k], 0, 0)
		checkDigits(t, name+" E.Ii", r.E, cols["E.Ii"][k], 0, 0)
		checkDigits(t, name+" Var.Ii", r.Var, cols["Var.Ii"][k], 0, 0)
		checkDigits(t, name+" Z.Ii", r.Z, cols["Z.Ii"][k], 0, 0)
		checkDigits(t, name+" p", r.P, cols["Pr_two_sided"][k], 0, 0)
	}
	// spdep: mean(Ii) = sum(Ii)/S0 = global I = 0.4167956.
	sum := 0.0
	for _, r := range res {
		sum += r.I
	}
	checkDigits(t, "afcon sum(Ii)/S0", sum/float64(len(res)), "0.4167956", 0, 0)
}

// TestLocalMoranColumbus: spdep sum(localmoran(CRIME, lw)[,"Ii"])/S0 =
// 0.5001886 [ECTQG], which also ties Ii's scaling to the global I.
func TestLocalMoranColumbus(t *testing.T) {
	x, w, _ := globalCase(t, "columbus_queen_W")
	sum := 0.0
	for _, r := range LocalMoran(x, w, 0, 0) {
		sum += r.I
	}
	checkDigits(t, "columbus sum(Ii)/S0", sum/49, "0.5001886", 0, 0)
	if g := MoranI(x, w); math.Abs(sum/49-g.I) > 1e-15 {
		t.Errorf("sum(Ii)/S0 = %.17g, global I = %.17g", sum/49, g.I)
	}
}

// TestLocalMoranDesmith checks the conditional (EIc, VIc) and total (VI)
// randomisation moments and the quadrants of esda's test_local_moments
// (desmith.txt z with desmith.gal, row-standardised) to the printed digits.
// Total randomisation E is -1/9 everywhere.
func TestLocalMoranDesmith(t *testing.T) {
	x := readTable(t, 1, "desmith", "desmith.txt").floats(t, "z")
	w, _ := readGALFile(t, "desmith", "desmith.gal")
	res := LocalMoran(x, w.RowStandardise(), 0, 0)
	eic := []string{"-0.00838113", "-0.0243949", "-0.07031778", "-0.21520869", "-0.16547163",
		"-0.00178435", "-0.11531888", "-0.36138555", "-0.05471258", "-0.09413562"}
	vic := []string{"0.03636013", "0.10412408", "0.28600769", "0.26389674", "0.21576683",
		"0.00779261", "0.44633942", "0.57696508", "0.12929777", "0.3730742"}
	vi := []string{"0.394432", "0.394432", "0.394432", "0.148043", "0.148043",
		"0.394432", "0.394432", "0.230173", "0.230173", "0.394432"}
	// esda q codes 4 4 4 2 3 3 1 4 3 3 (1 HH, 2 LH, 3 LL, 4 HL).
	quad := []Label{HighLow, HighLow, HighLow, LowHigh, LowLow, LowLow, HighHigh, HighLow, LowLow, LowLow}
	for i, r := range res {
		checkDigits(t, "EIc", r.E, eic[i], 0, 0)
		checkDigits(t, "VIc", r.Var, vic[i], 0, 0)
		checkDigits(t, "VI", r.VarTotal, vi[i], 0, 0)
		if r.ETotal != -1.0/9 {
			t.Errorf("obs %d: ETotal = %g, want -1/9", i+1, r.ETotal)
		}
		if r.Quadrant != quad[i] {
			t.Errorf("obs %d: quadrant %v, want %v", i+1, r.Quadrant, quad[i])
		}
	}
}

func TestLocalMoranPermutation(t *testing.T) {
	// Strongly clustered: every interior cell of each half is significant
	// with the smallest attainable p, and labelled HH or LL by side.
	x, w := clustered()
	res := LocalMoran(x, w, 999, 42)
	for i, r := range res {
		row, col := i/20, i%20
		if row == 0 || row == 19 || col < 2 || col > 17 || col == 9 || col == 10 {
			continue
		}
		want := LowLow
		if col < 10 {
			want = HighHigh
		}
		if r.PSim >= 0.01 || r.Cluster != want {
			t.Errorf("cell (%d,%d): PSim %g, cluster %v, want < 0.01 and %v", row, col, r.PSim, r.Cluster, want)
		}
	}

	// Deterministic for a seed whatever the number of CPUs; another seed
	// gives other draws.
	y, wc, _ := globalCase(t, "columbus_queen_W")
	a := LocalMoran(y, wc, 999, 1)
	old := runtime.GOMAXPROCS(1)
	b := LocalMoran(y, wc, 999, 1)
	runtime.GOMAXPROCS(old)
	c := LocalMoran(y, wc, 999, 2)
	same := true
	for i := range a {
		if a[i].PSim != b[i].PSim {
			t.Fatalf("obs %d: PSim %g with many CPUs, %g with one", i, a[i].PSim, b[i].PSim)
		}
		same = same && a[i].PSim == c[i].PSim
	}
	if same {
		t.Error("seeds 1 and 2 gave identical pseudo p-values")
	}

	// Under the null (i.i.d. values), the folded pseudo p is about uniform
	// on (0, 0.5]: 2p is tested against U(0,1) and about 10% of areas fall
	// at p <= 0.05 (the folded test is one-sided in the observed direction).
	rng := newTestRand(3)
	z := make([]float64, 900)
	for i := range z {
		z[i] = rng.NormFloat64()
	}
	wg := mustBinary(t, gridNeighbours(30, 30, true)).RowStandardise()
	ps := PValues(LocalMoran(z, wg, 199, 9))
	u := make([]float64, len(ps))
	sig := 0
	for i, p := range ps {
		u[i] = 2 * p
		if p <= 0.05 {
			sig++
		}
	}
	if d := ksUniform(u); d > 0.08 {
		t.Errorf("null pseudo p not uniform: KS D = %.3f", d)
	}
	if f := float64(sig) / 900; f < 0.06 || f > 0.14 {
		t.Errorf("share with p <= 0.05 under the null = %.3f, want about 0.10", f)
	}
}

func TestLocalMoranIslandsAndClassify(t *testing.T) {
	// 0-1-2 chain plus an island 3.
	w := mustBinary(t, [][]int{{1}, {0, 2}, {1}, {}}).RowStandardise()
	res := LocalMoran([]float64{1, 2, 6, 3}, w, 99, 1)
	is := res[3]
	if !math.IsNaN(is.Z) || !math.IsNaN(is.P) || !math.IsNaN(is.PSim) || is.Quadrant != NotSignificant || is.Cluster != NotSignificant {
		t.Errorf("island: %+v", is)
	}
	// Classify on analytic p when there are no permutations.
	res = LocalMoran([]float64{1, 2, 6, 3}, w, 0, 0)
	Classify(res, 1)
	for i, r := range res[:3] {
		if r.Cluster != r.Quadrant || r.Quadrant == NotSignificant {
			t.Errorf("obs %d at alpha 1: cluster %v, quadrant %v", i, r.Cluster, r.Quadrant)
		}
	}
	if res[3].Cluster != NotSignificant {
		t.Error("island classified")
	}
	if HighHigh.String() != "High-High" || LowHigh.String() != "Low-High" || NotSignificant.String() != "Not significant" {
		t.Error("label strings")
	}
}
