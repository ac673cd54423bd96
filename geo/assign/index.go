package assign

import (
	"fmt"

	"github.com/paulmach/orb"
)

// Outside is what Locate returns for a point in no area.
const Outside = -1

// part is one polygon of an area: its outer ring and holes.
type part struct {
	area  int32
	rings [][]orb.Point
}

// Index finds the area containing a point: an R-tree on the bounding boxes
// of every polygon part, then an exact crossing-number test (see the package
// documentation for points on boundaries). It is read-only once built and
// safe for concurrent use.
type Index struct {
	codes []string
	parts []part
	tree  *rtree
}

// NewIndex indexes geoms (Polygon or MultiPolygon, one per code, in any
// planar coordinates: lon/lat or British National Grid) under codes. The
// position of a code is the area number Locate returns.
func NewIndex(codes []string, geoms []orb.Geometry) (*Index, error) {
	if len(codes) != len(geoms) {
		return nil, fmt.Errorf("assign: %d codes for %d geometries", len(codes), len(geoms))
	}
	ix := &Index{codes: codes}
	var boxes []box
	add := func(area int, p orb.Polygon) {
		if len(p) == 0 || len(p[0]) < 3 {
			return
		}
		b := p.Bound()
		ix.parts = append(ix.parts, part{area: int32(area), rings: ringsOf(p)})
		boxes = append(boxes, box{b.Min[0], b.Min[1], b.Max[0], b.Max[1]})
	}
	for i, g := range geoms {
		switch g := g.(type) {
		case orb.Polygon:
			add(i, g)
		case orb.MultiPolygon:
			for _, p := range g {
				add(i, p)
			}
		default:
			return nil, fmt.Errorf("assign: area %s: geometry is %T, want Polygon or MultiPolygon", codes[i], g)
		}
	}
	ix.tree = newRTree(boxes)
	return ix, nil
}

func ringsOf(p orb.Polygon) [][]orb.Point {
	out := make([][]orb.Point, len(p))
	for i, r := range p {
		out[i] = []orb.Point(r)
	}
	return out
}

// Codes returns the area codes in index order.
func (ix *Index) Codes() []string { return ix.codes }

// Locate returns the number of the area containing (x, y), or Outside.
func (ix *Index) Locate(x, y float64) int {
	var buf [32]int32
	cand := ix.tree.search(x, y, buf[:0])
	best := int32(Outside)
	for _, c := range cand {
		p := &ix.parts[c]
		if best != Outside && p.area >= best {
			continue
		}
		if p.contains(x, y) {
			best = p.area
		}
	}
	return int(best)
}

// LocateAll returns every area whose polygon contains (x, y) by the
// boundary rule, in index order: one area at most for boundaries that tile
// the plane, more where boundaries overlap. For checks, not for speed.
func (ix *Index) LocateAll(x, y float64) []int {
	var out []int
	for _, c := range ix.tree.search(x, y, nil) {
		p := &ix.parts[c]
		if p.contains(x, y) {
			out = append(out, int(p.area))
		}
	}
	sortInts(out)
	return out
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// contains applies the half-open crossing-number test to every ring (even-odd
// over outer ring and holes).
func (p *part) contains(x, y float64) bool {
	in := false
	for _, r := range p.rings {
		if crossings(r, x, y)&1 == 1 {
			in = !in
		}
	}
	return in
}

// crossings counts the edges of ring r that the ray from (x, y) towards +x
// crosses. An edge counts when exactly one endpoint is strictly above y; its
// crossing abscissa is computed from its lower endpoint, so an edge gives the
// same answer whichever polygon (and direction) it is walked in. A point
// exactly on the edge (x == crossing) is not crossed: the polygon to its
// east takes it. A ring may be closed (last point = first) or not.
func crossings(r []orb.Point, x, y float64) int {
	n := len(r)
	if n == 0 {
		return 0
	}
	c := 0
	a := r[n-1]
	for _, b := range r {
		if (a[1] > y) != (b[1] > y) {
			lo, hi := a, b
			if lo[1] > hi[1] {
				lo, hi = hi, lo
			}
			// Clear cases first (a deterministic function of the
			// sorted edge, so still the same for both polygons).
			switch {
			case x < lo[0] && x < hi[0]:
				c++
			case x > lo[0] && x > hi[0]:
			default:
				if x < lo[0]+(y-lo[1])*(hi[0]-lo[0])/(hi[1]-lo[1]) {
					c++
				}
			}
		}
		a = b
	}
	return c
}
