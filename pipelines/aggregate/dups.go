package aggregate

import (
	"sync"

	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
)

// dupIndex knows, for every record id that occurs more than once, the row
// where it first occurs. It is built in a first pass over the record ids
// (rows may arrive in any order, so the first row is the minimum, not the
// first seen) and is read-only afterwards: the row at the first occurrence
// is counted, every later one is a duplicate, whatever the order of work.
type dupIndex struct {
	shards [64]dupShard
}

type dupEntry struct {
	first int64
	n     int32
}

type dupShard struct {
	mu      sync.Mutex
	index   u64map // id -> position in entries
	entries []dupEntry
}

func newDupIndex() *dupIndex {
	return &dupIndex{}
}

func shardOf(k idKey) int { return int(hash64(k.n) >> 58) }

// observe records the ids of a batch.
func (d *dupIndex) observe(b *extract.Batch) {
	kc := newKeyColumn(&b.RecordID)
	type obs struct {
		k   idKey
		row int64
	}
	var per [64][]obs
	for i := 0; i < b.N; i++ {
		k := kc.at(i)
		if k.blank {
			continue
		}
		s := shardOf(k)
		per[s] = append(per[s], obs{k, b.First + int64(i)})
	}
	for s := range per {
		if len(per[s]) == 0 {
			continue
		}
		sh := &d.shards[s]
		sh.mu.Lock()
		for _, o := range per[s] {
			at := sh.index.getOrAdd(o.k.n, func() uint32 {
				sh.entries = append(sh.entries, dupEntry{first: o.row})
				return uint32(len(sh.entries) - 1)
			})
			e := &sh.entries[at]
			e.first = min(e.first, o.row)
			e.n++
		}
		sh.mu.Unlock()
	}
}

// prune keeps only ids seen more than once, which are few, so the second
// pass looks up a small table.
func (d *dupIndex) prune() {
	for s := range d.shards {
		sh := &d.shards[s]
		var keep u64map
		var entries []dupEntry
		for i, used := range sh.index.used {
			if used && sh.entries[sh.index.vals[i]].n > 1 {
				e := sh.entries[sh.index.vals[i]]
				keep.getOrAdd(sh.index.keys[i], func() uint32 { entries = append(entries, e); return uint32(len(entries) - 1) })
			}
		}
		sh.index, sh.entries = keep, entries
	}
}

// duplicate reports whether the id at row is a later occurrence.
func (d *dupIndex) duplicate(k idKey, row int64) bool {
	sh := &d.shards[shardOf(k)]
	at, ok := sh.index.get(k.n)
	return ok && row != sh.entries[at].first
}
