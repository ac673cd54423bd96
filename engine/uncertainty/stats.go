package uncertainty

import (
	"math"
	"sync"
	"sync/atomic"
)

// rankStore keeps every draw's ranks, draw after draw: 2 bytes a rank while
// ranks fit in 16 bits (all of England's 32,844 or 33,755 LSOAs), 4 beyond,
// so 1,000 national draws take 66 MB.
type rankStore interface {
	put(draw int, rank []int32)
	// column copies the ranks of areas [lo, hi) over all draws into
	// out[t][draw], t = area - lo.
	column(lo, hi int, out [][]uint32)
}

func newRankStore(n, draws int) rankStore {
	if n <= 1<<16-1 {
		return &store[uint16]{n: n, r: make([]uint16, n*draws)}
	}
	return &store[uint32]{n: n, r: make([]uint32, n*draws)}
}

type store[T uint16 | uint32] struct {
	n int
	r []T
}

func (s *store[T]) put(draw int, rank []int32) {
	row := s.r[draw*s.n : (draw+1)*s.n]
	for i, v := range rank {
		row[i] = T(v)
	}
}

func (s *store[T]) column(lo, hi int, out [][]uint32) {
	draws := len(s.r) / s.n
	for d := range draws {
		row := s.r[d*s.n+lo : d*s.n+hi]
		for t, v := range row {
			out[t][d] = uint32(v)
		}
	}
}

// sortRanks sorts one area's ranks over the draws: an LSD radix sort by
// bytes, skipping bytes all ranks share (an area's ranks usually lie in a
// narrow band), so it is a pass or two where a comparison sort of 1,000
// values takes ten.
func sortRanks(v, tmp []uint32) {
	src, dst := v, tmp
	for shift := uint(0); shift < 32; shift += 8 {
		var c [256]int
		for _, x := range src {
			c[(x>>shift)&0xff]++
		}
		if c[(src[0]>>shift)&0xff] == len(src) {
			continue
		}
		pos := 0
		for i, k := range c {
			c[i] = pos
			pos += k
		}
		for _, x := range src {
			j := (x >> shift) & 0xff
			dst[c[j]] = x
			c[j]++
		}
		src, dst = dst, src
	}
	if &src[0] != &v[0] {
		copy(v, src)
	}
}

// areaStats summarises each area's draws. Areas are read in blocks of 64,
// so each draw's row is read a cache line at a time rather than one rank
// per line.
func (m *model) areaStats(st rankStore, selCount []int32, draws int, band float64, workers int) []AreaStat {
	n := len(m.order)
	out := make([]AreaStat, n)
	const block = 64
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([][]uint32, block)
			for t := range buf {
				buf[t] = make([]uint32, draws)
			}
			tmp := make([]uint32, draws)
			for {
				lo := int(next.Add(block)) - block
				if lo >= n {
					return
				}
				hi := min(lo+block, n)
				st.column(lo, hi, buf)
				for t := range hi - lo {
					i := lo + t
					v := buf[t]
					sortRanks(v, tmp)
					a := &out[m.order[i]]
					a.Code = m.p.Codes[m.order[i]]
					a.Rank = int64(m.baseRank[i])
					a.Selected = m.baseSel[i]
					a.Median = empirical(v, 0.5)
					a.P05 = empirical(v, 0.05)
					a.P95 = empirical(v, 0.95)
					a.PSelected = float64(selCount[i]) / float64(draws)
					a.Uncertain = a.PSelected > band && a.PSelected < 1-band
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// empirical is the p-quantile of sorted v by the inverse of the empirical
// distribution function, the smallest value with at least a share p of the
// values at or below it (gonum's stat.Empirical, Hyndman & Fan type 1, to
// which a test holds it): a rank that occurred, never an interpolation.
func empirical(v []uint32, p float64) int64 {
	i := int(math.Ceil(p*float64(len(v)))) - 1
	return int64(v[max(i, 0)])
}
