package aggregate

import (
	"github.com/zeebo/xxh3"

	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
)

// idKey is an id as the aggregation holds it, one 64-bit number: an id
// that is a canonical decimal integer is that number (so 123 in Parquet
// and "123" in CSV are one id, and integer ids are exact); any other id is
// its 64-bit XXH3 hash with the top bit set, so text ids never meet integer
// ones. Two different text ids share a hash with odds of about n^2/2^64
// (1 in 90,000 for 20 million distinct ids in one extract), which would
// merge two people into one: a known, negligible undercount, traded for
// memory and speed (no string is kept per id).
type idKey struct {
	n     uint64
	blank bool
}

// canonicalInt parses s when it is a canonical decimal integer (digits
// only, no leading zero, fits 63 bits).
func canonicalInt(s string) (uint64, bool) {
	if len(s) == 0 || len(s) > 18 || (s[0] == '0' && len(s) > 1) {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	return v, true
}

func textKey(s string) idKey {
	if s == "" {
		return idKey{blank: true}
	}
	if v, ok := canonicalInt(s); ok {
		return idKey{n: v}
	}
	return idKey{n: xxh3.HashString(s) | 1<<63}
}

// keyColumn gives the idKey of each row of a Text column, decoding each
// dictionary entry once.
type keyColumn struct {
	t    *extract.Text
	dict []idKey
}

func newKeyColumn(t *extract.Text) *keyColumn {
	k := &keyColumn{t: t}
	if t.Idx != nil && len(t.Dict) < len(t.Idx) {
		k.dict = make([]idKey, len(t.Dict))
		for i, s := range t.Dict {
			k.dict[i] = textKey(s)
		}
	}
	return k
}

func (k *keyColumn) at(i int) idKey {
	t := k.t
	switch {
	case t.Ints != nil:
		if t.Valid != nil && !t.Valid[i] {
			return idKey{blank: true}
		}
		return idKey{n: uint64(t.Ints[i])}
	case t.Idx != nil:
		j := t.Idx[i]
		if j < 0 {
			return idKey{blank: true}
		}
		if k.dict != nil {
			return k.dict[j]
		}
		return textKey(t.Dict[j])
	}
	return textKey(t.Vals[i])
}
