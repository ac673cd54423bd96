package contiguity

import "math/bits"

// table is an open-addressing hash map from two 64-bit words (a point's
// coordinate bits, or a grid cell) to a non-negative int32. Vertex
// matching is dominated by these lookups, and a flat table with linear
// probing is several times faster than a Go map keyed by orb.Point.
type table struct {
	keys []key2
	vals []int32 // 1 + value; 0 marks an empty slot
	mask uint64
	n    int
}

type key2 [2]uint64

func newTable(hint int) *table {
	size := 16
	for size < 2*hint {
		size <<= 1
	}
	return &table{keys: make([]key2, size), vals: make([]int32, size), mask: uint64(size - 1)}
}

func (t *table) slot(k key2) uint64 {
	h, _ := bits.Mul64(k[0]^0x9e3779b97f4a7c15, 0xbf58476d1ce4e5b9)
	h ^= k[1] * 0x94d049bb133111eb
	h ^= h >> 31
	h *= 0xd6e8feb86659fd93
	return (h ^ h>>32) & t.mask
}

// get returns the value stored under k.
func (t *table) get(k key2) (int32, bool) {
	for s := t.slot(k); ; s = (s + 1) & t.mask {
		switch {
		case t.vals[s] == 0:
			return 0, false
		case t.keys[s] == k:
			return t.vals[s] - 1, true
		}
	}
}

// set stores v under k and returns the value it replaces, if any.
func (t *table) set(k key2, v int32) (old int32, had bool) {
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	for s := t.slot(k); ; s = (s + 1) & t.mask {
		switch {
		case t.vals[s] == 0:
			t.keys[s], t.vals[s] = k, v+1
			t.n++
			return 0, false
		case t.keys[s] == k:
			old = t.vals[s] - 1
			t.vals[s] = v + 1
			return old, true
		}
	}
}

func (t *table) grow() {
	old := *t
	*t = *newTable(len(old.keys))
	for s, v := range old.vals {
		if v != 0 {
			t.set(old.keys[s], v-1)
		}
	}
}
