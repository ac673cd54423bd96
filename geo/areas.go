package geo

import (
	"bytes"
	"io"
	"strings"
	"unsafe"

	"github.com/manchester-insight/targeting/internal/csvio"
)

// AreaLookup names the columns of a best-fit lookup from small areas to wards
// and districts (e.g. ONS "LSOA (2011) to Ward (2019) Lookup").
type AreaLookup struct {
	File                           string
	Area, AreaName, Ward, WardName string
	District                       string
	DistrictName                   string // optional
	// Files, when set, opens the file and hashes it as it is read.
	Files *csvio.Files
	// Extra are more columns to read per area (e.g. an MSOA code column,
	// for summaries by that grouping), into Areas.Extra.
	Extra []string
}

// Areas is the set of small areas a scenario scores, with their best-fit
// ward and district, in lookup file order.
type Areas struct {
	Codes, Names     []string
	Wards, WardNames []string
	Districts        []string
	DistrictNames    []string // "" where the lookup has no name column
	// Extra holds AreaLookup.Extra's columns, aligned with Codes.
	Extra map[string][]string
}

// Len is the number of areas.
func (a *Areas) Len() int { return len(a.Codes) }

// Country codes that Within accepts besides district codes: they keep the
// areas whose codes carry the country's letter (E01... for England).
var countries = map[string]string{"E92000001": "E", "W92000004": "W"}

// within reports whether an area belongs to the filter: a district code, a
// country code (E92000001 England, W92000004 Wales) or "" for all areas.
func within(filter, code, district string) bool {
	if filter == "" {
		return true
	}
	if prefix, ok := countries[filter]; ok {
		return strings.HasPrefix(code, prefix)
	}
	return district == filter
}

// LoadAreas reads the lookup and keeps the areas within the filter (a
// district code, a country code, or "" for all). Each area must appear once.
func LoadAreas(l AreaLookup, filter string) (*Areas, error) {
	rd, err := l.Files.NewReader(l.File)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	cols := append([]string{l.Area, l.AreaName, l.Ward, l.WardName, l.District, l.DistrictName}, l.Extra...)
	at := make([]int, len(cols))
	for i, c := range cols {
		if c == "" && i == 5 {
			at[i] = -1
			continue
		}
		if at[i], err = rd.Index(c); err != nil {
			return nil, err
		}
	}
	a := &Areas{}
	if len(l.Extra) > 0 {
		a.Extra = make(map[string][]string, len(l.Extra))
	}
	seen := map[string]int{}
	// Ward and district codes and names repeat on every row: keep one copy.
	interned := map[string]string{}
	intern := func(b []byte) string {
		if s, ok := interned[string(b)]; ok {
			return s
		}
		s := string(b)
		interned[s] = s
		return s
	}
	// Codes and names are unique per area: gather their bytes in one arena
	// and cut the strings from one allocation at the end, instead of two
	// small allocations per area.
	var arena []byte
	var ends []int // end of each area's code, then its name, in arena
	var lines []int
	for {
		rec, line, err := rd.NextBytes()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		field := func(i int) []byte {
			if at[i] < 0 {
				return nil
			}
			return bytes.TrimSpace(rec[at[i]])
		}
		code := field(0)
		if !within(filter, unsafeString(code), unsafeString(field(4))) {
			continue
		}
		if len(code) == 0 {
			return nil, csvio.Errorf("%s: row %d, column %q: area code is blank", l.File, line, l.Area)
		}
		arena = append(arena, code...)
		ends = append(ends, len(arena))
		arena = append(arena, field(1)...)
		ends = append(ends, len(arena))
		lines = append(lines, line)
		a.Wards = append(a.Wards, intern(field(2)))
		a.WardNames = append(a.WardNames, intern(field(3)))
		a.Districts = append(a.Districts, intern(field(4)))
		a.DistrictNames = append(a.DistrictNames, intern(field(5)))
		for k, c := range l.Extra {
			v := field(6 + k)
			if len(v) == 0 {
				return nil, csvio.Errorf("%s: row %d, column %q, area %s: blank group code", l.File, line, c, code)
			}
			a.Extra[c] = append(a.Extra[c], intern(v))
		}
	}
	all := string(arena)
	a.Codes, a.Names = make([]string, len(lines)), make([]string, len(lines))
	from := 0
	for i := range lines {
		a.Codes[i], a.Names[i] = all[from:ends[2*i]], all[ends[2*i]:ends[2*i+1]]
		from = ends[2*i+1]
		if prev, dup := seen[a.Codes[i]]; dup {
			return nil, csvio.Errorf("%s: row %d, column %q, area %s: area appears more than once (first at row %d); a best-fit lookup has one row per area",
				l.File, lines[i], l.Area, a.Codes[i], prev)
		}
		seen[a.Codes[i]] = lines[i]
	}
	if len(a.Codes) == 0 {
		return nil, csvio.Errorf("%s: no areas within %q (column %q)", l.File, filter, l.District)
	}
	return a, nil
}

// unsafeString views bytes as a string for a comparison that does not keep it.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
