package pipeline

import (
	"bytes"
	"encoding/csv"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/pipelines/aggregate"
	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
)

// Options are the knobs of a Beam aggregation that the mapping file does
// not hold.
type Options struct {
	// Shards is the number of keys each shuffle spreads ids over (default
	// 64): more shards, smaller groups per worker.
	Shards int
	// Workers is the goroutines reading one file (0: one per CPU).
	Workers int
	// Now is the run's date, the default as_of (zero: now).
	Now time.Time
}

// Plan is a job, fixed at launch: the mapping (with the command line's
// overrides), the extract's files in row order, and what the in-process
// path would work out before reading the extract. It travels to every
// worker inside the pipeline.
type Plan struct {
	Config   *aggregate.Config
	Extract  string   // the extract as given on the command line
	Files    []string // its files; rows are ordered by file, then row
	Inputs   []aggregate.Input
	Services map[string]string // raw value -> service id; nil: every value is a service
	// Households: rows must carry a household id, and households are
	// counted.
	Households     bool
	AsOf, From, To time.Time
	Started        time.Time
	Shards         int
	Workers        int
	Out            string
}

// Geography is the side input every worker gets: the areas counted in, in
// the order cells number them, and each area's district.
type Geography struct {
	Areas *aggregate.Areas
	LAD   []string
}

// Prepare checks a job and works out its plan and geography, reading the
// lookup, denominators, postcode lookup and boundaries through
// aggregate.Run on an empty extract, so a bad mapping fails here, at
// launch, with the same errors as the in-process path, and the areas,
// window and inputs are the ones that path would use.
func Prepare(cfg *aggregate.Config, extractPath, out string, opt Options) (*Plan, *Geography, error) {
	files, err := ListFiles(extractPath)
	if err != nil {
		return nil, nil, err
	}
	tmp, err := os.MkdirTemp("", "targeting-beam-prepare-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(tmp)
	empty := filepath.Join(tmp, "empty.csv")
	if err := writeHeader(empty, &cfg.Extract); err != nil {
		return nil, nil, err
	}
	probe := *cfg
	probe.Extract.Format = "csv"
	if len(cfg.Services) == 0 {
		// With no service listed, an empty extract has no service column,
		// and disclosure control cannot protect a table of nothing; the
		// probe's services are never used.
		probe.Services = map[string]*aggregate.ServiceDef{"probe": {Count: "records", Per: "population"}}
	}
	skel, err := aggregate.Run(&probe, empty, aggregate.Options{Workers: 1, Now: opt.Now})
	if err != nil {
		return nil, nil, err
	}
	if opt.Shards <= 0 {
		opt.Shards = 64
	}
	// Workers may run in another folder (a Flink task manager, a container):
	// local paths travel absolute.
	own := *cfg
	own.Path = absolute(cfg.Path)
	for i := range files {
		files[i] = absolute(files[i])
	}
	p := &Plan{Config: &own, Extract: extractPath, Files: files, AsOf: skel.AsOf, From: skel.From, To: skel.To,
		Started: time.Now().UTC(), Shards: opt.Shards, Workers: opt.Workers, Out: absolute(out)}
	for _, in := range skel.Inputs {
		if in.Role != "extract" {
			p.Inputs = append(p.Inputs, in)
		}
	}
	if len(cfg.Services) > 0 {
		p.Services = map[string]string{}
		for _, id := range cfg.ServiceIDs() {
			vals := cfg.Services[id].Values
			if len(vals) == 0 {
				vals = []string{id}
			}
			for _, v := range vals {
				p.Services[v] = id
			}
		}
	}
	p.Households = cfg.Extract.Columns.Household != ""
	for _, s := range cfg.Services {
		p.Households = p.Households || s.Count == "households"
	}
	g := &Geography{Areas: skel.Areas}
	l := cfg.Geography.Lookup
	la, err := geo.LoadAreas(geo.AreaLookup{File: cfg.Resolve(l.File), Area: l.Area, AreaName: l.AreaName,
		Ward: l.Ward, WardName: l.WardName, District: l.District}, cfg.Geography.Within)
	if err != nil {
		return nil, nil, err
	}
	lad := make(map[string]string, la.Len())
	for i, c := range la.Codes {
		lad[c] = la.Districts[i]
	}
	for _, c := range g.Areas.Codes {
		g.LAD = append(g.LAD, lad[c])
	}
	return p, g, nil
}

// absolute makes a local path absolute; remote ones (gs://...) are left.
func absolute(p string) string {
	if p == "" || isRemote(p) {
		return p
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// writeHeader writes a CSV extract with the mapping's columns and no rows.
func writeHeader(path string, m *extract.Mapping) error {
	c := m.Columns
	var hdr []string
	for _, name := range []string{c.RecordID, c.Date, c.Service, c.Person, c.Household, c.LSOA, c.Postcode,
		c.Easting, c.Northing, c.Lon, c.Lat, c.Synthetic} {
		if name != "" {
			hdr = append(hdr, name)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write(hdr)
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// encode and decode carry plans, geographies and summaries between
// stages: gob, because denominators may be NaN, which JSON cannot hold.
func encode(v any) []byte {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(v); err != nil {
		panic(fmt.Sprintf("aggregate: encoding %T: %v", v, err))
	}
	return b.Bytes()
}

func decode(b []byte, v any) error {
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(v); err != nil {
		return fmt.Errorf("aggregate: decoding %T: %w", v, err)
	}
	return nil
}
