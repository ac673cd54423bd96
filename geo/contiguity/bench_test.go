package contiguity

import (
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// synthAreas returns side x side jittered quadrilateral areas in BNG-like
// metres (400 m cells near Manchester), each side split into seg edges with
// jittered interior vertices shared exactly by the two areas along it: a
// stand-in for generalised LSOA boundaries (182^2 = 33,124 areas, about
// England's 33,755 LSOAs, with 4*seg vertices each).
func synthAreas(side, seg int) []orb.Geometry {
	const cell, x0, y0 = 400.0, 380000.0, 390000.0
	jit := func(a, b, c int) float64 { // deterministic jitter in [-0.5, 0.5)
		h := uint64(a)*0x9e3779b97f4a7c15 ^ uint64(b)*0xbf58476d1ce4e5b9 ^ uint64(c)*0x94d049bb133111eb
		h ^= h >> 29
		h *= 0xbf58476d1ce4e5b9
		h ^= h >> 32
		return float64(h%10000)/10000 - 0.5
	}
	corner := func(i, j int) orb.Point {
		return orb.Point{x0 + cell*float64(j) + 150*jit(i, j, 1), y0 + cell*float64(i) + 150*jit(i, j, 2)}
	}
	// side points from corner a to corner b, excluding b; dir tags the edge.
	along := func(a, b orb.Point, i, j, dir int) []orb.Point {
		pts := []orb.Point{a}
		for k := 1; k < seg; k++ {
			f := float64(k) / float64(seg)
			pts = append(pts, orb.Point{
				a[0] + f*(b[0]-a[0]) + 30*jit(i*4+dir, j, k),
				a[1] + f*(b[1]-a[1]) + 30*jit(i*4+dir, j, k+seg),
			})
		}
		return pts
	}
	rev := func(a, b orb.Point, i, j, dir int) []orb.Point {
		p := append(along(a, b, i, j, dir), b)
		slices.Reverse(p)
		return p[:len(p)-1]
	}
	out := make([]orb.Geometry, 0, side*side)
	for i := range side {
		for j := range side {
			c00, c01, c11, c10 := corner(i, j), corner(i, j+1), corner(i+1, j+1), corner(i+1, j)
			var r orb.Ring
			r = append(r, along(c00, c01, i, j, 0)...)   // bottom: horizontal edge (i, j)
			r = append(r, along(c01, c11, i, j+1, 1)...) // right: vertical edge (i, j+1)
			r = append(r, rev(c10, c11, i+1, j, 0)...)   // top: horizontal edge (i+1, j), reversed
			r = append(r, rev(c00, c10, i, j, 1)...)     // left: vertical edge (i, j), reversed
			r = append(r, r[0])
			out = append(out, orb.Polygon{r})
		}
	}
	return out
}

func TestSynthAreas(t *testing.T) {
	g := synthAreas(12, 4)
	q, r := Queen(g, 0), Rook(g, 0)
	wantR := 4 * 12 * 11 // 2 * (horizontal + vertical shared sides)
	wantQ := wantR + 4*11*11
	if links(r) != wantR || links(q) != wantQ {
		t.Errorf("rook %d queen %d, want %d and %d", links(r), links(q), wantR, wantQ)
	}
	if links(Queen(g, 0.5)) != wantQ || links(Rook(g, 0.5)) != wantR {
		t.Error("tol 0.5 changes a clean partition")
	}
}

func benchContiguity(b *testing.B, f func([]orb.Geometry, float64) [][]int, tol float64) {
	g := synthAreas(182, 8)
	for b.Loop() {
		f(g, tol)
	}
}

func BenchmarkQueen33k(b *testing.B)      { benchContiguity(b, Queen, 0) }
func BenchmarkRook33k(b *testing.B)       { benchContiguity(b, Rook, 0) }
func BenchmarkQueen33kTol05(b *testing.B) { benchContiguity(b, Queen, 0.5) }
func BenchmarkRook33kTol05(b *testing.B)  { benchContiguity(b, Rook, 0.5) }
