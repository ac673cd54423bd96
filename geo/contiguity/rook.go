package contiguity

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Rook returns rook contiguity: for each geometry, the sorted indices of the
// geometries sharing a stretch of boundary with it (see the package doc for
// the definition and the meaning of tol). Geometries are read as by Queen.
func Rook(polys []orb.Geometry, tol float64) [][]int {
	tp := build(polys, tol)
	var ps pairSet
	tp.edgePairs(&ps, tol)
	return ps.adjacency(len(polys))
}

// halfEdge is an edge filed under its smaller end node.
type halfEdge struct {
	b     int32 // larger end node
	owner int32
	edge  int32
}

// edgePairs adds the pairs of areas that share an edge (same two end nodes)
// and then, among the edges no other area shares, those that overlap
// collinearly.
func (tp *topo) edgePairs(ps *pairSet, tol float64) {
	// Counting sort of the edges by smaller end node.
	start := make([]int32, tp.nodes+1)
	for _, e := range tp.edges {
		if a, b := tp.node[e[0]], tp.node[e[1]]; a != b {
			start[min(a, b)+1]++
		}
	}
	for k := range tp.nodes {
		start[k+1] += start[k]
	}
	fill := slices.Clone(start[:tp.nodes])
	halves := make([]halfEdge, start[tp.nodes])
	for i, e := range tp.edges {
		a, b := tp.node[e[0]], tp.node[e[1]]
		if a == b {
			continue // shorter than tol: no length to share
		}
		if a > b {
			a, b = b, a
		}
		halves[fill[a]] = halfEdge{b, tp.owner[e[0]], int32(i)}
		fill[a]++
	}

	var unmatched []int32
	for k := range tp.nodes {
		group := halves[start[k]:start[k+1]]
		slices.SortFunc(group, func(x, y halfEdge) int {
			if x.b != y.b {
				return int(x.b - y.b)
			}
			return int(x.owner - y.owner)
		})
		for lo := 0; lo < len(group); {
			hi := lo + 1
			for hi < len(group) && group[hi].b == group[lo].b {
				hi++
			}
			run := group[lo:hi]
			if run[0].owner == run[len(run)-1].owner {
				for _, h := range run {
					unmatched = append(unmatched, h.edge)
				}
			} else {
				for x := range run {
					for y := x + 1; y < len(run); y++ {
						ps.add(run[x].owner, run[y].owner)
					}
				}
			}
			lo = hi
		}
	}
	tp.overlapPairs(ps, unmatched, tol)
}

// overlapPairs adds the pairs of areas with collinear overlapping edges
// among cand. Edges are filed in a grid whose cells are about one mean edge
// long, each edge only in the cells along it, so each edge meets a handful
// of candidates.
func (tp *topo) overlapPairs(ps *pairSet, cand []int32, tol float64) {
	if len(cand) < 2 {
		return
	}
	total := 0.0
	for _, e := range cand {
		total += tp.length(e)
	}
	cs := max(total/float64(len(cand)), 4*tol)
	if !(cs > 0) || math.IsInf(cs, 0) {
		return
	}

	type cell struct{ x, y int64 }
	type entry struct {
		c          cell
		edge, next int32 // next: 1 + next entry in the cell
	}
	head := make(map[cell]int32, 2*len(cand))
	var entries []entry
	first := make([]int32, len(cand)+1) // entries of cand[i]: first[i]:first[i+1]
	for i, e := range cand {
		first[i] = int32(len(entries))
		p, q := tp.segment(e)
		forCells(p, q, tol, cs, func(x, y int64) {
			c := cell{x, y}
			entries = append(entries, entry{c: c, edge: int32(i), next: head[c]})
			head[c] = int32(len(entries))
		})
	}
	first[len(cand)] = int32(len(entries))

	seen := make([]int32, len(cand)) // 1 + last candidate compared with
	for i, e := range cand {
		p1, p2 := tp.segment(e)
		oe := tp.owner[tp.edges[e][0]]
		for _, en := range entries[first[i]:first[i+1]] {
			for f := head[en.c]; f != 0; f = entries[f-1].next {
				j := entries[f-1].edge
				if int(j) <= i || seen[j] == int32(i)+1 {
					continue
				}
				seen[j] = int32(i) + 1
				of := tp.owner[tp.edges[cand[j]][0]]
				if of == oe {
					continue
				}
				if q1, q2 := tp.segment(cand[j]); overlaps(p1, p2, q1, q2, tol) {
					ps.add(oe, of)
				}
			}
		}
	}
}

func (tp *topo) segment(e int32) (orb.Point, orb.Point) {
	return tp.pts[tp.edges[e][0]], tp.pts[tp.edges[e][1]]
}

func (tp *topo) length(e int32) float64 {
	p, q := tp.segment(e)
	return math.Hypot(q[0]-p[0], q[1]-p[1])
}

// forCells calls fn for each grid cell (size cs) that the segment p-q,
// widened by tol, passes through: row by row, the x-range of the part of
// the segment inside the row band, so a long edge costs cells in
// proportion to its length rather than to its bounding box.
func forCells(p, q orb.Point, tol, cs float64, fn func(x, y int64)) {
	y0 := int64(math.Floor((min(p[1], q[1]) - tol) / cs))
	y1 := int64(math.Floor((max(p[1], q[1]) + tol) / cs))
	dy := q[1] - p[1]
	for y := y0; y <= y1; y++ {
		lo, hi := 0.0, 1.0
		if dy != 0 {
			a := (float64(y)*cs - tol - p[1]) / dy
			b := (float64(y+1)*cs + tol - p[1]) / dy
			lo, hi = max(0, min(a, b)), min(1, max(a, b))
			if lo > hi {
				continue
			}
		}
		xa, xb := p[0]+lo*(q[0]-p[0]), p[0]+hi*(q[0]-p[0])
		x0 := int64(math.Floor((min(xa, xb) - tol) / cs))
		x1 := int64(math.Floor((max(xa, xb) + tol) / cs))
		for x := x0; x <= x1; x++ {
			fn(x, y)
		}
	}
}

// overlaps reports whether segments p1-p2 and q1-q2 run along each other:
// both ends of the shorter lie within tol of the longer's line and their
// projections on it overlap by more than tol (by a positive length when
// tol = 0, which then needs exact collinearity).
func overlaps(p1, p2, q1, q2 orb.Point, tol float64) bool {
	lp := math.Hypot(p2[0]-p1[0], p2[1]-p1[1])
	lq := math.Hypot(q2[0]-q1[0], q2[1]-q1[1])
	if lq > lp {
		p1, p2, q1, q2, lp = q1, q2, p1, p2, lq
	}
	if lp == 0 {
		return false
	}
	ux, uy := (p2[0]-p1[0])/lp, (p2[1]-p1[1])/lp
	ax, ay := q1[0]-p1[0], q1[1]-p1[1]
	bx, by := q2[0]-p1[0], q2[1]-p1[1]
	if math.Abs(ux*ay-uy*ax) > tol || math.Abs(ux*by-uy*bx) > tol {
		return false
	}
	ta, tb := ux*ax+uy*ay, ux*bx+uy*by
	return min(lp, max(ta, tb))-max(0, min(ta, tb)) > tol
}
