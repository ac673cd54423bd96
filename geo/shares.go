package geo

import (
	"io"
	"strconv"
	"strings"

	"github.com/manchester-insight/targeting/internal/csvio"
)

// Share is the part of an area's people living in one group.
type Share struct {
	Group Group
	Share float64 // 0..1; an area's shares sum to 1
}

// LoadShares reads an (area, group, weight) lookup and normalises each
// area's weights to shares summing to 1, so weights may be populations
// (e.g. summed from output areas) or fractions. nameCol may be "".
func LoadShares(fs *csvio.Files, file, areaCol, groupCol, nameCol, weightCol string) (map[string][]Share, error) {
	rd, err := fs.NewReader(file)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	idx := map[string]int{}
	for _, c := range []string{areaCol, groupCol, nameCol, weightCol} {
		if c == "" {
			continue
		}
		if idx[c], err = rd.Index(c); err != nil {
			return nil, err
		}
	}
	out := map[string][]Share{}
	for {
		rec, line, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		area := strings.TrimSpace(rec[idx[areaCol]])
		g := Group{Code: strings.TrimSpace(rec[idx[groupCol]])}
		if nameCol != "" {
			g.Name = strings.TrimSpace(rec[idx[nameCol]])
		}
		w, err := strconv.ParseFloat(strings.TrimSpace(rec[idx[weightCol]]), 64)
		if err != nil || w < 0 || w != w {
			return nil, csvio.Errorf("%s: row %d, column %q, area %s: %q is not a weight >= 0", file, line, weightCol, area, rec[idx[weightCol]])
		}
		if area == "" || g.Code == "" {
			return nil, csvio.Errorf("%s: row %d: blank area or group code", file, line)
		}
		out[area] = append(out[area], Share{Group: g, Share: w})
	}
	for area, ss := range out {
		var total float64
		for _, s := range ss {
			total += s.Share
		}
		if total == 0 {
			return nil, csvio.Errorf("%s: area %s has zero total weight", file, area)
		}
		for i := range ss {
			ss[i].Share /= total
		}
	}
	return out, nil
}
