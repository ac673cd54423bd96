package fgb

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"
)

// hilbertMax is the largest cell coordinate: the spec's packed R-tree
// ranks bbox centres on a 2^16 x 2^16 grid over the layer extent.
const hilbertMax = 1<<16 - 1

// hilbert returns the distance of cell (x, y) along the Hilbert curve that
// fills the 2^16 x 2^16 grid, starting at (0, 0). Sorting by it keeps
// features that are near in space near in the file, which is what makes
// the packed R-tree's node boxes tight.
func hilbert(x, y uint32) uint32 {
	const n = hilbertMax + 1
	var d uint32
	for s := uint32(n / 2); s > 0; s /= 2 {
		var rx, ry uint32
		if x&s != 0 {
			rx = 1
		}
		if y&s != 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		// Rotate the quadrant so the sub-curve is entered at its start.
		if ry == 0 {
			if rx == 1 {
				x = n - 1 - x
				y = n - 1 - y
			}
			x, y = y, x
		}
	}
	return d
}

// hilbertOrder returns feature indexes sorted by the Hilbert value of each
// bbox centre within extent; ties keep input order so output is
// deterministic.
func hilbertOrder(boxes []orb.Bound, extent orb.Bound) []int {
	w := extent.Max[0] - extent.Min[0]
	h := extent.Max[1] - extent.Min[1]
	keys := make([]uint32, len(boxes))
	for i, b := range boxes {
		cx := (b.Min[0] + b.Max[0]) / 2
		cy := (b.Min[1] + b.Max[1]) / 2
		keys[i] = hilbert(gridCell(cx-extent.Min[0], w), gridCell(cy-extent.Min[1], h))
	}
	order := make([]int, len(boxes))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(keys[a], keys[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return order
}

// gridCell scales an offset within a span of the extent to a grid cell; a
// zero span (one feature, or all in a line) maps everything to cell 0.
func gridCell(off, span float64) uint32 {
	if span <= 0 {
		return 0
	}
	v := hilbertMax * off / span
	switch {
	case v <= 0:
		return 0
	case v >= hilbertMax:
		return hilbertMax
	}
	return uint32(v)
}
