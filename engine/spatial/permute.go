package spatial

import (
	"math/bits"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
)

// Block sizes for splitting permutation work between goroutines. Global
// Moran draws one stream per block of permutations, so globalBlock is part
// of the definition of a seed's result and must not change; local Moran
// draws one stream per observation and localBlock only tunes scheduling.
const (
	globalBlock = 64
	localBlock  = 16
)

// pcgSource hands out reproducible random streams: stream(seed, key) reseeds
// one PCG generator from (seed, key), so a result depends only on the seed
// and on which item (observation or permutation block) is drawing, never on
// which goroutine runs it or in what order. Bounded draws are made here
// rather than by rand.Rand so that a seed's results cannot change with the
// Go release.
type pcgSource struct {
	pcg rand.PCG
}

func (p *pcgSource) stream(seed, key uint64) {
	// splitmix64 decorrelates neighbouring keys before they become PCG state.
	p.pcg.Seed(splitmix64(seed), splitmix64(seed^splitmix64(key+1)))
}

// below returns a uniform integer in [0, m), m > 0, by Lemire's (2019)
// multiply-and-reject method: unbiased, and almost never divides.
func (p *pcgSource) below(m int) int {
	um := uint64(m)
	hi, lo := bits.Mul64(p.pcg.Uint64(), um)
	if lo < um {
		thresh := -um % um
		for lo < thresh {
			hi, lo = bits.Mul64(p.pcg.Uint64(), um)
		}
	}
	return int(hi)
}

// shuffle permutes z in place (Fisher-Yates).
func (p *pcgSource) shuffle(z []float64) {
	for i := len(z) - 1; i > 0; i-- {
		j := p.below(i + 1)
		z[i], z[j] = z[j], z[i]
	}
}

// splitmix64 is the finaliser of Steele, Lea & Flood (2014), a bijective
// 64-bit mixer.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// parallelBlocks splits [0,total) into blocks of size block and runs them on
// up to GOMAXPROCS goroutines. newWorker is called once per goroutine to
// build its scratch state; the returned function processes block b = [lo,hi).
func parallelBlocks(total, block int, newWorker func() func(b, lo, hi int)) {
	if total <= 0 {
		return
	}
	blocks := (total + block - 1) / block
	workers := min(runtime.GOMAXPROCS(0), blocks)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run := newWorker()
			for {
				b := int(next.Add(1) - 1)
				if b >= blocks {
					return
				}
				run(b, b*block, min((b+1)*block, total))
			}
		}()
	}
	wg.Wait()
}
