package contiguity

import "slices"

// pairSet collects unordered pairs of distinct areas, packed a<<32|b with
// a < b, duplicates allowed until adjacency.
type pairSet []uint64

func (ps *pairSet) add(a, b int32) {
	if a == b {
		return
	}
	if a > b {
		a, b = b, a
	}
	*ps = append(*ps, uint64(a)<<32|uint64(b))
}

// addNew is add, skipping a pair equal to the last one added: consecutive
// nodes along a shared boundary repeat the same pair.
func (ps *pairSet) addNew(a, b int32) {
	if a > b {
		a, b = b, a
	}
	if n := len(*ps); n > 0 && (*ps)[n-1] == uint64(a)<<32|uint64(b) {
		return
	}
	ps.add(a, b)
}

// adjacency returns the symmetric neighbour lists of n areas, each sorted.
func (ps pairSet) adjacency(n int) [][]int {
	slices.Sort(ps)
	ps = slices.Compact(ps)
	count := make([]int, n)
	for _, p := range ps {
		count[p>>32]++
		count[p&0xffffffff]++
	}
	nb := make([][]int, n)
	for i, c := range count {
		if c > 0 {
			nb[i] = make([]int, 0, c)
		}
	}
	// Pairs are sorted by (a, b), so row a receives b in increasing order,
	// and row b receives every smaller a before any larger partner.
	for _, p := range ps {
		a, b := int(p>>32), int(p&0xffffffff)
		nb[a] = append(nb[a], b)
		nb[b] = append(nb[b], a)
	}
	return nb
}

// byNode groups the vertex instances by node (counting sort): the
// instances of node k are order[start[k]:start[k+1]].
func (tp *topo) byNode() (start, order []int32) {
	start = make([]int32, tp.nodes+1)
	for _, k := range tp.node {
		start[k+1]++
	}
	for k := range tp.nodes {
		start[k+1] += start[k]
	}
	fill := slices.Clone(start[:tp.nodes])
	order = make([]int32, len(tp.node))
	for v, k := range tp.node {
		order[fill[k]] = int32(v)
		fill[k]++
	}
	return start, order
}
