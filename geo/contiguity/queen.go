package contiguity

import (
	"slices"

	"github.com/paulmach/orb"
)

// Queen returns queen contiguity: for each geometry, the sorted indices of
// the geometries whose boundary has a node in common with its own (vertices
// within tol), or which are rook neighbours (see the package doc). Polygon,
// MultiPolygon, Ring, Bound and Collections of them are read; other
// geometries, and nil, have no neighbours.
func Queen(polys []orb.Geometry, tol float64) [][]int {
	tp := build(polys, tol)
	var ps pairSet
	tp.sharedNodePairs(&ps)
	tp.edgePairs(&ps, tol)
	return ps.adjacency(len(polys))
}

// sharedNodePairs adds every pair of areas with a vertex at a common node.
func (tp *topo) sharedNodePairs(ps *pairSet) {
	start, order := tp.byNode()
	var owners []int32
	for k := range tp.nodes {
		vs := order[start[k]:start[k+1]]
		if len(vs) < 2 {
			continue
		}
		owners = owners[:0]
		for _, v := range vs {
			owners = append(owners, tp.owner[v])
		}
		slices.Sort(owners)
		owners = slices.Compact(owners)
		for a := range owners {
			for b := a + 1; b < len(owners); b++ {
				ps.addNew(owners[a], owners[b])
			}
		}
	}
}
