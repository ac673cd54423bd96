package contiguity

import (
	"math"

	"github.com/paulmach/orb"
)

// topo is the boundary of every area broken into vertex instances, ring
// edges between them, and nodes (groups of vertices at the same place).
type topo struct {
	pts   []orb.Point // vertex instances, ring by ring
	owner []int32     // area of each vertex instance
	edges [][2]int32  // consecutive vertex instances along a ring, closing edge included
	node  []int32     // node of each vertex instance
	nodes int
}

func build(polys []orb.Geometry, tol float64) *topo {
	nv := 0
	for _, geom := range polys {
		nv += countVertices(geom)
	}
	tp := &topo{
		pts:   make([]orb.Point, 0, nv),
		owner: make([]int32, 0, nv),
		edges: make([][2]int32, 0, nv),
	}
	for g, geom := range polys {
		tp.addGeometry(int32(g), geom)
	}
	tp.findNodes(tol)
	return tp
}

func (tp *topo) addGeometry(g int32, geom orb.Geometry) {
	switch v := geom.(type) {
	case orb.Polygon:
		for _, r := range v {
			tp.addRing(g, r)
		}
	case orb.MultiPolygon:
		for _, p := range v {
			for _, r := range p {
				tp.addRing(g, r)
			}
		}
	case orb.Ring:
		tp.addRing(g, v)
	case orb.Bound:
		tp.addRing(g, v.ToRing())
	case orb.Collection:
		for _, c := range v {
			tp.addGeometry(g, c)
		}
	}
}

// countVertices bounds the number of vertices addGeometry will add.
func countVertices(geom orb.Geometry) int {
	k := 0
	switch v := geom.(type) {
	case orb.Polygon:
		for _, r := range v {
			k += len(r)
		}
	case orb.MultiPolygon:
		for _, p := range v {
			for _, r := range p {
				k += len(r)
			}
		}
	case orb.Ring:
		k = len(v)
	case orb.Bound:
		k = 5
	case orb.Collection:
		for _, c := range v {
			k += countVertices(c)
		}
	}
	return k
}

// addRing appends a ring's vertices without the closing repeat or
// consecutive duplicates, and its edges.
func (tp *topo) addRing(g int32, r orb.Ring) {
	start := len(tp.pts)
	for i, p := range r {
		if i > 0 && p == r[i-1] {
			continue
		}
		tp.pts = append(tp.pts, p)
		tp.owner = append(tp.owner, g)
	}
	end := len(tp.pts)
	if end-start >= 2 && tp.pts[end-1] == tp.pts[start] {
		end--
		tp.pts, tp.owner = tp.pts[:end], tp.owner[:end]
	}
	if end-start < 2 {
		return
	}
	for i := start; i < end; i++ {
		j := i + 1
		if j == end {
			j = start
		}
		tp.edges = append(tp.edges, [2]int32{int32(i), int32(j)})
	}
}

// findNodes assigns each vertex instance its node: identical coordinates
// first (one hash lookup per vertex), then, for tol > 0, unique points
// within tol are joined by union-find over a grid of cell size tol, so only
// the 3x3 cells around a point need searching.
func (tp *topo) findNodes(tol float64) {
	exact := newTable(len(tp.pts))
	var uniq []orb.Point
	tp.node = make([]int32, len(tp.pts))
	for v, p := range tp.pts {
		// +0 turns -0 into 0, so the two zeros are one coordinate.
		k := key2{math.Float64bits(p[0] + 0), math.Float64bits(p[1] + 0)}
		id, ok := exact.get(k)
		if !ok {
			id = int32(len(uniq))
			exact.set(k, id)
			uniq = append(uniq, p)
		}
		tp.node[v] = id
	}
	tp.nodes = len(uniq)
	if !(tol > 0) || len(uniq) < 2 {
		return
	}

	parent := make([]int32, len(uniq))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(a int32) int32 {
		for parent[a] != a {
			parent[a] = parent[parent[a]]
			a = parent[a]
		}
		return a
	}
	cellOf := func(p orb.Point) (int64, int64) {
		return int64(math.Floor(p[0] / tol)), int64(math.Floor(p[1] / tol))
	}
	head := newTable(len(uniq))      // cell -> last point filed in it
	next := make([]int32, len(uniq)) // 1 + previous point in the same cell
	tol2 := tol * tol
	for u, p := range uniq {
		cx, cy := cellOf(p)
		for dx := int64(-1); dx <= 1; dx++ {
			for dy := int64(-1); dy <= 1; dy++ {
				q, ok := head.get(key2{uint64(cx + dx), uint64(cy + dy)})
				for ok {
					o := uniq[q]
					if ddx, ddy := o[0]-p[0], o[1]-p[1]; ddx*ddx+ddy*ddy <= tol2 {
						if a, b := find(int32(u)), find(q); a != b {
							parent[max(a, b)] = min(a, b)
						}
					}
					q, ok = next[q]-1, next[q] != 0
				}
			}
		}
		if prev, had := head.set(key2{uint64(cx), uint64(cy)}, int32(u)); had {
			next[u] = prev + 1
		}
	}
	// Renumber the roots densely.
	id := make([]int32, len(uniq))
	for i := range id {
		id[i] = -1
	}
	n := int32(0)
	for u := range uniq {
		r := find(int32(u))
		if id[r] < 0 {
			id[r] = n
			n++
		}
		id[u] = id[r]
	}
	for v, u := range tp.node {
		tp.node[v] = id[u]
	}
	tp.nodes = int(n)
}
