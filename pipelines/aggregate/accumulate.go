package aggregate

import (
	"math/bits"
	"runtime"
	"sync"

	"github.com/manchester-insight/targeting/engine/disclosure"
	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
)

// subShards is the number of pieces each distinct-people set is cut into,
// by a hash of the id. Each piece belongs to one owner goroutine, and is
// small enough (8.9 M pairs / 256 = 35,000, a 512 KiB table) that a run of
// inserts into it stays in the core's cache.
const subShards = 256

// flushItems is how many (id, cell) items a reader collects for one piece
// before handing them to the piece's owner.
const flushItems = 1024

// Accumulator counts records and distinct people (and households) per
// cell (area x service slot). Add is safe for concurrent use and takes no
// lock or atomic per record: each reader counts records into an array of
// its own (merged once, at Close), and sends each (person, cell) to the
// goroutine that owns the person's piece of the distinct set, in blocks;
// no two goroutines ever write the same table. Close must be called once
// all Adds have returned, before Records, People or Households.
type Accumulator struct {
	Areas, Slots int
	people       *distinct
	households   *distinct // nil unless households are counted

	mu      sync.Mutex
	free    []*reader // readers not in use by an Add
	readers []*reader // every reader made
	records []int64   // merged at Close
	closed  bool
}

// reader is the state of one concurrent Add: its own record counts and
// its blocks of items on their way to the owners.
type reader struct {
	records []int64
	people  []*[]item // by piece
	house   []*[]item
}

// NewAccumulator makes an accumulator for areas x slots cells, with
// workers owner goroutines per distinct set (0: one per CPU).
func NewAccumulator(areas, slots int, households bool, workers int) *Accumulator {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	cb := uint(bits.Len(uint(max(areas*slots-1, 1))))
	a := &Accumulator{Areas: areas, Slots: slots, people: newDistinct(cb, workers)}
	if households {
		a.households = newDistinct(cb, workers)
	}
	return a
}

func (a *Accumulator) reader() *reader {
	a.mu.Lock()
	defer a.mu.Unlock()
	if n := len(a.free); n > 0 {
		r := a.free[n-1]
		a.free = a.free[:n-1]
		return r
	}
	r := &reader{records: make([]int64, a.Areas*a.Slots), people: make([]*[]item, subShards)}
	if a.households != nil {
		r.house = make([]*[]item, subShards)
	}
	a.readers = append(a.readers, r)
	return r
}

// Add counts the rows of b whose cell is not negative.
func (a *Accumulator) Add(b *extract.Batch, cell []int32) {
	r := a.reader()
	for i := 0; i < b.N; i++ {
		if c := cell[i]; c >= 0 {
			r.records[c]++
		}
	}
	a.people.add(r.people, newKeyColumn(&b.Person), cell, b.N)
	if a.households != nil {
		a.households.add(r.house, newKeyColumn(&b.Household), cell, b.N)
	}
	a.mu.Lock()
	a.free = append(a.free, r)
	a.mu.Unlock()
}

// Close hands the last blocks to the owners, waits for them and merges the
// record counts. It is safe to call more than once.
func (a *Accumulator) Close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return
	}
	a.closed = true
	a.records = make([]int64, a.Areas*a.Slots)
	for _, r := range a.readers {
		for c, n := range r.records {
			a.records[c] += n
		}
		a.people.flush(r.people)
		if a.households != nil {
			a.households.flush(r.house)
		}
	}
	a.people.close()
	if a.households != nil {
		a.households.close()
	}
	a.readers, a.free = nil, nil
}

// item is one (id, cell) on its way to the owner of the id's piece.
type item struct {
	id   uint64
	cell uint32
}

// block is a run of items for one piece.
type block struct {
	piece int
	items *[]item
}

// distinct is a set of (id, cell) pairs cut into pieces by a hash of the
// id; piece p is written only by owner p % len(owners). A pair is one
// uint64: id<<cellBits | cell when the id fits in 63-cellBits bits (most
// integer ids), else 1<<63 | n<<cellBits | cell with n the id's number in
// its piece, so that no id string or 128-bit key is kept.
type distinct struct {
	cellBits uint
	pieces   [subShards]piece
	owners   []chan block
	wg       sync.WaitGroup
	pool     sync.Pool // *[]item with capacity flushItems
}

type piece struct {
	ids   u64map // ids too large to use directly -> their number
	n     uint64
	pairs u64set
}

func newDistinct(cellBits uint, owners int) *distinct {
	d := &distinct{cellBits: cellBits}
	d.pool.New = func() any { s := make([]item, 0, flushItems); return &s }
	d.owners = make([]chan block, owners)
	for o := range d.owners {
		ch := make(chan block, 64)
		d.owners[o] = ch
		d.wg.Add(1)
		go func() {
			defer d.wg.Done()
			for b := range ch {
				d.insert(b.piece, *b.items)
				*b.items = (*b.items)[:0]
				d.pool.Put(b.items)
			}
		}()
	}
	return d
}

func pieceOf(id uint64) int { return int(hash64(id) >> (64 - 8)) } // subShards = 1<<8

// insert adds items to piece p; only p's owner calls it.
func (d *distinct) insert(p int, items []item) {
	pc := &d.pieces[p]
	cb := d.cellBits
	direct := uint64(1) << (63 - cb)
	for _, it := range items {
		id := it.id
		if id >= direct {
			id = uint64(pc.ids.getOrAdd(id, func() uint32 { v := pc.n; pc.n++; return uint32(v) }))
			pc.pairs.add(1<<63 | id<<cb | uint64(it.cell))
			continue
		}
		pc.pairs.add(id<<cb | uint64(it.cell))
	}
}

// add collects the (id, cell) of the rows of a batch whose cell is not
// negative into the reader's blocks, sending each full block to its owner.
func (d *distinct) add(blocks []*[]item, kc *keyColumn, cell []int32, n int) {
	for i := 0; i < n; i++ {
		c := cell[i]
		if c < 0 {
			continue
		}
		k := kc.at(i).n
		p := pieceOf(k)
		bp := blocks[p]
		if bp == nil {
			bp = d.pool.Get().(*[]item)
			blocks[p] = bp
		}
		*bp = append(*bp, item{k, uint32(c)})
		if len(*bp) == flushItems {
			d.owners[p%len(d.owners)] <- block{p, bp}
			blocks[p] = nil
		}
	}
}

// flush sends a reader's partly filled blocks.
func (d *distinct) flush(blocks []*[]item) {
	for p, bp := range blocks {
		if bp != nil && len(*bp) > 0 {
			d.owners[p%len(d.owners)] <- block{p, bp}
		}
		blocks[p] = nil
	}
}

// close stops the owners once they have inserted everything sent.
func (d *distinct) close() {
	for _, ch := range d.owners {
		close(ch)
	}
	d.wg.Wait()
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
	for c, n := range a.records {
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
// services even with several services. Each goroutine takes whole pieces
// (a person's pairs are all in one piece) and counts into its own array.
func (d *distinct) counts(slots int, l Layout, margins bool) []int64 {
	g := l.Grid
	cb := d.cellBits
	cellMask := uint64(1)<<cb - 1
	total := make([]int64, g.Cells())
	var mu sync.Mutex
	var wg sync.WaitGroup
	work := make(chan int, subShards)
	for p := range d.pieces {
		work <- p
	}
	close(work)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out := make([]int64, g.Cells())
			var stamp []uint32
			var keys []uint64
			var buckets []int32
			mark := uint32(0)
			if margins {
				stamp = make([]uint32, g.Cells())
			}
			for p := range work {
				pairs := &d.pieces[p].pairs
				if !margins {
					pairs.each(func(k uint64) {
						c := int(k & cellMask)
						if col := l.Column[c%slots]; col >= 0 {
							out[g.Area(c/slots, col)]++
						}
					})
					continue
				}
				keys = groupByPerson(pairs, cb, keys, &buckets)
				// stamp[cell] == mark: the cell is already counted for the
				// current person (marks only grow, so nothing is cleared).
				for i := 0; i < len(keys); {
					person := keys[i] >> cb
					mark++
					for ; i < len(keys) && keys[i]>>cb == person; i++ {
						c := int(keys[i] & cellMask)
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
	wg.Wait()
	return total
}

// groupByPerson returns the pairs of a set (in buf) with each person's
// pairs next to each other: a counting sort by a hash of the person into
// about one bucket per 4 pairs, then an insertion sort inside each bucket
// (a few keys). It is linear in the pairs, unlike a full sort.
func groupByPerson(s *u64set, cb uint, buf []uint64, counts *[]int32) []uint64 {
	n := s.len()
	nb := 1
	for nb*4 < n {
		nb <<= 1
	}
	// The low bits of the hash: the top ones chose the piece.
	mask := uint64(nb - 1)
	bucket := func(k uint64) int { return int(hash64(k>>cb) & mask) }
	c := *counts
	if cap(c) < nb+1 {
		c = make([]int32, nb+1)
	}
	c = c[:nb+1]
	clear(c)
	s.each(func(k uint64) { c[bucket(k)+1]++ })
	for i := 1; i <= nb; i++ {
		c[i] += c[i-1]
	}
	if cap(buf) < n {
		buf = make([]uint64, n)
	}
	buf = buf[:n]
	s.each(func(k uint64) {
		b := bucket(k)
		buf[c[b]] = k
		c[b]++
	})
	// c[b] is now the end of bucket b.
	start := int32(0)
	for b := 0; b < nb; b++ {
		end := c[b]
		for i := start + 1; i < end; i++ {
			for j := i; j > start && buf[j] < buf[j-1]; j-- {
				buf[j], buf[j-1] = buf[j-1], buf[j]
			}
		}
		start = end
	}
	*counts = c
	return buf
}
