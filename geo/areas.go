package geo

import (
	"bytes"
	"io"
	"strings"

	"github.com/manchester-insight/targeting/internal/csvio"
)

// AreaLookup names the columns of a best-fit lookup from small areas to wards
// and districts (e.g. ONS "LSOA (2011) to Ward (2019) Lookup").
type AreaLookup struct {
	File                           string
	Area, AreaName, Ward, WardName string
	District                       string
	DistrictName                   string // optional
}

// Areas is the set of small areas a scenario scores, with their best-fit
// ward and district, in lookup file order.
type Areas struct {
	Codes, Names     []string
	Wards, WardNames []string
	Districts        []string
	DistrictNames    []string // "" where the lookup has no name column
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
	rd, err := csvio.NewReader(l.File)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	cols := []string{l.Area, l.AreaName, l.Ward, l.WardName, l.District, l.DistrictName}
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
	for {
		rec, line, err := rd.NextBytes()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		v := func(i int) string {
			if at[i] < 0 {
				return ""
			}
			b := bytes.TrimSpace(rec[at[i]])
			if i == 0 || i == 1 {
				return string(b) // unique per area
			}
			return intern(b)
		}
		code := v(0)
		if !within(filter, code, v(4)) {
			continue
		}
		if code == "" {
			return nil, csvio.Errorf("%s: row %d, column %q: area code is blank", l.File, line, l.Area)
		}
		if prev, dup := seen[code]; dup {
			return nil, csvio.Errorf("%s: row %d, column %q, area %s: area appears more than once (first at row %d); a best-fit lookup has one row per area",
				l.File, line, l.Area, code, prev)
		}
		seen[code] = line
		a.Codes = append(a.Codes, code)
		a.Names = append(a.Names, v(1))
		a.Wards = append(a.Wards, v(2))
		a.WardNames = append(a.WardNames, v(3))
		a.Districts = append(a.Districts, v(4))
		a.DistrictNames = append(a.DistrictNames, v(5))
	}
	if len(a.Codes) == 0 {
		return nil, csvio.Errorf("%s: no areas within %q (column %q)", l.File, filter, l.District)
	}
	return a, nil
}
