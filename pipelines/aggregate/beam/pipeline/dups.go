package pipeline

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
)

// Duplicate record ids, across files: the in-process path counts the
// first row of an id (in extract order) and sets every later one aside.
// Here each file sends (id, position) to the shard of the id; a shard sees
// every occurrence of its ids, keeps those that occur more than once with
// their first position, and that short list reaches every counting worker
// as a side input.

// idsFn reads a file's record ids and emits them by shard.
type idsFn struct {
	Plan []byte
	plan *Plan
}

func (f *idsFn) Setup() error {
	f.plan = &Plan{}
	return decode(f.Plan, f.plan)
}

func (f *idsFn) ProcessElement(ctx context.Context, ordinal int, emit func(int, []byte)) error {
	p := f.plan
	path := p.Files[ordinal]
	local, done, err := localCopy(ctx, path)
	if err != nil {
		return err
	}
	defer done()
	per := make([][]idPos, p.Shards)
	var mu sync.Mutex
	_, err = extract.ScanIDs(local, &p.Config.Extract, p.Workers, func(b *extract.Batch) error {
		kc := newKeyColumn(&b.RecordID)
		mine := make([][]idPos, p.Shards)
		for i := 0; i < b.N; i++ {
			k, ok := kc.at(i)
			if !ok {
				continue
			}
			s := k.shard(p.Shards)
			mine[s] = append(mine[s], idPos{k, position(ordinal, b.First+int64(i))})
		}
		mu.Lock()
		for s := range mine {
			per[s] = append(per[s], mine[s]...)
		}
		mu.Unlock()
		return nil
	})
	if err != nil {
		return dataError(err, path, local)
	}
	for s, ids := range per {
		if len(ids) > 0 {
			b := encodeIDs(ids)
			ctrIDBytes.Inc(ctx, int64(len(b)))
			emit(s, b)
		}
	}
	return nil
}

// firstOfDuplicates keeps, of one shard's ids, those seen more than once,
// each with its first position.
func firstOfDuplicates(shard int, blobs func(*[]byte) bool, emit func([]byte)) error {
	var all []idPos
	var b []byte
	for blobs(&b) {
		ids, err := decodeIDs(b)
		if err != nil {
			return err
		}
		all = append(all, ids...)
	}
	slices.SortFunc(all, func(a, b idPos) int {
		if c := a.k.compare(b.k); c != 0 {
			return c
		}
		return cmp.Compare(a.pos, b.pos)
	})
	var dups []idPos
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].k == all[i].k {
			j++
		}
		if j-i > 1 {
			dups = append(dups, all[i])
		}
		i = j
	}
	if len(dups) > 0 {
		emit(encodeIDs(dups))
	}
	return nil
}

// dupTable is the side input: id -> position of its first row.
type dupTable map[key]int64

func readDups(blobs func(*[]byte) bool) (dupTable, error) {
	t := dupTable{}
	var b []byte
	for blobs(&b) {
		ids, err := decodeIDs(b)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			t[id.k] = id.pos
		}
	}
	return t, nil
}
