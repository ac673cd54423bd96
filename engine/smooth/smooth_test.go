package smooth

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/manchester-insight/targeting/engine/spatial"
)

const ref = "../../testdata/spatial_reference/"

// reference reads a *_eb_reference.csv (id, events, base, eb, spatial_eb)
// and the data set's GAL weights, as neighbour lists in the CSV's order.
func reference(t *testing.T, csvPath, galPath string) (ids []string, e, b, eb, seb []float64, nb [][]int) {
	t.Helper()
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	pos := map[string]int{}
	for i, r := range rows[1:] {
		ids = append(ids, r[0])
		pos[r[0]] = i
		e, b, eb, seb = append(e, num(r[1])), append(b, num(r[2])), append(eb, num(r[3])), append(seb, num(r[4]))
	}
	g, err := os.Open(galPath)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	w, gids, err := spatial.ReadGAL(g)
	if err != nil {
		t.Fatal(err)
	}
	nb = make([][]int, len(ids))
	for k, id := range gids {
		i, ok := pos[id]
		if !ok {
			t.Fatalf("%s: id %s not in %s", galPath, id, csvPath)
		}
		for _, j := range w.Neighbours[k] {
			nb[i] = append(nb[i], pos[gids[j]])
		}
	}
	return
}

func relNear(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol*math.Abs(want) {
		t.Errorf("%s = %.12g, want %.12g (relative tolerance %g)", what, got, want, tol)
	}
}

// St Louis homicides 1979-84 (HC7984 / PO7984, 78 counties, stl.gal rook
// weights). The first ten values are printed in the docstrings of PySAL's
// esda.smoothing.Empirical_Bayes and Spatial_Empirical_Bayes (esda
// 11450be, 9 significant digits: eb.r[:10], s_eb.r[:10] with
// stl[:,10], stl[:,13] and stl.gal). Every value is also checked against
// testdata/spatial_reference/stl/stl_eb_reference.csv, written by
// eb_reference.py next to it: the same formulas hand-coded in numpy 1.24
// (not PySAL, which is not installable here); its first ten values agree
// with the docstrings to all printed digits.
func TestStLouisHomicides(t *testing.T) {
	ids, e, b, wantEB, wantSEB, nb := reference(t, ref+"stl/stl_eb_reference.csv", ref+"stl/stl.gal")
	docEB := []float64{2.36718950e-05, 4.54539167e-05, 4.78114019e-05, 2.76907146e-05, 6.58989323e-05,
		3.66494122e-05, 5.79952721e-05, 2.03064590e-05, 3.31152999e-05, 3.02748380e-05}
	docSEB := []float64{4.01485749e-05, 3.62437513e-05, 4.93034844e-05, 5.09387329e-05, 3.72735210e-05,
		3.69333797e-05, 5.40245456e-05, 2.99806055e-05, 3.73034109e-05, 3.47270722e-05}
	eb, err := EmpiricalBayes(e, b)
	if err != nil {
		t.Fatal(err)
	}
	seb, err := SpatialEmpiricalBayes(e, b, nb)
	if err != nil {
		t.Fatal(err)
	}
	for i := range docEB {
		relNear(t, "stl eb (esda docstring) "+ids[i], eb[i], docEB[i], 1e-6)
		relNear(t, "stl spatial eb (esda docstring) "+ids[i], seb[i], docSEB[i], 1e-6)
	}
	for i := range ids {
		relNear(t, "stl eb (numpy) "+ids[i], eb[i], wantEB[i], 1e-9)
		relNear(t, "stl spatial eb (numpy) "+ids[i], seb[i], wantSEB[i], 1e-9)
	}
}

// North Carolina SIDS 1974-78 (SID74 / BIR74, 100 counties, sids2.gal):
// many zero counts on small bases, the case smoothing is for. Reference:
// sids2_eb_reference.csv (eb_reference.py, numpy), to 1e-9 relative.
func TestSIDS(t *testing.T) {
	ids, e, b, wantEB, wantSEB, nb := reference(t, ref+"sids2/sids2_eb_reference.csv", ref+"sids2/sids2.gal")
	eb, err := EmpiricalBayes(e, b)
	if err != nil {
		t.Fatal(err)
	}
	seb, err := SpatialEmpiricalBayes(e, b, nb)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ids {
		relNear(t, "sids eb "+ids[i], eb[i], wantEB[i], 1e-9)
		relNear(t, "sids spatial eb "+ids[i], seb[i], wantSEB[i], 1e-9)
	}
}

// By hand: e = 1, 3, 0, 6 on b = 10, 10, 20, 20 (n = 4).
// r̄ = 10/60 = 1/6; rates .1 .3 0 .3;
// s² = (10 (1/15)² + 10 (2/15)² + 20 (1/6)² + 20 (2/15)²) / 60
//
//	= (2/45 + 8/45 + 5/9 + 16/45) / 60 = (51/45) / 60 = 17/900;
//
// v = 17/900 - (1/6)/15 = 17/900 - 10/900 = 7/900;
// w_1 = (7/900) / (7/900 + (1/6)/10) = 7/22: smoothed_1 = 7/22 .1 + 15/22 / 6 = 3.2/22;
// w_3 = (7/900) / (7/900 + (1/6)/20) = 14/29: smoothed_3 = 15/29 / 6 = 2.5/29.
// A suppressed area (NaN) drops out of r̄ and s² and stays NaN.
func TestEmpiricalBayesByHand(t *testing.T) {
	got, err := EmpiricalBayes([]float64{1, 3, 0, 6}, []float64{10, 10, 20, 20})
	if err != nil {
		t.Fatal(err)
	}
	relNear(t, "area 1", got[0], 3.2/22, 1e-12)
	relNear(t, "area 3", got[2], 2.5/29, 1e-12)

	sup, err := EmpiricalBayes([]float64{1, 3, math.NaN(), 0, 6}, []float64{10, 10, 15, 20, 20})
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(sup[2]) || sup[0] != got[0] || sup[4] != got[3] {
		t.Errorf("suppressed cell: %v vs %v", sup, got)
	}
	// Identical rates: no variance beyond Poisson noise, everything shrinks to the mean.
	flat, _ := EmpiricalBayes([]float64{1, 2, 4}, []float64{10, 20, 40})
	for _, v := range flat {
		relNear(t, "flat", v, 0.1, 1e-12)
	}
	if _, err := EmpiricalBayes([]float64{1, 2}, []float64{10, 0}); err == nil {
		t.Error("zero denominator: want an error")
	}
	if _, err := SpatialEmpiricalBayes([]float64{1, 2}, []float64{10, 10}, [][]int{{1}, {5}}); err == nil {
		t.Error("neighbour out of range: want an error")
	}
	// Within groups: each group is smoothed on its own, so two copies of
	// the hand example in two groups give the hand values in each.
	within, err := EmpiricalBayesWithin([]float64{1, 5, 3, 1, 0, 3, 6, 0}, []float64{10, 1, 10, 10, 20, 10, 20, 20},
		[]string{"p", "q", "p", "q", "p", "q", "p", "q"})
	if err != nil {
		t.Fatal(err)
	}
	gq, _ := EmpiricalBayes([]float64{5, 1, 3, 0}, []float64{1, 10, 10, 20})
	relNear(t, "within p", within[0], 3.2/22, 1e-12)
	relNear(t, "within p", within[4], 2.5/29, 1e-12)
	relNear(t, "within q", within[1], gq[0], 1e-15)
	// An island keeps its raw rate.
	isl, _ := SpatialEmpiricalBayes([]float64{1, 3, 7}, []float64{10, 10, 10}, [][]int{{1}, {0}, nil})
	relNear(t, "island", isl[2], 0.7, 1e-15)
}
