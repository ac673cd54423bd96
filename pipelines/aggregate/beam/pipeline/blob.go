package pipeline

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// Shuffled data is plain little-endian bytes: a []byte is the one element
// type every runner moves without a schema or reflection per field, and
// these blobs are most of what crosses the network.

var le = binary.LittleEndian

// pair is one distinct (id, cell) of a file: a person or household with a
// record in an area x service cell (area*slots + service slot, slots as
// numbered by the file's resolver).
type pair struct {
	k    key
	cell uint32
}

const pairBytes = 20

// encodePairs packs pairs with the slot names that give their cells a
// meaning beyond the worker that made them.
func encodePairs(names []string, slots int, ps []pair) []byte {
	b := le.AppendUint32(nil, uint32(slots))
	b = le.AppendUint32(b, uint32(len(names)))
	for _, n := range names {
		b = le.AppendUint32(b, uint32(len(n)))
		b = append(b, n...)
	}
	b = le.AppendUint64(b, uint64(len(ps)))
	b = slices.Grow(b, len(ps)*pairBytes)
	for _, p := range ps {
		b = le.AppendUint64(b, p.k.hi)
		b = le.AppendUint64(b, p.k.lo)
		b = le.AppendUint32(b, p.cell)
	}
	return b
}

// pairBlob is a decoded pair blob: the slot names, then the pairs.
type pairBlob struct {
	names []string
	slots int
	data  []byte
}

// decodePairs unpacks a pair blob's header.
func decodePairs(b []byte) (*pairBlob, error) {
	bad := fmt.Errorf("aggregate: truncated pair blob")
	if len(b) < 8 {
		return nil, bad
	}
	pb := &pairBlob{slots: int(le.Uint32(b)), names: make([]string, le.Uint32(b[4:]))}
	b = b[8:]
	for i := range pb.names {
		if len(b) < 4 || len(b) < 4+int(le.Uint32(b)) {
			return nil, bad
		}
		l := int(le.Uint32(b))
		pb.names[i], b = string(b[4:4+l]), b[4+l:]
	}
	if len(b) < 8 || uint64(len(b)-8) != le.Uint64(b)*pairBytes {
		return nil, bad
	}
	pb.data = b[8:]
	return pb, nil
}

// each calls fn with every pair.
func (pb *pairBlob) each(fn func(pair)) {
	for e := pb.data; len(e) >= pairBytes; e = e[pairBytes:] {
		fn(pair{key{le.Uint64(e), le.Uint64(e[8:])}, le.Uint32(e[16:])})
	}
}

// idPos is a record id and the position of its row in the extract
// (file ordinal << 40 | row number).
type idPos struct {
	k   key
	pos int64
}

const idBytes = 24

func encodeIDs(ids []idPos) []byte {
	b := make([]byte, 0, len(ids)*idBytes)
	for _, id := range ids {
		b = le.AppendUint64(b, id.k.hi)
		b = le.AppendUint64(b, id.k.lo)
		b = le.AppendUint64(b, uint64(id.pos))
	}
	return b
}

func decodeIDs(b []byte) ([]idPos, error) {
	if len(b)%idBytes != 0 {
		return nil, fmt.Errorf("aggregate: truncated id blob")
	}
	out := make([]idPos, len(b)/idBytes)
	for i := range out {
		e := b[i*idBytes:]
		out[i] = idPos{key{le.Uint64(e), le.Uint64(e[8:])}, int64(le.Uint64(e[16:]))}
	}
	return out, nil
}

// position numbers a row across the extract: files in order, then rows.
func position(ordinal int, row int64) int64 { return int64(ordinal)<<40 | row }

func encodeCounts(v []int64) []byte {
	b := make([]byte, 0, 8*len(v))
	for _, x := range v {
		b = le.AppendUint64(b, uint64(x))
	}
	return b
}

func decodeCounts(b []byte) ([]int64, error) {
	if len(b)%8 != 0 {
		return nil, fmt.Errorf("aggregate: truncated count vector")
	}
	out := make([]int64, len(b)/8)
	for i := range out {
		out[i] = int64(le.Uint64(b[i*8:]))
	}
	return out, nil
}

// sumCounts adds two count vectors: the combiner of every measure.
func sumCounts(a, b []byte) []byte {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	if len(a) != len(b) {
		panic(fmt.Sprintf("aggregate: count vectors of %d and %d bytes", len(a), len(b)))
	}
	out := make([]byte, len(a))
	for i := 0; i < len(a); i += 8 {
		le.PutUint64(out[i:], le.Uint64(a[i:])+le.Uint64(b[i:]))
	}
	return out
}
