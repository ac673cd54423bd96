package aggregate

import (
	"slices"
	"sync"
	"sync/atomic"

	"github.com/manchester-insight/targeting/engine/disclosure"
	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
)

const shards = 64

// Accumulator counts records and distinct people (and households) per
// cell (area x service slot). Add is safe for concurrent use: ids are
// sharded by hash, so each shard is locked once per batch.
type Accumulator struct {
	Areas, Slots int
	records      []atomic.Int64
	people       *distinct
	households   *distinct // nil unless households are counted
}

// NewAccumulator makes an accumulator for areas x slots cells.
func NewAccumulator(areas, slots int, households bool) *Accumulator {
	a := &Accumulator{Areas: areas, Slots: slots, records: make([]atomic.Int64, areas*slots), people: newDistinct()}
	if households {
		a.households = newDistinct()
	}
	return a
}

// Add counts the rows of b whose cell is not negative.
func (a *Accumulator) Add(b *extract.Batch, cell []int32) {
	local := make([]int64, len(a.records))
	for i := 0; i < b.N; i++ {
		if c := cell[i]; c >= 0 {
			local[c]++
		}
	}
	for c, n := range local {
		if n != 0 {
			a.records[c].Add(n)
		}
	}
	a.people.add(newKeyColumn(&b.Person), cell, b.N)
	if a.households != nil {
		a.households.add(newKeyColumn(&b.Household), cell, b.N)
	}
}

// distinct is a sharded set of (id, cell) pairs; each shard numbers its ids
// densely so a pair is one uint64 (id<<32 | cell).
type distinct struct {
	shards [shards]dshard
}

type dshard struct {
	mu    sync.Mutex
	ids   u64map
	n     uint32
	pairs u64set
}

func newDistinct() *distinct { return &distinct{} }

func (d *distinct) add(kc *keyColumn, cell []int32, n int) {
	type item struct {
		k    idKey
		cell uint32
	}
	var per [shards][]item
	for i := 0; i < n; i++ {
		c := cell[i]
		if c < 0 {
			continue
		}
		k := kc.at(i)
		s := shardOf(k)
		if per[s] == nil {
			per[s] = make([]item, 0, n/shards*2+16)
		}
		per[s] = append(per[s], item{k, uint32(c)})
	}
	for s := range per {
		if len(per[s]) == 0 {
			continue
		}
		sh := &d.shards[s]
		sh.mu.Lock()
		next := func() uint32 { v := sh.n; sh.n++; return v }
		for _, it := range per[s] {
			id := sh.ids.getOrAdd(it.k.n, next)
			sh.pairs.add(uint64(id)<<32 | uint64(it.cell))
		}
		sh.mu.Unlock()
	}
}

// Layout places accumulator cells on a disclosure grid: area a's ward,
// and the grid column of each service slot (-1 for an unused slot).
type Layout struct {
	Grid   *disclosure.Grid
	Column []int // slot -> grid column
}

// Records returns records per grid cell: leaf cells as counted, margins as
// sums.
func (a *Accumulator) Records(l Layout) []int64 {
	g := l.Grid
	out := make([]int64, g.Cells())
	for c := range a.records {
		n := a.records[c].Load()
		if n == 0 {
			continue
		}
		area, col := c/a.Slots, l.Column[c%a.Slots]
		if col < 0 {
			continue
		}
		w := g.WardOf[area]
		for _, cell := range []int{g.Area(area, col), g.Area(area, g.All()), g.Ward(w, col), g.Ward(w, g.All()), g.Total(col), g.Total(g.All())} {
			out[cell] += n
		}
	}
	return out
}

// People returns distinct people per grid cell. With margins false only
// the area x service cells are filled (the rest are 0), which skips the
// sort that margins need.
func (a *Accumulator) People(l Layout, margins bool) []int64 {
	return a.people.counts(a.Slots, l, margins)
}

// Households is People for household ids (nil when not counted).
func (a *Accumulator) Households(l Layout, margins bool) []int64 {
	if a.households == nil {
		return nil
	}
	return a.households.counts(a.Slots, l, margins)
}

// counts turns the pairs into distinct counts per grid cell. A person is
// counted once in every cell that holds any of their (area, service)
// pairs: once per ward even with records in two of its areas, once in all
// services even with several services.
func (d *distinct) counts(slots int, l Layout, margins bool) []int64 {
	g := l.Grid
	total := make([]int64, g.Cells())
	var mu sync.Mutex
	var wg sync.WaitGroup
	work := make(chan int)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out := make([]int64, g.Cells())
			stamp := make([]uint32, g.Cells())
			for s := range work {
				sh := &d.shards[s]
				if !margins {
					sh.pairs.each(func(p uint64) {
						c := int(uint32(p))
						if col := l.Column[c%slots]; col >= 0 {
							out[g.Area(c/slots, col)]++
						}
					})
					continue
				}
				keys := make([]uint64, 0, sh.pairs.len())
				sh.pairs.each(func(p uint64) { keys = append(keys, p) })
				slices.Sort(keys)
				// stamp[cell] == person+1 marks a cell already counted
				// for the current person (each shard restarts numbering,
				// so clear between shards).
				clear(stamp)
				for i := 0; i < len(keys); {
					person := uint32(keys[i] >> 32)
					mark := person + 1
					for ; i < len(keys) && uint32(keys[i]>>32) == person; i++ {
						c := int(uint32(keys[i]))
						col := l.Column[c%slots]
						if col < 0 {
							continue
						}
						area := c / slots
						w := g.WardOf[area]
						for _, cell := range [...]int{g.Area(area, col), g.Area(area, g.All()), g.Ward(w, col), g.Ward(w, g.All()), g.Total(col), g.Total(g.All())} {
							if stamp[cell] != mark {
								stamp[cell] = mark
								out[cell]++
							}
						}
					}
				}
			}
			mu.Lock()
			for i, v := range out {
				total[i] += v
			}
			mu.Unlock()
		}()
	}
	for s := range d.shards {
		work <- s
	}
	close(work)
	wg.Wait()
	return total
}
