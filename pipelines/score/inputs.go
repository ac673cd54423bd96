package score

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"sync"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/internal/csvio"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
)

// Options says what a run reads besides what the scenario itself needs.
type Options struct {
	// By names the groupings summaries will use, besides the scenario's
	// outputs.summaries: ward, lad and district need no file; a
	// geography.groupings name reads its lookup; any other name is a column
	// of the geography lookup.
	By []string
	// WardShares reads geography.ward_shares (summarise --apportion
	// population).
	WardShares bool
}

// Inputs is everything a run reads, read once by Load.
type Inputs struct {
	Areas    *geo.Areas
	Vintages *geo.Vintages // nil without geography.vintages
	// Tables are the scenario's sources by id, with the columns it needs.
	Tables map[string]*indicators.Table
	// Apportion are geography.apportion's populations: vintage -> code ->
	// population.
	Apportion map[string]map[string]float64
	// AreaBounds and WardBounds are nil without geography.boundaries.
	AreaBounds, WardBounds *geo.Boundaries
	Groupings              map[string]result.Grouping
	WardShares             *result.Shares
	// Files are the files read with their content hashes, in a fixed order:
	// the lookup, the vintages, geography.apportion's sources, the other
	// sources by id, the boundaries, then the groupings.
	Files []result.Input
}

// Load reads every input of a run at once: the files are independent, and
// reading and parsing is most of a run. Each file is opened once, by its
// loader, and hashed for the run report as it is read (csvio.Files).
func Load(sc *scenario.Scenario, opt Options) (*Inputs, error) {
	g := sc.Geography
	in := &Inputs{Tables: map[string]*indicators.Table{}, Groupings: map[string]result.Grouping{}}
	need := sourceColumns(sc)
	lookupCols, groupings := groupingsToRead(sc, opt)

	var files []result.Input // in report order; Source names the role
	add := func(path, role string) {
		if !slices.ContainsFunc(files, func(f result.Input) bool { return f.Path == path }) {
			files = append(files, result.Input{Path: path, Source: role})
		}
	}
	add(g.Lookup.File, "geography.lookup")
	if g.Vintages != "" {
		add(g.Vintages, "geography.vintages")
	}
	for _, v := range slices.Sorted(maps.Keys(g.Apportion)) {
		add(sc.Sources[g.Apportion[v].Source].File, "geography.apportion."+v)
	}
	for _, id := range slices.Sorted(maps.Keys(need)) {
		add(sc.Sources[id].File, id)
	}
	if sc.HasBoundaries() {
		add(g.Boundaries.Areas.File, "geography.boundaries.areas")
		add(g.Boundaries.Wards.File, "geography.boundaries.wards")
	}
	for _, name := range groupings {
		add(g.Groupings[name].File, "geography.groupings."+name)
	}
	if opt.WardShares && g.WardShares != nil {
		add(g.WardShares.File, "geography.ward_shares")
	}

	fs := csvio.NewFiles()
	var mu sync.Mutex
	tasks := []func() error{
		func() (err error) {
			in.Areas, err = geo.LoadAreas(geo.AreaLookup{File: g.Lookup.File, Area: g.Lookup.Area,
				AreaName: g.Lookup.AreaName, Ward: g.Lookup.Ward, WardName: g.Lookup.WardName, District: g.Lookup.District,
				DistrictName: g.Lookup.DistrictName, Extra: lookupCols, Files: fs}, g.Within)
			if err != nil && len(lookupCols) > 0 {
				err = byError(sc, lookupCols, err) // a --by column the lookup lacks, most likely
			}
			return err
		},
		func() (err error) {
			if g.Vintages != "" {
				in.Vintages, err = geo.LoadVintages(fs, g.Vintages)
			}
			return err
		},
	}
	read := maps.Clone(need) // and sources read only for geography.apportion
	for _, c := range g.Apportion {
		if _, ok := read[c.Source]; !ok {
			read[c.Source] = nil
		}
	}
	for id, cols := range read {
		tasks = append(tasks, func() error {
			t, err := readSource(fs, sc, id, cols)
			mu.Lock()
			in.Tables[id] = t
			mu.Unlock()
			return err
		})
	}
	if sc.HasBoundaries() {
		tasks = append(tasks, func() (err error) {
			in.AreaBounds, err = geo.LoadGeoJSON(fs, g.Boundaries.Areas.File, g.Boundaries.Areas.Code)
			return err
		}, func() (err error) {
			in.WardBounds, err = geo.LoadGeoJSON(fs, g.Boundaries.Wards.File, g.Boundaries.Wards.Code)
			return err
		})
	}
	for _, name := range groupings {
		gr := g.Groupings[name]
		tasks = append(tasks, func() error {
			groups, err := geo.LoadGrouping(fs, gr.File, gr.Area, gr.Group, gr.GroupName)
			mu.Lock()
			in.Groupings[name] = result.Grouping{File: gr.File, Area: gr.Area, Groups: groups}
			mu.Unlock()
			return err
		})
	}
	if opt.WardShares && g.WardShares != nil {
		ws := g.WardShares
		tasks = append(tasks, func() error {
			shares, err := geo.LoadShares(fs, ws.File, ws.Area, ws.Ward, ws.WardName, ws.Share)
			in.WardShares = &result.Shares{File: ws.File, Area: ws.Area, Shares: shares}
			return err
		})
	}
	if err := parallel(tasks); err != nil {
		return nil, err
	}
	for _, f := range files {
		in.Files = append(in.Files, provenance(fs, f.Path, f.Source))
	}
	for _, col := range lookupCols {
		in.Groupings[col] = lookupGrouping(in.Areas, g.Lookup.File, g.Lookup.Area, col)
	}
	var err error
	if in.Apportion, err = apportionWeights(sc, in.Tables); err != nil {
		return nil, err
	}
	return in, nil
}

// groupingsToRead sorts the summaries' groupings (opt.By and the scenario's
// outputs.summaries) into lookup columns and geography.groupings names.
func groupingsToRead(sc *scenario.Scenario, opt Options) (lookupCols, groupings []string) {
	by := append(slices.Clone(opt.By), sc.Outputs.Summaries...)
	for _, ind := range sc.Indicators {
		// empirical Bayes towards a geography.groupings group (smooth.go)
		if ind.Smooth != nil && sc.Geography.Groupings[ind.Smooth.Reference].File != "" {
			by = append(by, ind.Smooth.Reference)
		}
	}
	for _, by := range by {
		switch {
		case by == "ward" || by == "lad" || by == "district":
		case sc.Geography.Groupings[by].File != "":
			if !slices.Contains(groupings, by) {
				groupings = append(groupings, by)
			}
		default:
			if !slices.Contains(lookupCols, by) {
				lookupCols = append(lookupCols, by)
			}
		}
	}
	slices.Sort(groupings)
	return lookupCols, groupings
}

// byError says how to name a grouping when a lookup column was not found.
func byError(sc *scenario.Scenario, cols []string, err error) error {
	return fmt.Errorf("--by %v: %w (use ward, lad, one of the scenario's geography.groupings %v, or a column of the lookup)",
		cols, err, slices.Sorted(maps.Keys(sc.Geography.Groupings)))
}

// lookupGrouping is the grouping by one column of the geography lookup,
// read with the areas.
func lookupGrouping(a *geo.Areas, file, areaCol, col string) result.Grouping {
	groups := make(map[string]geo.Group, a.Len())
	for i, c := range a.Codes {
		groups[c] = geo.Group{Code: a.Extra[col][i]}
	}
	return result.Grouping{File: file, Area: areaCol, Groups: groups}
}

// provenance is a file's size and sha256 as its loader read it. A folder
// (a Hive-partitioned source) is hashed as the list of its files read, each
// by relative path and sha256, in path order.
func provenance(files *csvio.Files, path, role string) result.Input {
	in := result.Input{Path: path, Source: role}
	if s, ok := files.Sum(path); ok {
		in.Bytes, in.SHA256 = s.Bytes, s.SHA256
		return in
	}
	h := sha256.New()
	filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if s, ok := files.Sum(p); ok && err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(path, p)
			fmt.Fprintf(h, "%s %s\n", rel, s.SHA256)
			in.Bytes += s.Bytes
		}
		return nil
	})
	in.SHA256 = hex.EncodeToString(h.Sum(nil))
	return in
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// parallel runs tasks at once and returns every error, in task order
// (errors.Join): a run with two bad files names both.
func parallel(tasks []func() error) error {
	errs := make([]error, len(tasks))
	var wg sync.WaitGroup
	for i, task := range tasks {
		wg.Go(func() { errs[i] = task() })
	}
	wg.Wait()
	return errors.Join(errs...)
}
