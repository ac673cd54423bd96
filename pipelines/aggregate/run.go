package aggregate

import (
	"log/slog"
	"slices"
	"sort"
	"sync/atomic"
	"time"

	"github.com/manchester-insight/targeting/engine/disclosure"
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/assign"
	"github.com/manchester-insight/targeting/geo/crs"
	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
)

// Options tune a run without changing its result.
type Options struct {
	Workers int          // goroutines reading and counting (0: one per CPU)
	Now     time.Time    // the run's date, the default as_of (zero: now)
	Log     *slog.Logger // nil: no logging
}

// Areas are the small areas a run counts in, sorted by code, with their
// wards (sorted by code) and denominators.
type Areas struct {
	Codes, Names []string
	Ward         []int // ward number of each area
	WardCodes    []string
	WardNames    []string
	District     string
	// Denominators by name, per area.
	Denominators map[string][]float64
	DenomNames   []string
}

// Result is a run's counts, exact (before disclosure control) and the
// disclosure status of every cell. Write applies the statuses; nothing
// else should print the exact counts.
type Result struct {
	Config    *Config
	Extract   *extract.Info
	Areas     *Areas
	Services  []string // service ids in column order
	Layout    Layout
	Records   []int64 // per grid cell
	People    []int64
	House     []int64 // nil when households are not counted
	Status    []disclosure.Status
	Rows      [numReasons]int64 // rows by reason
	From, To  time.Time
	AsOf      time.Time
	Synthetic bool
	Started   time.Time
	Finished  time.Time
	Inputs    []Input
}

// Run reads the extract through the config and counts it, then applies
// disclosure control. It writes nothing.
func Run(cfg *Config, extractPath string, opt Options) (*Result, error) {
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	res := &Result{Config: cfg, Started: time.Now().UTC()}
	areas, err := loadAreas(cfg, res)
	if err != nil {
		return nil, err
	}
	res.Areas = areas
	log.Info("areas", "n", len(areas.Codes), "wards", len(areas.WardCodes), "within", cfg.Geography.Within)

	var raw map[string]string
	if len(cfg.Services) > 0 {
		raw = map[string]string{}
		for _, id := range cfg.ServiceIDs() {
			vals := cfg.Services[id].Values
			if len(vals) == 0 {
				vals = []string{id}
			}
			for _, v := range vals {
				if prev, dup := raw[v]; dup && prev != id {
					return nil, cfg.errAt("services."+id+".values", "value %q is also a value of service %s", v, prev)
				}
				raw[v] = id
			}
		}
	}
	households := false
	for _, s := range cfg.Services {
		households = households || s.Count == "households"
	}
	households = households || cfg.Extract.Columns.Household != ""
	r := NewResolver(len(areas.Codes), raw)
	r.Households = households
	r.Codes = assign.NewCodes(areas.Codes)
	if err := resolverGeography(cfg, r, areas, res); err != nil {
		return nil, err
	}
	res.AsOf = dayOf(now)
	if cfg.AsOf != "" {
		res.AsOf, _ = time.Parse(time.DateOnly, cfg.AsOf)
	}
	r.AsOf = extract.Days(res.AsOf)
	if cfg.Window.From != "" {
		res.From, _ = time.Parse(time.DateOnly, cfg.Window.From)
		r.From = extract.Days(res.From)
	}
	if cfg.Window.To != "" {
		res.To, _ = time.Parse(time.DateOnly, cfg.Window.To)
		r.To = extract.Days(res.To)
	}

	if cfg.Extract.Columns.RecordID != "" {
		r.dups = newDupIndex()
		if _, err := extract.ScanIDs(extractPath, &cfg.Extract, opt.Workers, func(b *extract.Batch) error {
			r.dups.observe(b)
			return nil
		}); err != nil {
			return nil, err
		}
		r.dups.prune()
	}
	acc := NewAccumulator(len(areas.Codes), r.ServiceSlots(), households, opt.Workers)
	defer acc.Close()
	// The extract's hash (for the report) is read beside the scan.
	hashed := make(chan Input, 1)
	go func() { hashed <- newInput("extract", extractPath) }()
	var rows [numReasons]atomic.Int64
	var bufs rowBuffers
	info, err := extract.Scan(extractPath, &cfg.Extract, opt.Workers, func(b *extract.Batch) error {
		cell, why := bufs.get(b.N)
		defer bufs.put(cell, why)
		if err := r.Resolve(b, cell, why); err != nil {
			return &indicators.DataError{File: extractPath, Row: int(b.First), Column: cfg.Extract.Columns.Service, Msg: err.Error()}
		}
		var n [numReasons]int64
		for _, w := range why {
			n[w]++
		}
		for k, v := range n {
			if v != 0 {
				rows[k].Add(v)
			}
		}
		acc.Add(b, cell)
		return nil
	})
	in := <-hashed
	if err != nil {
		return nil, err
	}
	acc.Close()
	res.Extract = info
	res.Inputs = append(res.Inputs, in)
	for k := range rows {
		res.Rows[k] = rows[k].Load()
	}
	res.Synthetic = info.Synthetic || cfg.Synthetic

	// Services in column order: as configured (sorted ids), or as found,
	// sorted by name.
	names := r.Services()
	res.Services = slices.Clone(names)
	slices.Sort(res.Services)
	col := make([]int, r.ServiceSlots())
	for i := range col {
		col[i] = -1
	}
	for slot, name := range names {
		col[slot] = slices.Index(res.Services, name)
	}
	grid := disclosure.NewGrid(areas.Ward, len(areas.WardCodes), len(res.Services))
	res.Layout = Layout{Grid: grid, Column: col}
	res.Records = acc.Records(res.Layout)
	res.People = acc.People(res.Layout, true)
	res.House = acc.Households(res.Layout, true)
	measures := [][]int64{res.Records, res.People}
	if res.House != nil {
		measures = append(measures, res.House)
	}
	res.Status, err = disclosure.Protect(cfg.Rule(), measures, grid.Lines())
	if err != nil {
		return nil, err
	}
	res.Finished = time.Now().UTC()
	var aside int64
	for k, v := range res.Rows {
		if Reason(k).Dirty() {
			aside += v
		}
	}
	primary, secondary := res.suppressed()
	log.Info("counted", "rows", info.Rows, "counted", res.Rows[Counted], "outside_window", res.Rows[OutsideWindow],
		"set_aside", aside, "cells", len(res.Status), "primary", primary, "secondary", secondary, "synthetic", res.Synthetic)
	return res, nil
}

func (res *Result) suppressed() (primary, secondary int) {
	for _, s := range res.Status {
		switch s {
		case disclosure.Primary:
			primary++
		case disclosure.Secondary:
			secondary++
		}
	}
	return
}

func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// loadAreas reads the lookup (areas within the district, sorted by code),
// numbers the wards and joins the denominators.
func loadAreas(cfg *Config, res *Result) (*Areas, error) {
	l := cfg.Geography.Lookup
	la, err := geo.LoadAreas(geo.AreaLookup{File: cfg.Resolve(l.File), Area: l.Area, AreaName: l.AreaName,
		Ward: l.Ward, WardName: l.WardName, District: l.District}, cfg.Geography.Within)
	if err != nil {
		return nil, err
	}
	res.Inputs = append(res.Inputs, newInput("geography.lookup", cfg.Resolve(l.File)))
	order := make([]int, la.Len())
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return la.Codes[order[i]] < la.Codes[order[j]] })
	a := &Areas{District: cfg.Geography.Within, Denominators: map[string][]float64{}}
	wardName := map[string]string{}
	for _, i := range order {
		a.Codes = append(a.Codes, la.Codes[i])
		a.Names = append(a.Names, la.Names[i])
		if _, ok := wardName[la.Wards[i]]; !ok {
			a.WardCodes = append(a.WardCodes, la.Wards[i])
		}
		wardName[la.Wards[i]] = la.WardNames[i]
	}
	slices.Sort(a.WardCodes)
	for _, w := range a.WardCodes {
		a.WardNames = append(a.WardNames, wardName[w])
	}
	wardAt := make(map[string]int, len(a.WardCodes))
	for j, w := range a.WardCodes {
		wardAt[w] = j
	}
	for _, i := range order {
		a.Ward = append(a.Ward, wardAt[la.Wards[i]])
	}
	if a.District == "" && len(la.Districts) > 0 {
		a.District = la.Districts[0]
	}
	for _, d := range cfg.Denominators {
		names := make([]string, 0, len(d.Columns))
		for n := range d.Columns {
			names = append(names, n)
		}
		slices.Sort(names)
		cols := make([]string, len(names))
		for k, n := range names {
			cols[k] = d.Columns[n]
		}
		file := cfg.Resolve(d.File)
		t, err := indicators.LoadCSV(indicators.Spec{File: file, Code: d.Code, Columns: cols})
		if err != nil {
			return nil, err
		}
		res.Inputs = append(res.Inputs, newInput("denominators", file))
		row := map[string]int{}
		for i, c := range t.Codes() {
			row[c] = i
		}
		for k, n := range names {
			v, _ := t.Column(cols[k])
			out := make([]float64, len(a.Codes))
			for i, code := range a.Codes {
				j, ok := row[code]
				if !ok {
					return nil, &indicators.DataError{File: file, Column: d.Code, Code: code, Msg: "no row for this area: denominators must cover every area"}
				}
				out[i] = v[j]
			}
			a.Denominators[n] = out
			a.DenomNames = append(a.DenomNames, n)
		}
	}
	slices.Sort(a.DenomNames)
	return a, nil
}

// resolverGeography loads the postcode lookup and the boundaries that the
// mapping's location columns need.
func resolverGeography(cfg *Config, r *Resolver, areas *Areas, res *Result) error {
	g := cfg.Geography
	if cfg.Extract.Columns.Postcode != "" {
		file := cfg.Resolve(g.Postcodes.File)
		k, err := assign.LoadKeys(file, g.Postcodes.Key, g.Postcodes.Area, r.Codes)
		if err != nil {
			return err
		}
		r.Keys = k
		res.Inputs = append(res.Inputs, newInput("geography.postcodes", file))
	}
	kind := cfg.Extract.Point()
	if kind == extract.NoPoint {
		return nil
	}
	file := cfg.Resolve(g.Boundaries.File)
	b, err := geo.LoadGeoJSON(nil, file, g.Boundaries.Code)
	if err != nil {
		return err
	}
	res.Inputs = append(res.Inputs, newInput("geography.boundaries", file))
	geoms, err := b.For(areas.Codes)
	if err != nil {
		return err
	}
	if kind == extract.BNG {
		for i := range geoms {
			geoms[i] = crs.ProjectToBNG(geoms[i])
		}
	}
	r.Points, err = assign.NewIndex(areas.Codes, geoms)
	return err
}
