package pipeline

import (
	"errors"
	"slices"
	"sync"

	"github.com/manchester-insight/targeting/engine/disclosure"
)

// distinctFn counts distinct people (or households) per grid cell for one
// person shard: every pair of every file for the shard's people meets
// here. A person counts once in each cell that holds any of their (area,
// service) pairs, and once in each margin above it (area x all services,
// ward x service, ward x all, district x service, district x all), which
// is the in-process Accumulator's rule; shards hold disjoint people, so
// their vectors add up.
type distinctFn struct {
	Plan []byte

	plan  *Plan
	once  sync.Once
	frame *frame
	err   error
}

func (f *distinctFn) Setup() error {
	f.plan = &Plan{}
	return decode(f.Plan, f.plan)
}

func (f *distinctFn) ProcessElement(k int, blobs func(*[]byte) bool, geoSide func(*[]byte) bool, nameSide func(*string) bool,
	emit func(int, []byte)) error {
	f.once.Do(func() { f.frame, f.err = newFrame(geoSide, nameSide) })
	if f.err != nil {
		return f.err
	}
	fr := f.frame
	g := fr.grid
	type entry struct {
		k    key
		area int32
		col  int32
	}
	var all []entry
	var b []byte
	for blobs(&b) {
		pb, err := decodePairs(b)
		if err != nil {
			return err
		}
		col := fr.columns(pb.names)
		pb.each(func(p pair) {
			all = append(all, entry{p.k, int32(int(p.cell) / pb.slots), int32(col[int(p.cell)%pb.slots])})
		})
	}
	slices.SortFunc(all, func(a, b entry) int { return a.k.compare(b.k) })
	out := make([]int64, g.Cells())
	stamp := make([]uint32, g.Cells()) // stamp[c] == n: cell c already counts person n
	var n uint32
	for i := 0; i < len(all); {
		n++
		for k := all[i].k; i < len(all) && all[i].k == k; i++ {
			for _, c := range cellsOf(g, int(all[i].area), int(all[i].col)) {
				if stamp[c] != n {
					stamp[c] = n
					out[c]++
				}
			}
		}
	}
	emit(k/f.plan.Shards, encodeCounts(out))
	return nil
}

// cellsOf lists the grid cells a count in (area, column) adds to: the cell
// and its margins.
func cellsOf(g *disclosure.Grid, area, col int) [6]int {
	w := g.WardOf[area]
	return [6]int{g.Area(area, col), g.Area(area, g.All()), g.Ward(w, col), g.Ward(w, g.All()), g.Total(col), g.Total(g.All())}
}

// frame is the job-wide layout every stage after the count agrees on: the
// areas, the service columns (every service any file's resolver found,
// sorted, as the in-process path sorts them) and the disclosure grid.
type frame struct {
	geo      *Geography
	services []string
	col      map[string]int
	grid     *disclosure.Grid
}

func newFrame(geoSide func(*[]byte) bool, nameSide func(*string) bool) (*frame, error) {
	g, err := readGeography(geoSide)
	if err != nil {
		return nil, err
	}
	fr := &frame{geo: g, col: map[string]int{}}
	var s string
	for nameSide(&s) {
		if _, ok := fr.col[s]; !ok {
			fr.col[s] = 0
			fr.services = append(fr.services, s)
		}
	}
	slices.Sort(fr.services)
	for i, s := range fr.services {
		fr.col[s] = i
	}
	a := g.Areas
	fr.grid = disclosure.NewGrid(a.Ward, len(a.WardCodes), len(fr.services))
	return fr, nil
}

// columns maps a file's service slots (by their names) to the job's
// columns.
func (fr *frame) columns(names []string) []int {
	out := make([]int, len(names))
	for i, n := range names {
		out[i] = fr.col[n]
	}
	return out
}

var errNoGeography = errors.New("aggregate: the geography side input is empty")

// readGeography decodes the geography side input (one element).
func readGeography(side func(*[]byte) bool) (*Geography, error) {
	var b []byte
	if !side(&b) {
		return nil, errNoGeography
	}
	g := &Geography{}
	return g, decode(b, g)
}
