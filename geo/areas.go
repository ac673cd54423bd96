package geo

import (
	"fmt"
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
}

// Areas is the set of small areas a scenario scores, with their best-fit
// ward and district, in lookup file order.
type Areas struct {
	Codes, Names     []string
	Wards, WardNames []string
	Districts        []string
}

// Len is the number of areas.
func (a *Areas) Len() int { return len(a.Codes) }

// LoadAreas reads the lookup and keeps the areas whose district is within
// (all areas when within is empty). Each area must appear once.
func LoadAreas(l AreaLookup, within string) (*Areas, error) {
	rd, err := csvio.NewReader(l.File)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	cols := []string{l.Area, l.AreaName, l.Ward, l.WardName, l.District}
	at := make([]int, len(cols))
	for i, c := range cols {
		if at[i], err = rd.Index(c); err != nil {
			return nil, err
		}
	}
	a := &Areas{}
	seen := map[string]int{}
	for {
		rec, line, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		v := func(i int) string { return strings.TrimSpace(rec[at[i]]) }
		if within != "" && v(4) != within {
			continue
		}
		code := v(0)
		if code == "" {
			return nil, fmt.Errorf("%s: row %d, column %q: area code is blank", l.File, line, l.Area)
		}
		if prev, dup := seen[code]; dup {
			return nil, fmt.Errorf("%s: row %d, column %q, area %s: area appears more than once (first at row %d); a best-fit lookup has one row per area",
				l.File, line, l.Area, code, prev)
		}
		seen[code] = line
		a.Codes = append(a.Codes, code)
		a.Names = append(a.Names, v(1))
		a.Wards = append(a.Wards, v(2))
		a.WardNames = append(a.WardNames, v(3))
		a.Districts = append(a.Districts, v(4))
	}
	if len(a.Codes) == 0 {
		return nil, fmt.Errorf("%s: no areas in district %q (column %q)", l.File, within, l.District)
	}
	return a, nil
}
