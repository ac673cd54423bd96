package assign

import (
	"fmt"
	"io"
	"strings"

	"github.com/manchester-insight/targeting/internal/csvio"
)

// Unknown is what a code or key lookup returns for a value not in it.
const Unknown = -2

// Codes maps area codes (e.g. LSOA11CD) to area numbers. Codes are matched
// after trimming spaces and upper-casing, as extracts type them.
type Codes struct {
	index map[string]int32
}

// NewCodes numbers codes by position.
func NewCodes(codes []string) *Codes {
	c := &Codes{index: make(map[string]int32, len(codes))}
	for i, code := range codes {
		c.index[NormCode(code)] = int32(i)
	}
	return c
}

// NormCode is the canonical form of an area code.
func NormCode(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' {
			return strings.ToUpper(s)
		}
	}
	return s
}

// Lookup returns the area number of code, or Unknown.
func (c *Codes) Lookup(code string) int {
	if i, ok := c.index[code]; ok { // fast path: already canonical
		return int(i)
	}
	if i, ok := c.index[NormCode(code)]; ok {
		return int(i)
	}
	return Unknown
}

// Keys maps postcode-like keys to area numbers, through a lookup file such
// as ONS's postcode directory (pcds -> lsoa11) or the synthetic one that
// `targeting synth` writes. Keys are matched without spaces, upper-cased, so
// "m13 9pl", "M13 9PL" and "M139PL" are one key.
type Keys struct {
	index map[string]int32
}

// NormKey is the canonical form of a postcode-like key.
func NormKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// LoadKeys reads a lookup CSV (plain or gzip) with a key column and an area
// code column; rows whose area is not one of areas are skipped (a national
// directory holds every area), and a key that appears twice with different
// areas is an error naming both rows.
func LoadKeys(path, keyCol, areaCol string, areas *Codes) (*Keys, error) {
	rd, err := csvio.NewReader(path)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	ki, err := rd.Index(keyCol)
	if err != nil {
		return nil, err
	}
	ai, err := rd.Index(areaCol)
	if err != nil {
		return nil, err
	}
	k := &Keys{index: map[string]int32{}}
	first := map[string]int{}
	for {
		rec, line, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		key := NormKey(rec[ki])
		if key == "" {
			continue
		}
		a := areas.Lookup(rec[ai])
		if a == Unknown {
			continue
		}
		if prev, ok := k.index[key]; ok && int(prev) != a {
			return nil, fmt.Errorf("%s: row %d, column %q: key %s maps to two areas (first at row %d)", path, line, keyCol, key, first[key])
		}
		k.index[key] = int32(a)
		first[key] = line
	}
	return k, nil
}

// NewKeys builds a key lookup from pairs (for tests and generated data).
func NewKeys(keys []string, areas []int) *Keys {
	k := &Keys{index: make(map[string]int32, len(keys))}
	for i, key := range keys {
		k.index[NormKey(key)] = int32(areas[i])
	}
	return k
}

// Lookup returns the area number of key, or Unknown.
func (k *Keys) Lookup(key string) int {
	if i, ok := k.index[key]; ok {
		return int(i)
	}
	if i, ok := k.index[NormKey(key)]; ok {
		return int(i)
	}
	return Unknown
}

// Len is the number of keys.
func (k *Keys) Len() int { return len(k.index) }
