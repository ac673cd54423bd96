package assign

import (
	"math"
	"slices"
)

// box is an axis-aligned bounding box.
type box struct{ minX, minY, maxX, maxY float64 }

func (b box) contains(x, y float64) bool {
	return x >= b.minX && x <= b.maxX && y >= b.minY && y <= b.maxY
}

func (b box) union(o box) box {
	return box{math.Min(b.minX, o.minX), math.Min(b.minY, o.minY), math.Max(b.maxX, o.maxX), math.Max(b.maxY, o.maxY)}
}

func emptyBox() box { return box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)} }

// rtree is a static R-tree packed by Sort-Tile-Recursive: built once from all
// boxes, never updated, which is what a boundary set needs and keeps every
// node full (shallow tree, few boxes tested per query).
type rtree struct {
	// levels[0] are the leaves (item boxes in packed order); levels[k+1][i]
	// bounds levels[k][i*fanout : (i+1)*fanout].
	levels [][]box
	items  []int32 // item id of each leaf, in packed order
}

const fanout = 16

func newRTree(boxes []box) *rtree {
	n := len(boxes)
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	cx := func(i int32) float64 { return boxes[i].minX + boxes[i].maxX }
	cy := func(i int32) float64 { return boxes[i].minY + boxes[i].maxY }
	// STR: sort by x, cut into vertical slices of ~sqrt(n/fanout) leaves,
	// sort each slice by y.
	slices.SortStableFunc(order, func(a, b int32) int { return cmpFloat(cx(a), cx(b)) })
	leaves := (n + fanout - 1) / fanout
	slice := int(math.Ceil(math.Sqrt(float64(leaves)))) * fanout
	for s := 0; s < n; s += slice {
		part := order[s:min(s+slice, n)]
		slices.SortStableFunc(part, func(a, b int32) int { return cmpFloat(cy(a), cy(b)) })
	}
	t := &rtree{items: order}
	level := make([]box, n)
	for i, id := range order {
		level[i] = boxes[id]
	}
	t.levels = append(t.levels, level)
	for len(level) > 1 {
		up := make([]box, (len(level)+fanout-1)/fanout)
		for i := range up {
			b := emptyBox()
			for _, c := range level[i*fanout : min((i+1)*fanout, len(level))] {
				b = b.union(c)
			}
			up[i] = b
		}
		t.levels = append(t.levels, up)
		level = up
	}
	return t
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// search appends to dst the ids of the items whose box contains (x, y).
func (t *rtree) search(x, y float64, dst []int32) []int32 {
	if len(t.items) == 0 {
		return dst
	}
	top := len(t.levels) - 1
	return t.visit(top, 0, x, y, dst)
}

func (t *rtree) visit(level, node int, x, y float64, dst []int32) []int32 {
	if !t.levels[level][node].contains(x, y) {
		return dst
	}
	if level == 0 {
		return append(dst, t.items[node])
	}
	lo, hi := node*fanout, min((node+1)*fanout, len(t.levels[level-1]))
	for c := lo; c < hi; c++ {
		dst = t.visit(level-1, c, x, y, dst)
	}
	return dst
}
