package uncertainty

import "slices"

// ranker ranks scores by need (1 = highest score) with reusable buffers:
// a draw must not allocate, or a thousand draws over 32,844 areas spend
// their time in the garbage collector. Areas are held in area-code order,
// so a stable sort breaks ties by code, as engine.RankByNeed does.
//
// The sort runs on 64-bit words holding a 20-bit key above the area's
// index. The key is the score scaled linearly onto 0..2^20-1 (0 = highest
// score), which keeps the scores' order but may give close scores the same
// key; an LSD radix sort of the keys (two 10-bit passes, whose 1,024
// buckets keep the scattered writes in cache) is followed by a pass that
// re-sorts each run of shared keys by the exact score, so the ranks are
// exact. Runs are short unless the scores crowd into a sliver of their
// range, which then costs a comparison sort of the crowd. (Two 10-bit
// passes measured fastest of 1x16, 2x10, 2x11, 2x12, 3x8 and 4x8 bits on
// IMD-like scores.)
type ranker struct {
	a, b []uint64
}

const (
	passes    = 2
	digitBits = 10
	keyBits   = passes * digitBits
	buckets   = 1 << digitBits
)

func newRanker(n int) *ranker {
	return &ranker{a: make([]uint64, n), b: make([]uint64, n)}
}

// rank writes into rank[i] the rank of score[i]. Scores must be finite.
func (r *ranker) rank(score []float64, rank []int32) {
	lo, hi := score[0], score[0]
	for _, s := range score {
		// plain comparisons: the min and max builtins order NaN and -0,
		// which costs a third of the sort here
		if s < lo {
			lo = s
		}
		if s > hi {
			hi = s
		}
	}
	scale := 0.0
	if hi > lo {
		scale = float64(1<<keyBits-1) / (hi - lo)
	}
	src, dst := r.a, r.b
	var count [passes][buckets]int32
	for i, s := range score {
		k := uint64((hi - s) * scale) // monotone: a higher score never gets a larger key
		src[i] = k<<32 | uint64(i)
		count[0][k&(buckets-1)]++
		count[1][k>>digitBits]++
	}
	n := int32(len(score))
	for d := range passes {
		c := &count[d]
		shift := uint(32 + digitBits*d)
		if c[(src[0]>>shift)&(buckets-1)] == n {
			continue // every key shares this digit
		}
		var pos int32
		for i, v := range c {
			c[i] = pos
			pos += v
		}
		for _, w := range src {
			j := (w >> shift) & (buckets - 1)
			dst[c[j]] = w
			c[j]++
		}
		src, dst = dst, src
	}
	// Re-sort runs of shared keys by exact score, and write the ranks, in
	// one pass.
	for a := 0; a < len(src); {
		b := a + 1
		for b < len(src) && src[b]>>32 == src[a]>>32 {
			b++
		}
		if b-a > 1 {
			slices.SortStableFunc(src[a:b], func(x, y uint64) int {
				sx, sy := score[uint32(x)], score[uint32(y)]
				switch {
				case sx > sy:
					return -1
				case sx < sy:
					return 1
				}
				return int(int32(uint32(x)) - int32(uint32(y))) // by code order
			})
		}
		for p := a; p < b; p++ {
			rank[uint32(src[p])] = int32(p + 1)
		}
		a = b
	}
}
