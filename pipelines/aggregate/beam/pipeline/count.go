package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"sync"
	"time"

	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/pipelines/aggregate"
	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
)

// Measures: the count vectors summed across the job.
const (
	measureRecords = iota
	measurePeople
	measureHouseholds
)

// summary is what one file contributes besides its pairs: records per
// cell (sparse), rows by reason, and what the report says of the file.
type summary struct {
	Ordinal   int
	Format    string
	Rows      int64
	Synthetic bool
	Reasons   []int64 // by aggregate.Reason
	Names     []string
	Slots     int
	Cells     []int32 // cells with records ...
	Records   []int64 // ... and how many
	Input     aggregate.Input
}

// countFn reads one extract file and places and counts every row with the
// shared aggregate.Resolver. It emits the file's distinct (person, cell)
// and (household, cell) pairs by person shard, its summary, and the
// service names its resolver numbers slots by.
type countFn struct {
	Plan []byte

	plan *Plan
	once sync.Once
	r    *aggregate.Resolver
	dups dupTable
	err  error
}

func (f *countFn) Setup() error {
	f.plan = &Plan{}
	return decode(f.Plan, f.plan)
}

// prepare builds the resolver and duplicate table from the side inputs,
// once per worker instance: they are the same for the whole job.
func (f *countFn) prepare(geoSide, dupSide func(*[]byte) bool) error {
	f.once.Do(func() {
		var g *Geography
		if g, f.err = readGeography(geoSide); f.err != nil {
			return
		}
		if f.r, f.err = newResolver(f.plan, g); f.err != nil {
			return
		}
		f.dups, f.err = readDups(dupSide)
	})
	return f.err
}

func (f *countFn) ProcessElement(ctx context.Context, ordinal int, geoSide, dupSide func(*[]byte) bool,
	emitPairs func(int, []byte), emitSummary func([]byte), emitNames func(string)) error {
	if err := f.prepare(geoSide, dupSide); err != nil {
		return err
	}
	p, r := f.plan, f.r
	path := p.Files[ordinal]
	local, done, err := localCopy(ctx, path)
	if err != nil {
		return err
	}
	defer done()
	start := time.Now()
	c := newFileCounter(p, r, f.dups, ordinal)
	info, err := extract.Scan(local, &p.Config.Extract, p.Workers, func(b *extract.Batch) error {
		return c.add(b, path)
	})
	if err != nil {
		return dataError(err, path, local)
	}
	names := r.Services()
	for m, shards := range [][]pairSet{c.people, c.households} {
		for s := range shards {
			if ps := shards[s].pairs(); len(ps) > 0 {
				b := encodePairs(names, r.ServiceSlots(), ps)
				ctrPairBytes.Inc(ctx, int64(len(b)))
				emitPairs((measurePeople+m)*p.Shards+s, b)
			}
		}
	}
	sum := summary{Ordinal: ordinal, Format: info.Format, Rows: info.Rows, Synthetic: info.Synthetic,
		Reasons: c.reasons, Names: names, Slots: r.ServiceSlots(), Input: hashInput(path, local)}
	for cell, n := range c.records {
		if n != 0 {
			sum.Cells, sum.Records = append(sum.Cells, int32(cell)), append(sum.Records, n)
		}
	}
	ctrRows.Inc(ctx, info.Rows)
	ctrCountMillis.Inc(ctx, time.Since(start).Milliseconds())
	emitSummary(encode(sum))
	for _, n := range names {
		emitNames(n)
	}
	return nil
}

// fileCounter accumulates one file; add is safe for concurrent use.
type fileCounter struct {
	p          *Plan
	r          *aggregate.Resolver
	dups       dupTable
	ordinal    int
	mu         sync.Mutex // records, reasons
	shardMu    []sync.Mutex
	records    []int64
	reasons    []int64
	people     []pairSet // by shard
	households []pairSet
}

func newFileCounter(p *Plan, r *aggregate.Resolver, dups dupTable, ordinal int) *fileCounter {
	c := &fileCounter{p: p, r: r, dups: dups, ordinal: ordinal,
		records: make([]int64, r.Areas*r.ServiceSlots()), reasons: make([]int64, len(aggregate.Reasons())),
		people: make([]pairSet, p.Shards), shardMu: make([]sync.Mutex, p.Shards)}
	if p.Households {
		c.households = make([]pairSet, p.Shards)
	}
	return c
}

// add places a batch's rows: the shared resolver decides every row, then
// the extract-wide duplicate check applies in the order the in-process
// resolver checks it (after a malformed row, before everything else).
func (c *fileCounter) add(b *extract.Batch, path string) error {
	cell := make([]int32, b.N)
	why := make([]aggregate.Reason, b.N)
	if err := c.r.Resolve(b, cell, why); err != nil {
		return &indicators.DataError{File: path, Row: int(b.First), Column: c.p.Config.Extract.Columns.Service, Msg: err.Error()}
	}
	if c.p.Config.Extract.Columns.RecordID != "" {
		ids := newKeyColumn(&b.RecordID)
		for i := 0; i < b.N; i++ {
			if why[i] == aggregate.Malformed {
				continue
			}
			k, ok := ids.at(i)
			switch {
			case !ok:
				why[i], cell[i] = aggregate.BlankID, -1
			case c.isDuplicate(k, position(c.ordinal, b.First+int64(i))):
				why[i], cell[i] = aggregate.DuplicateID, -1
			}
		}
	}
	reasons := make([]int64, len(c.reasons))
	records := map[int32]int64{}
	people := make([][]pair, c.p.Shards)
	var households [][]pair
	pk := newKeyColumn(&b.Person)
	var hk *keyColumn
	if c.households != nil {
		households = make([][]pair, c.p.Shards)
		hk = newKeyColumn(&b.Household)
	}
	for i := 0; i < b.N; i++ {
		reasons[why[i]]++
		if cell[i] < 0 {
			continue
		}
		records[cell[i]]++
		if k, ok := pk.at(i); ok {
			s := k.shard(c.p.Shards)
			people[s] = append(people[s], pair{k, uint32(cell[i])})
		}
		if hk != nil {
			if k, ok := hk.at(i); ok {
				s := k.shard(c.p.Shards)
				households[s] = append(households[s], pair{k, uint32(cell[i])})
			}
		}
	}
	c.mu.Lock()
	for k, n := range reasons {
		c.reasons[k] += n
	}
	for cell, n := range records {
		c.records[cell] += n
	}
	c.mu.Unlock()
	for s := range people {
		c.shardMu[s].Lock()
		for _, p := range people[s] {
			c.people[s].add(p)
		}
		if households != nil {
			for _, p := range households[s] {
				c.households[s].add(p)
			}
		}
		c.shardMu[s].Unlock()
	}
	return nil
}

func (c *fileCounter) isDuplicate(k key, pos int64) bool {
	first, ok := c.dups[k]
	return ok && first != pos
}

// hashInput describes an extract file for the report, as the in-process
// path describes its one file.
func hashInput(path, local string) aggregate.Input {
	in := aggregate.Input{Role: "extract", Path: path}
	if f, err := os.Open(local); err == nil {
		h := sha256.New()
		in.Bytes, _ = io.Copy(h, f)
		f.Close()
		in.SHA256 = hex.EncodeToString(h.Sum(nil))
	}
	return in
}
