package aggregate

import (
	"slices"
	"sync"
	"sync/atomic"

	"github.com/manchester-insight/targeting/engine/disclosure"
	"github.com/manchester-insight/targeting/geo/assign"
	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
)

// Counts are exact records and distinct people per area x service, with
// no margins and no disclosure control: the counting core on its own, for
// benchmarks and cross-checks against other engines. Never write them out
// unprotected for real records.
type Counts struct {
	Codes, Services []string
	Records, People [][]int64 // [area][service]
	Rows            [numReasons]int64
}

// Count reads an extract whose rows give their place by area code (the
// mapping's lsoa column) and counts records and distinct people per area
// of codes and service (every service value found, sorted). Dates are not
// filtered.
func Count(path string, m *extract.Mapping, codes []string, workers int) (*Counts, error) {
	codes = slices.Clone(codes)
	slices.Sort(codes)
	r := NewResolver(len(codes), nil)
	r.Codes = assign.NewCodes(codes)
	acc := NewAccumulator(len(codes), r.ServiceSlots(), false, workers)
	defer acc.Close()
	var rows [numReasons]atomic.Int64
	var bufs rowBuffers
	_, err := extract.Scan(path, m, workers, func(b *extract.Batch) error {
		cell, why := bufs.get(b.N)
		defer bufs.put(cell, why)
		if err := r.Resolve(b, cell, why); err != nil {
			return err
		}
		var n [numReasons]int64
		for _, w := range why {
			n[w]++
		}
		for k, v := range n {
			rows[k].Add(v)
		}
		acc.Add(b, cell)
		return nil
	})
	if err != nil {
		return nil, err
	}
	acc.Close()
	names := r.Services()
	sorted := slices.Clone(names)
	slices.Sort(sorted)
	col := make([]int, r.ServiceSlots())
	for i := range col {
		col[i] = -1
	}
	for slot, name := range names {
		col[slot] = slices.Index(sorted, name)
	}
	wardOf := make([]int, len(codes))
	l := Layout{Grid: disclosure.NewGrid(wardOf, 1, len(sorted)), Column: col}
	rec, ppl := acc.Records(l), acc.People(l, false)
	c := &Counts{Codes: codes, Services: sorted}
	for a := range codes {
		rr, pp := make([]int64, len(sorted)), make([]int64, len(sorted))
		for s := range sorted {
			rr[s], pp[s] = rec[l.Grid.Area(a, s)], ppl[l.Grid.Area(a, s)]
		}
		c.Records, c.People = append(c.Records, rr), append(c.People, pp)
	}
	for k := range rows {
		c.Rows[k] = rows[k].Load()
	}
	return c, nil
}

// rowBuffers reuses the per-row cell and reason slices across batches.
type rowBuffers struct {
	mu    sync.Mutex
	cells [][]int32
	whys  [][]Reason
}

func (p *rowBuffers) get(n int) ([]int32, []Reason) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if k := len(p.cells); k > 0 {
		c, w := p.cells[k-1], p.whys[k-1]
		p.cells, p.whys = p.cells[:k-1], p.whys[:k-1]
		if cap(c) >= n {
			return c[:n], w[:n]
		}
	}
	return make([]int32, n), make([]Reason, n)
}

func (p *rowBuffers) put(c []int32, w []Reason) {
	p.mu.Lock()
	p.cells, p.whys = append(p.cells, c), append(p.whys, w)
	p.mu.Unlock()
}
