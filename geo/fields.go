package geo

import (
	"strconv"
	"strings"
)

// shortSuffix abbreviates the last word of a long field name.
var shortSuffix = map[string]string{
	"value": "v", "norm": "n", "score": "s", "rank": "r", "decile": "d", "selected": "sel",
	"share": "sh", "change": "ch", "count": "c", "code": "cd", "name": "nm",
}

// ShortNames gives every field name a unique short name of at most 10
// characters, for formats that truncate names (Shapefile/dBase) and for
// the data dictionary, so that truncation is never ambiguous.
//
// The rule, documented in README "Output fields": a name of 10 characters
// or fewer is its own short name. A longer name ending in a known word
// (_value, _norm, _score, _rank, _decile, _selected, _share, _change,
// _count, _code, _name) keeps as much of the rest as fits and ends in an
// abbreviation (_v, _n, _s, _r, _d, _sel, _sh, _ch, _c, _cd, _nm):
// employment_value -> employme_v, employment_norm -> employme_n. Any other
// long name is cut to 10 characters. A short name already taken (compared
// without case, as dBase does) ends in a counter instead: ..._2, ..._3.
func ShortNames(names []string) map[string]string {
	out := make(map[string]string, len(names))
	used := map[string]bool{}
	for _, n := range names {
		if len(n) <= 10 {
			out[n] = n
			used[strings.ToLower(n)] = true
		}
	}
	for _, n := range names {
		if len(n) <= 10 {
			continue
		}
		c := abbreviate(n)
		for k := 2; used[strings.ToLower(c)]; k++ {
			tail := "_" + strconv.Itoa(k)
			c = strings.TrimRight(cut(abbreviate(n), 10-len(tail)), "_") + tail
		}
		out[n] = c
		used[strings.ToLower(c)] = true
	}
	return out
}

func abbreviate(n string) string {
	if i := strings.LastIndexByte(n, '_'); i > 0 {
		if s, ok := shortSuffix[n[i+1:]]; ok {
			return strings.TrimRight(cut(n[:i], 10-1-len(s)), "_") + "_" + s
		}
	}
	return strings.TrimRight(cut(n, 10), "_")
}

// cut keeps the first n bytes of s, backing off to a whole UTF-8 rune.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
