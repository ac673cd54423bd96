package fgb

import (
	"encoding/binary"
	"math"

	"github.com/paulmach/orb"
)

// nodeSize is the packed R-tree fan-out; 16 is the spec's default and what
// GDAL and the reference implementations write.
const nodeSize = 16

// nodeItemSize is the on-disk size of one tree node: minX, minY, maxX, maxY
// as float64 and a uint64 offset, little-endian.
const nodeItemSize = 4*8 + 8

// node is one R-tree entry. For a leaf, offset is the byte offset of its
// feature within the features section; for an inner node it is the index
// (in the whole node array) of its first child.
type node struct {
	minX, minY, maxX, maxY float64
	offset                 uint64
}

// levelBounds returns the [start, end) node-index range of every tree
// level, leaves first. The file stores levels root first, so the leaves
// occupy the tail of the node array; readers derive the same ranges from
// the feature count alone, which is why the layout must match exactly.
func levelBounds(numItems, nodeSize int) [][2]int {
	counts := []int{numItems}
	total := numItems
	for n := numItems; ; {
		n = (n + nodeSize - 1) / nodeSize
		counts = append(counts, n)
		total += n
		if n == 1 {
			break
		}
	}
	bounds := make([][2]int, len(counts))
	end := total
	for i, c := range counts {
		bounds[i] = [2]int{end - c, end}
		end -= c
	}
	return bounds
}

// packedTree is a static packed R-tree over features already in Hilbert
// order: leaves are filled as features are written, then parents are
// built bottom-up from runs of nodeSize children.
type packedTree struct {
	levels [][2]int
	nodes  []node
}

// newPackedTree sizes the tree for numItems features (numItems > 0); the
// leaves end the node array, so their end is the node count.
func newPackedTree(numItems int) *packedTree {
	levels := levelBounds(numItems, nodeSize)
	return &packedTree{levels: levels, nodes: make([]node, levels[0][1])}
}

// size is the index section's length in bytes.
func (t *packedTree) size() int { return len(t.nodes) * nodeItemSize }

// setLeaf records feature i (in file order).
func (t *packedTree) setLeaf(i int, b orb.Bound, offset uint64) {
	t.nodes[t.levels[0][0]+i] = node{b.Min[0], b.Min[1], b.Max[0], b.Max[1], offset}
}

// build fills the inner levels once every leaf is set.
func (t *packedTree) build() {
	for lvl := 0; lvl < len(t.levels)-1; lvl++ {
		pos, end := t.levels[lvl][0], t.levels[lvl][1]
		parent := t.levels[lvl+1][0]
		for pos < end {
			n := node{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1), uint64(pos)}
			for j := 0; j < nodeSize && pos < end; j++ {
				c := &t.nodes[pos]
				n.minX = min(n.minX, c.minX)
				n.minY = min(n.minY, c.minY)
				n.maxX = max(n.maxX, c.maxX)
				n.maxY = max(n.maxY, c.maxY)
				pos++
			}
			t.nodes[parent] = n
			parent++
		}
	}
}

// bytes encodes the tree, root first, as the index section.
func (t *packedTree) bytes() []byte {
	buf := make([]byte, 0, t.size())
	for _, n := range t.nodes {
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(n.minX))
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(n.minY))
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(n.maxX))
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(n.maxY))
		buf = binary.LittleEndian.AppendUint64(buf, n.offset)
	}
	return buf
}
