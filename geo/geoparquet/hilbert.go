package geoparquet

import (
	"math"

	"github.com/paulmach/orb"
)

// HilbertOrder is the number of bits per axis of the grid that HilbertKey
// quantises points to: 65,536 cells a side, about 1 m across Greater
// Manchester or 15 m across Great Britain, finer than any two LSOA centres.
const HilbertOrder = 16

// Hilbert returns the distance along the Hilbert curve of the given order
// (2^order cells a side, order <= 32) of the cell (x, y). Cells with
// consecutive distances share an edge, which is why sorting by it keeps
// nearby features together.
//
// It walks from the most significant bit down: at each level the pair of
// bits picks one of four quadrants, visited in the order (0,0), (0,1),
// (1,1), (1,0), and the remaining bits are reflected or transposed so that
// the sub-curve inside the quadrant starts and ends where the parent curve
// enters and leaves it.
func Hilbert(order uint, x, y uint32) uint64 {
	var d uint64
	for s := uint64(1) << (order - 1); s > 0; s >>= 1 {
		var rx, ry uint64
		if uint64(x)&s != 0 {
			rx = 1
		}
		if uint64(y)&s != 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		lx, ly := uint64(x)&(s-1), uint64(y)&(s-1)
		if ry == 0 {
			if rx == 1 {
				lx, ly = s-1-lx, s-1-ly
			}
			lx, ly = ly, lx
		}
		x, y = uint32(lx), uint32(ly)
	}
	return d
}

// HilbertKey returns the Hilbert distance (order HilbertOrder) of p after
// scaling extent onto the grid. Write sorts rows by the key of their bbox
// centre over the union of all bboxes; it is exported so that readers and
// tests can check that order from the bbox column alone.
func HilbertKey(extent orb.Bound, p orb.Point) uint64 {
	const cells = 1 << HilbertOrder
	return Hilbert(HilbertOrder,
		quantise(p[0], extent.Min[0], extent.Max[0], cells),
		quantise(p[1], extent.Min[1], extent.Max[1], cells))
}

// quantise maps v in [lo, hi] to a cell in [0, cells). A zero-width range
// (one feature, or all on one line) maps to cell 0.
func quantise(v, lo, hi float64, cells uint32) uint32 {
	if !(hi > lo) {
		return 0
	}
	f := math.Floor((v - lo) / (hi - lo) * float64(cells))
	switch {
	case !(f >= 0): // also NaN
		return 0
	case f >= float64(cells):
		return cells - 1
	}
	return uint32(f)
}
