package spatial

import (
	"encoding/csv"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// refDir holds the reference data sets and their published results; see its
// README.md for sources and licences.
const refDir = "../../testdata/spatial_reference"

func refPath(parts ...string) string {
	return filepath.Join(append([]string{refDir}, parts...)...)
}

func readGALFile(t testing.TB, parts ...string) (Weights, []string) {
	t.Helper()
	f, err := os.Open(refPath(parts...))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, ids, err := ReadGAL(f)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Join(parts...), err)
	}
	return w, ids
}

// table is a CSV file read into memory, addressed by column name.
type table struct {
	header []string
	rows   [][]string
}

// readTable reads a CSV file; skip drops that many leading lines (the
// "78,4" line GeoDa puts before the header of stl_hom.txt).
func readTable(t testing.TB, skip int, parts ...string) table {
	t.Helper()
	b, err := os.ReadFile(refPath(parts...))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for range skip {
		s = s[strings.IndexByte(s, '\n')+1:]
	}
	recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil && err != io.EOF {
		t.Fatalf("%s: %v", filepath.Join(parts...), err)
	}
	return table{header: recs[0], rows: recs[1:]}
}

func (tb table) col(t testing.TB, name string) []string {
	t.Helper()
	c := slices.Index(tb.header, name)
	if c < 0 {
		t.Fatalf("no column %q in %v", name, tb.header)
	}
	out := make([]string, len(tb.rows))
	for i, r := range tb.rows {
		out[i] = r[c]
	}
	return out
}

func (tb table) floats(t testing.TB, name string) []float64 {
	t.Helper()
	s := tb.col(t, name)
	out := make([]float64, len(s))
	for i, v := range s {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			t.Fatalf("column %s row %d: %v", name, i+1, err)
		}
		out[i] = f
	}
	return out
}

// digitsTol is the tolerance "to the published digits": half a unit in the
// last printed digit (0.008689289 allows 5e-10, 1.139e-08 allows 5e-12),
// plus rel times the value. The relative slack matters only for values
// published as full doubles, which are themselves floating-point results:
// computed with exact rational arithmetic, Columbus I equals esda's
// published double but STL I is 1.5e-15 (relative) away from esda's, so
// statistics use rel = 2e-15 (fullDouble).
func digitsTol(published string, rel float64) float64 {
	s := strings.TrimSpace(published)
	exp := 0
	if k := strings.IndexAny(s, "eE"); k >= 0 {
		e, err := strconv.Atoi(s[k+1:])
		if err != nil {
			panic(err)
		}
		exp, s = e, s[:k]
	}
	dec := 0
	if k := strings.IndexByte(s, '.'); k >= 0 {
		dec = len(s) - k - 1
	}
	v, err := strconv.ParseFloat(published, 64)
	if err != nil {
		panic(err)
	}
	return 0.5*math.Pow(10, float64(exp-dec))*(1+1e-9) + rel*math.Abs(v)
}

const (
	// fullDouble is the relative slack for statistics published as full
	// doubles (see digitsTol).
	fullDouble = 2e-15
	// fullDoubleP is the relative slack for full-double p-values: a
	// relative error e in z becomes about z^2 e in a tail p-value.
	fullDoubleP = 5e-14
	// oneMinusPhi is the absolute error of a p-value computed as
	// 1 - Phi(|z|) by subtraction (esda's one-tailed p_norm): half an ulp
	// of 1 plus the CDF's own rounding.
	oneMinusPhi = 1.2e-16
)

// checkDigits fails unless got equals the published value to its printed
// digits, with relative slack rel and absolute slack abs on top.
func checkDigits(t testing.TB, what string, got float64, published string, rel, abs float64) {
	t.Helper()
	want, err := strconv.ParseFloat(strings.TrimSpace(published), 64)
	if err != nil {
		t.Fatalf("%s: bad published value %q", what, published)
	}
	tol := digitsTol(published, rel) + abs
	d := math.Abs(got - want)
	if !(d <= tol) {
		t.Errorf("%s = %.17g, published %s (diff %.3g, tolerance %.3g)", what, got, published, d, tol)
		return
	}
	if testing.Verbose() {
		t.Logf("%s = %.17g, published %s (diff %.2g, rel %.2g)", what, got, published, d, d/math.Abs(want))
	}
}

// gridNeighbours returns rook or queen neighbours of an r x c lattice in
// row-major order.
func gridNeighbours(r, c int, queen bool) [][]int {
	nb := make([][]int, r*c)
	for i := range r {
		for j := range c {
			for di := -1; di <= 1; di++ {
				for dj := -1; dj <= 1; dj++ {
					if di == 0 && dj == 0 || !queen && di != 0 && dj != 0 {
						continue
					}
					a, b := i+di, j+dj
					if a >= 0 && a < r && b >= 0 && b < c {
						nb[i*c+j] = append(nb[i*c+j], a*c+b)
					}
				}
			}
		}
	}
	return nb
}

// distanceBand returns binary neighbours with 0 < d <= band, as spdep
// dnearneigh(0, band) and esda's DistanceBand build them.
func distanceBand(x, y []float64, band float64) [][]int {
	nb := make([][]int, len(x))
	for i := range x {
		for j := range x {
			if d := math.Hypot(x[i]-x[j], y[i]-y[j]); i != j && d > 0 && d <= band {
				nb[i] = append(nb[i], j)
			}
		}
	}
	return nb
}

// knn returns the k nearest neighbours of each point (spdep knearneigh).
func knn(x, y []float64, k int) [][]int {
	nb := make([][]int, len(x))
	for i := range x {
		idx := make([]int, 0, len(x)-1)
		for j := range x {
			if j != i {
				idx = append(idx, j)
			}
		}
		d := func(j int) float64 { return math.Hypot(x[i]-x[j], y[i]-y[j]) }
		slices.SortStableFunc(idx, func(a, b int) int {
			switch da, db := d(a), d(b); {
			case da < db:
				return -1
			case da > db:
				return 1
			}
			return 0
		})
		nb[i] = idx[:k]
	}
	return nb
}

func mustBinary(t testing.TB, nb [][]int) Weights {
	t.Helper()
	w, err := NewBinary(nb)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func newTestRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0)) }

// ksUniform is the Kolmogorov-Smirnov distance between the sample u and the
// uniform distribution on [0,1].
func ksUniform(u []float64) float64 {
	s := slices.Sorted(slices.Values(u))
	n := float64(len(s))
	d := 0.0
	for i, v := range s {
		d = max(d, float64(i+1)/n-v, v-float64(i)/n)
	}
	return d
}
