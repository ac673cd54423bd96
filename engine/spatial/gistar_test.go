package spatial

import (
	"math"
	"slices"
	"testing"
)

// TestGiPoints6 checks the esda 6-point example (DistanceBand threshold 15,
// binary): Gi and Gi* z-values of every point, to the printed digits. These
// are the Getis-Ord values (esda transform 'B', = spdep); the same z must
// come out of row-standardised weights, as in spdep style W.
func TestGiPoints6(t *testing.T) {
	pts := readTable(t, 0, "points6", "points6.csv")
	x := pts.floats(t, "value")
	w := mustBinary(t, distanceBand(pts.floats(t, "x"), pts.floats(t, "y"), 15))
	ref := readTable(t, 0, "points6", "points6_reference_esda.csv")
	gi, gs := ref.col(t, "Gi_z_binary"), ref.col(t, "Gistar_z_binary")
	for _, ww := range []Weights{w, w.RowStandardise()} {
		g, s := Gi(x, ww), GiStar(x, ww)
		for i := range x {
			checkDigits(t, "points6 Gi z", g[i].Z, gi[i], 0, 0)
			checkDigits(t, "points6 Gi* z", s[i].Z, gs[i], 0, 0)
		}
	}
}

// TestGiGetisOrd checks Getis & Ord's (1996) 16x16 grid at cell idx 120,
// (210, 210): spdep localG Gi z for distance bands 30..150 and Gi* at 30, and
// the n-1 variance value Getis & Ord printed for Gi*.
func TestGiGetisOrd(t *testing.T) {
	grid := readTable(t, 0, "getisord", "getisord_xyz.csv")
	x, y, v := grid.floats(t, "x"), grid.floats(t, "y"), grid.floats(t, "val")
	i := slices.Index(grid.col(t, "idx"), "120")
	if x[i] != 210 || y[i] != 210 {
		t.Fatalf("idx 120 is at (%g, %g)", x[i], y[i])
	}
	ref := readTable(t, 0, "getisord", "getisord_reference_spdep.csv")
	stat, band, val := ref.col(t, "statistic"), ref.floats(t, "distance_band"), ref.col(t, "value")
	n := float64(len(v))
	for k := range stat {
		w := mustBinary(t, distanceBand(x, y, band[k]))
		switch stat[k] {
		case "Gi_z":
			checkDigits(t, "Gi z", Gi(v, w)[i].Z, val[k], 0, 0)
		case "Gistar_z":
			checkDigits(t, "Gi* z", GiStar(v, w)[i].Z, val[k], 0, 0)
		case "Gistar_z_n_minus_1":
			checkDigits(t, "Gi* z (n-1)", GiStar(v, w)[i].Z*math.Sqrt((n-1)/n), val[k], 0, 0)
		default:
			t.Errorf("unknown statistic %s", stat[k])
		}
	}
}

// TestGiStarAfcon checks spdep localG(afcon$totcon,
// nb2listw(include.self(paper.nb))) for all 42 countries (3 decimals).
func TestGiStarAfcon(t *testing.T) {
	x, w, names := afcon(t)
	g := GiStar(x, w)
	ref := readTable(t, 0, "afcon", "afcon_reference_spdep.csv")
	want := ref.col(t, "Gstar_W_include_self")
	for k, name := range ref.col(t, "name") {
		checkDigits(t, name+" Gi*", g[slices.Index(names, name)].Z, want[k], 0, 0)
	}
}

// TestGRatio checks the ratio statistics on a 4-point chain by hand,
// including GeoDa's rowstd(B+I) convention for G*.
func TestGRatio(t *testing.T) {
	x := []float64{1, 2, 3, 4}
	b := mustBinary(t, [][]int{{1}, {0, 2}, {1, 3}, {2}})
	g := Gi(x, b)
	if g[1].G != (1.0+3)/(1+3+4) {
		t.Errorf("Gi ratio = %g", g[1].G)
	}
	// Binary G*: (x0 + x1 + x2) / sum x.
	if s := GiStar(x, b); s[1].G != 6.0/10 {
		t.Errorf("G* binary ratio = %g", s[1].G)
	}
	// Row-standardised: GeoDa's G* = mean of x over {i} and its neighbours
	// divided by sum x; G = lag / sum of the others.
	w := b.RowStandardise()
	if s := GiStar(x, w); math.Abs(s[1].G-2.0/10) > 1e-15 || math.Abs(s[0].G-1.5/10) > 1e-15 {
		t.Errorf("G* row-standardised ratios = %g, %g", s[1].G, s[0].G)
	}
	if g := Gi(x, w); math.Abs(g[1].G-2.0/8) > 1e-15 {
		t.Errorf("G row-standardised ratio = %g", g[1].G)
	}
}
