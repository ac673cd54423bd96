package engine

import "math"

// sortAscending sorts pairs by value, ascending, stably (equal values keep
// their order). It is an LSD radix sort on the values' bits: ranking 32,844
// areas is the engine's hottest step, and radix sorting does it in a few
// linear passes where a comparison sort needs n log n calls. NaN must not
// occur (callers drop or replace it).
func sortAscending(pairs []valuePos) {
	n := len(pairs)
	if n < 64 {
		insertionSort(pairs)
		return
	}
	src, dst := pairs, make([]valuePos, n)
	keys, tmp := make([]uint64, n), make([]uint64, n)
	for i, p := range src {
		keys[i] = sortableBits(p.v)
	}
	var count [256]int
	for shift := uint(0); shift < 64; shift += 8 {
		count = [256]int{}
		for _, k := range keys {
			count[(k>>shift)&0xff]++
		}
		if count[(keys[0]>>shift)&0xff] == n {
			continue // every key has the same byte here: nothing moves
		}
		pos := 0
		for d, c := range count {
			count[d] = pos
			pos += c
		}
		for i, k := range keys {
			d := (k >> shift) & 0xff
			dst[count[d]] = src[i]
			tmp[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
		keys, tmp = tmp, keys
	}
	if &src[0] != &pairs[0] {
		copy(pairs, src)
	}
}

// sortableBits maps a float64 to a uint64 whose unsigned order is the
// float's order (negative numbers reversed and below positives).
func sortableBits(v float64) uint64 {
	if v == 0 {
		v = 0 // -0 and +0 are equal: one key
	}
	b := math.Float64bits(v)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

func insertionSort(p []valuePos) {
	for i := 1; i < len(p); i++ {
		for j := i; j > 0 && p[j].v < p[j-1].v; j-- {
			p[j], p[j-1] = p[j-1], p[j]
		}
	}
}
