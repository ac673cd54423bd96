package pipeline

import (
	"cmp"
	"strconv"

	"github.com/zeebo/xxh3"

	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
)

// key is an id (person, household, record) as the pipeline shuffles it:
// the 128-bit XXH3 hash of the id's text, so that 123 in one Parquet file
// and "123" in another are one id, and two different ids share a key with
// odds of about n^2/2^129: never, in practice, at any national volume.
type key struct{ hi, lo uint64 }

func keyOf(s string) key {
	h := xxh3.HashString128(s)
	return key{h.Hi, h.Lo}
}

// compare orders keys, for sorting by person or id.
func (k key) compare(o key) int {
	if k.hi != o.hi {
		return cmp.Compare(k.hi, o.hi)
	}
	return cmp.Compare(k.lo, o.lo)
}

// shard picks the shuffle shard of a key from its top bits.
func (k key) shard(shards int) int { return int((k.hi >> 32) % uint64(shards)) }

// keyColumn gives the key of each value of a Text column, hashing each
// dictionary entry once. A blank value (Text.String is "") has no key, as
// in the in-process path.
type keyColumn struct {
	t     *extract.Text
	dict  []key
	blank []bool
	buf   []byte
}

func newKeyColumn(t *extract.Text) *keyColumn {
	k := &keyColumn{t: t}
	if t.Idx != nil {
		k.dict, k.blank = make([]key, len(t.Dict)), make([]bool, len(t.Dict))
		for i, s := range t.Dict {
			k.dict[i], k.blank[i] = keyOf(s), s == ""
		}
	}
	return k
}

// at returns row i's key, and false when the value is blank.
func (k *keyColumn) at(i int) (key, bool) {
	t := k.t
	switch {
	case t.Idx != nil:
		j := t.Idx[i]
		if j < 0 || k.blank[j] {
			return key{}, false
		}
		return k.dict[j], true
	case t.Ints != nil:
		if t.Valid != nil && !t.Valid[i] {
			return key{}, false
		}
		k.buf = strconv.AppendInt(k.buf[:0], t.Ints[i], 10)
		h := xxh3.Hash128(k.buf)
		return key{h.Hi, h.Lo}, true
	case t.Vals != nil:
		if t.Vals[i] == "" {
			return key{}, false
		}
		return keyOf(t.Vals[i]), true
	}
	return key{}, false
}
