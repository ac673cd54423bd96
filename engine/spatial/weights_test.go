package spatial

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestWeightsConstructors(t *testing.T) {
	w, err := NewWeights([][]int{{2, 1}, {0}, {0}}, [][]float64{{3, 1}, {2}, {5}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(w.Neighbours[0], []int{1, 2}) || !slices.Equal(w.W[0], []float64{1, 3}) {
		t.Errorf("row 0 not sorted with its weights: %v %v", w.Neighbours[0], w.W[0])
	}
	r := w.RowStandardise()
	if !slices.Equal(r.W[0], []float64{0.25, 0.75}) || r.W[1][0] != 1 || w.W[0][0] != 1 {
		t.Errorf("RowStandardise: %v (original %v)", r.W, w.W)
	}
	if b := w.Binary(); !slices.Equal(b.W[0], []float64{1, 1}) {
		t.Errorf("Binary: %v", b.W)
	}
	if w.IsSymmetric() || !w.Binary().IsSymmetric() {
		t.Error("IsSymmetric")
	}
	if w.Links() != 4 || w.N() != 3 {
		t.Errorf("Links %d N %d", w.Links(), w.N())
	}
	for _, bad := range [][][]int{{{0}}, {{3}}, {{1, 1}, {0}}, {{-1}}} {
		if _, err := NewBinary(bad); err == nil {
			t.Errorf("NewBinary(%v) accepted", bad)
		}
	}
	if _, err := NewWeights([][]int{{1}}, [][]float64{{1, 2}}); err == nil {
		t.Error("length mismatch accepted")
	}
	if is := mustBinary(t, [][]int{{1}, {0}, {}}).Islands(); !slices.Equal(is, []int{2}) {
		t.Errorf("Islands = %v", is)
	}
}

// TestSums checks S0, S1, S2 against dense-matrix definitions on an
// asymmetric example.
func TestSums(t *testing.T) {
	w, _ := NewWeights([][]int{{1, 2}, {2}, {0}}, [][]float64{{1, 2}, {3}, {4}})
	d := [3][3]float64{{0, 1, 2}, {0, 0, 3}, {4, 0, 0}}
	var s0, s1, s2 float64
	for i := range 3 {
		var r, c float64
		for j := range 3 {
			s0 += d[i][j]
			s1 += (d[i][j] + d[j][i]) * (d[i][j] + d[j][i]) / 2
			r += d[i][j]
			c += d[j][i]
		}
		s2 += (r + c) * (r + c)
	}
	g0, g1, g2 := w.sums()
	if g0 != s0 || g1 != s1 || g2 != s2 {
		t.Errorf("sums = %g %g %g, want %g %g %g", g0, g1, g2, s0, s1, s2)
	}
}

func TestReadGAL(t *testing.T) {
	w, ids := readGALFile(t, "columbus", "columbus_queen.gal")
	if w.N() != 49 || w.Links() != 236 || ids[0] != "1" || !w.IsSymmetric() {
		t.Errorf("columbus: n %d links %d", w.N(), w.Links())
	}
	// GeoDa header, string ids, an island with and without its empty line.
	for _, src := range []string{
		"0 3 test ID\nb 1\nc\nc 1\nb\na 0\n\n",
		"0 3\nb 1\nc\nc 1\nb\na 0\n",
	} {
		w, ids, err := ReadGAL(strings.NewReader(src))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids, []string{"b", "c", "a"}) || !slices.Equal(w.Neighbours[0], []int{1}) || len(w.Neighbours[2]) != 0 {
			t.Errorf("%q: ids %v neighbours %v", src, ids, w.Neighbours)
		}
	}
	for _, bad := range []string{
		"x y\n",              // header
		"2\n1 1\n3\n2 0\n",   // unknown id
		"2\n1 1\n2\n",        // truncated
		"2\n1 1\n1\n2 1\n1",  // self-link
		"1\n1 0\n\n2 0\n",    // trailing record
		"2\n1 1\n2\n1 0\n\n", // repeated id
	} {
		if _, _, err := ReadGAL(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadGAL(%q) accepted", bad)
		}
	}
}

func TestWriteGALRoundTrip(t *testing.T) {
	w, ids := readGALFile(t, "sids2", "sids2.gal")
	var buf bytes.Buffer
	if err := WriteGAL(&buf, w.Neighbours, ids, "sids2", "FIPSNO"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "0 100 sids2 FIPSNO\n") {
		t.Errorf("header %q", strings.SplitN(buf.String(), "\n", 2)[0])
	}
	w2, ids2, err := ReadGAL(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, ids2) || !slices.EqualFunc(w.Neighbours, w2.Neighbours, slices.Equal) {
		t.Error("round trip changed the weights")
	}
}

// TestFDR uses the example of Benjamini & Hochberg (1995, section 4.1):
// 15 p-values, q = 0.05, rejects the four smallest.
func TestFDR(t *testing.T) {
	p := []float64{0.0201, 0.0001, 0.0004, 0.0019, 0.0095, 0.0278, 0.0298, 0.0344,
		0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000, math.NaN()}
	if th := FDR(p, 0.05); th != 0.0095 {
		t.Errorf("threshold = %g, want 0.0095", th)
	}
	if th := FDR([]float64{0.5, 0.2}, 0.05); th != 0 {
		t.Errorf("no discovery: threshold = %g", th)
	}
	if th := FDR([]float64{0.01, 0.02, 0.03, 0.04, 0.05}, 0.05); th != 0.05 {
		t.Errorf("all discoveries: threshold = %g", th)
	}
	if th := FDR(nil, 0.05); th != 0 {
		t.Errorf("empty: %g", th)
	}
}
