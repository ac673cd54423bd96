package geoparquet

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestHilbertOrder1(t *testing.T) {
	// The first-order curve visits (0,0), (0,1), (1,1), (1,0).
	tests := []struct {
		x, y uint32
		want uint64
	}{{0, 0, 0}, {0, 1, 1}, {1, 1, 2}, {1, 0, 3}}
	for _, tc := range tests {
		if got := Hilbert(1, tc.x, tc.y); got != tc.want {
			t.Errorf("Hilbert(1, %d, %d) = %d, want %d", tc.x, tc.y, got, tc.want)
		}
	}
}

// TestHilbertIsACurve checks the defining properties on small grids: the
// index is a bijection onto [0, 4^order), and consecutive indexes are
// edge neighbours; the curve starts at (0,0) and ends at (n-1,0).
func TestHilbertIsACurve(t *testing.T) {
	for _, order := range []uint{1, 2, 3, 4, 6} {
		n := uint32(1) << order
		cells := make([][2]uint32, int(n)*int(n))
		seen := make([]bool, len(cells))
		for x := uint32(0); x < n; x++ {
			for y := uint32(0); y < n; y++ {
				d := Hilbert(order, x, y)
				if d >= uint64(len(cells)) || seen[d] {
					t.Fatalf("order %d: (%d,%d) -> %d repeated or out of range", order, x, y, d)
				}
				seen[d] = true
				cells[d] = [2]uint32{x, y}
			}
		}
		for d := 1; d < len(cells); d++ {
			a, b := cells[d-1], cells[d]
			dx, dy := int(a[0])-int(b[0]), int(a[1])-int(b[1])
			if dx*dx+dy*dy != 1 {
				t.Fatalf("order %d: steps %d->%d jump from %v to %v", order, d-1, d, a, b)
			}
		}
		if cells[0] != [2]uint32{0, 0} || cells[len(cells)-1] != [2]uint32{n - 1, 0} {
			t.Errorf("order %d: runs %v to %v", order, cells[0], cells[len(cells)-1])
		}
	}
}

func TestHilbertKeyEdges(t *testing.T) {
	ext := orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{10, 10}}
	tests := []struct {
		name string
		ext  orb.Bound
		p    orb.Point
		want uint64
	}{
		{"min corner", ext, orb.Point{0, 0}, 0},
		{"max corner is last cell", ext, orb.Point{10, 0}, 1<<(2*HilbertOrder) - 1},
		{"outside clamps", ext, orb.Point{-5, -5}, 0},
		{"degenerate extent", orb.Bound{Min: orb.Point{3, 3}, Max: orb.Point{3, 3}}, orb.Point{3, 3}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := HilbertKey(tc.ext, tc.p); got != tc.want {
				t.Errorf("HilbertKey = %d, want %d", got, tc.want)
			}
		})
	}
}
