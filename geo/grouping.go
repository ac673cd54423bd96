package geo

import (
	"io"
	"strings"

	"github.com/manchester-insight/targeting/internal/csvio"
)

// Group is a group's code and name.
type Group struct{ Code, Name string }

// LoadGrouping reads a lookup from area codes to groups (e.g. LSOA -> MSOA).
// An area may appear on several rows (an OA-level file lists each LSOA once
// per OA) as long as they name the same group; nameCol may be "".
func LoadGrouping(fs *csvio.Files, file, areaCol, groupCol, nameCol string) (map[string]Group, error) {
	rd, err := fs.NewReader(file)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	ai, err := rd.Index(areaCol)
	if err != nil {
		return nil, err
	}
	gi, err := rd.Index(groupCol)
	if err != nil {
		return nil, err
	}
	ni := -1
	if nameCol != "" {
		if ni, err = rd.Index(nameCol); err != nil {
			return nil, err
		}
	}
	out := map[string]Group{}
	first := map[string]int{}
	for {
		rec, line, err := rd.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		area, g := strings.TrimSpace(rec[ai]), Group{Code: strings.TrimSpace(rec[gi])}
		if ni >= 0 {
			g.Name = strings.TrimSpace(rec[ni])
		}
		if area == "" || g.Code == "" {
			return nil, csvio.Errorf("%s: row %d: blank area or group code", file, line)
		}
		if prev, ok := out[area]; ok && prev.Code != g.Code {
			return nil, csvio.Errorf("%s: row %d, area %s: in group %s here but %s at row %d; a grouping must give each area one group",
				file, line, area, g.Code, prev.Code, first[area])
		}
		if _, ok := out[area]; !ok {
			first[area] = line
		}
		out[area] = g
	}
}
