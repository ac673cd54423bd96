package pipelines

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/csvfile"
	"github.com/manchester-insight/targeting/geo/gpkg"
	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/internal/scenario"
)

// summaryInput is the ranked index a summary is built from, aligned with
// the result's areas.
type summaryInput struct {
	rank, score, pop, count []float64
	n                       int
	index                   string // what is summarised, in words
}

// SummaryReport says what a summary did, for its run report.
type SummaryReport struct {
	Scenario string   `json:"scenario"`
	By       string   `json:"by"`
	Lookup   string   `json:"lookup"`
	Vintage  string   `json:"vintage"`
	Index    string   `json:"index"`
	N        int      `json:"n_national"`
	Groups   int      `json:"groups"`
	Codes    []string `json:"group_codes"`
	Outputs  []string `json:"outputs"`
}

// summaryInputs picks the index to summarise: the scenario's summary block
// (published national ranks, scores and the index's own denominator), or
// else the scenario's composite ranked among its own areas.
func (r *Result) summaryInputs(sc *scenario.Scenario, srcs map[string]*loaded, files map[string]string, pop []float64) error {
	codes, _ := engine.Strings(r.Areas, "area_code")
	at := make(map[string]int, r.areas.Len())
	for i, c := range r.areas.Codes {
		at[c] = i
	}
	col := func(c scenario.Column, required bool) ([]float64, error) {
		if c.Source == "" {
			return nil, nil
		}
		all := srcs[c.Source].columns[c.Column]
		out := make([]float64, len(codes))
		for i, code := range codes {
			out[i] = all[at[code]]
			if required && math.IsNaN(out[i]) {
				return nil, &indicators.DataError{File: files[c.Source], Column: c.Column, Code: code,
					Msg: "no value for this area (summary columns must cover every area)"}
			}
		}
		return out, nil
	}
	in := summaryInput{}
	sm := sc.Summary
	if sm == nil {
		rank, _ := engine.Ints(r.Areas, "rank")
		in.rank = make([]float64, len(rank))
		for i, x := range rank {
			in.rank[i] = float64(x)
		}
		in.score, _ = engine.Floats(r.Areas, "score")
		in.pop, _ = engine.Floats(r.Areas, "population")
		in.n = len(codes)
		in.index = fmt.Sprintf("the scenario's composite score, ranked among its %d areas", in.n)
		r.summary = in
		return nil
	}
	var err error
	if in.rank, err = col(sm.Rank, true); err != nil {
		return err
	}
	if in.score, err = col(sm.Score, false); err != nil {
		return err
	}
	if in.pop, err = col(sm.Population, true); err != nil {
		return err
	}
	if in.pop == nil {
		in.pop, _ = engine.Floats(r.Areas, "population")
	}
	if in.count, err = col(sm.Count, false); err != nil {
		return err
	}
	in.n = sm.N
	in.index = fmt.Sprintf("%s (national rank out of %d)", sm.Rank.Column, sm.N)
	r.summary = in
	return nil
}

// Summarise builds the IoD summary measures (average rank, average score,
// proportion in the most deprived 10%, extent, local concentration, scale,
// and the rank of each) for the result's areas grouped by ward, lad, a
// grouping of the scenario (geography.groupings), or any column of the
// geography lookup file.
//
// apportion "population" (wards only) splits each area between wards by the
// scenario's geography.ward_shares instead of the best-fit lookup: an area
// counts in every ward it has people in, with its population split by share.
func Summarise(res *Result, by, apportion string) (arrow.RecordBatch, SummaryReport, error) {
	sc := res.Scenario
	g := sc.Geography
	rep := SummaryReport{Scenario: sc.Name, By: by, Vintage: g.Areas, Index: res.summary.index, N: res.summary.n}
	if apportion == "population" {
		return summariseApportioned(res, by, rep)
	}
	if apportion != "" && apportion != "bestfit" {
		return nil, rep, fmt.Errorf("--apportion %q: use bestfit (default) or population", apportion)
	}
	codes, _ := engine.Strings(res.Areas, "area_code")
	groups := make([]string, len(codes))
	names := map[string]string{}
	at := make(map[string]int, res.areas.Len())
	for i, c := range res.areas.Codes {
		at[c] = i
	}
	switch by {
	case "ward", "lad", "district":
		rep.Lookup = sc.Resolve(g.Lookup.File)
		for i, c := range codes {
			j := at[c]
			if by == "ward" {
				groups[i], names[res.areas.Wards[j]] = res.areas.Wards[j], res.areas.WardNames[j]
			} else {
				groups[i], names[res.areas.Districts[j]] = res.areas.Districts[j], res.areas.DistrictNames[j]
			}
		}
	default:
		file, area, group, name := sc.Resolve(g.Lookup.File), g.Lookup.Area, by, ""
		if gr, ok := g.Groupings[by]; ok {
			file, area, group, name = sc.Resolve(gr.File), gr.Area, gr.Group, gr.GroupName
		}
		rep.Lookup = file
		lookup, err := geo.LoadGrouping(file, area, group, name)
		if err != nil {
			return nil, rep, fmt.Errorf("--by %s: %w (use ward, lad, one of the scenario's geography.groupings %v, or a column of the lookup)",
				by, err, mapKeys(g.Groupings))
		}
		for i, c := range codes {
			gr, ok := lookup[c]
			if !ok {
				return nil, rep, &indicators.DataError{File: file, Column: area, Code: c, Msg: fmt.Sprintf("area is not in the %s grouping", by)}
			}
			groups[i], names[gr.Code] = gr.Code, gr.Name
		}
	}
	in := res.summary
	return summaryRecord(engine.SummaryInput{Groups: groups, Rank: in.rank, Score: orNaN(in.score, len(codes)),
		Population: in.pop, Count: in.count, N: in.n}, names, rep)
}

// summariseApportioned summarises with areas split between wards by
// population shares: one input row per (area, ward) pair.
func summariseApportioned(res *Result, by string, rep SummaryReport) (arrow.RecordBatch, SummaryReport, error) {
	sc := res.Scenario
	ws := sc.Geography.WardShares
	if by != "ward" {
		return nil, rep, fmt.Errorf("--apportion population works with --by ward")
	}
	if ws == nil {
		return nil, rep, fmt.Errorf("--apportion population needs geography.ward_shares in the scenario: a lookup of (area, ward, population share), e.g. summed from output-area populations (the shipped data has no output-area to ward lookup, so the examples use the best-fit lookup)")
	}
	rep.Lookup = sc.Resolve(ws.File)
	shares, err := geo.LoadShares(rep.Lookup, ws.Area, ws.Ward, ws.WardName, ws.Share)
	if err != nil {
		return nil, rep, err
	}
	codes, _ := engine.Strings(res.Areas, "area_code")
	in := res.summary
	score := orNaN(in.score, len(codes))
	var si engine.SummaryInput
	si.N = in.n
	names := map[string]string{}
	for i, c := range codes {
		ss, ok := shares[c]
		if !ok {
			return nil, rep, &indicators.DataError{File: rep.Lookup, Column: ws.Area, Code: c, Msg: "area has no ward shares"}
		}
		for _, s := range ss {
			names[s.Group.Code] = s.Group.Name
			si.Groups = append(si.Groups, s.Group.Code)
			si.Rank = append(si.Rank, in.rank[i])
			si.Score = append(si.Score, score[i])
			si.Population = append(si.Population, in.pop[i]*s.Share)
			if in.count != nil {
				si.Count = append(si.Count, in.count[i]*s.Share)
			}
		}
	}
	rep.By = "ward (apportioned by population)"
	return summaryRecord(si, names, rep)
}

// summaryRecord runs the summary and puts group names after group codes.
func summaryRecord(si engine.SummaryInput, names map[string]string, rep SummaryReport) (arrow.RecordBatch, SummaryReport, error) {
	rec, err := engine.IoDSummary(si)
	if err != nil {
		return nil, rep, err
	}
	defer rec.Release()
	gcodes, _ := engine.Strings(rec, "group_code")
	gnames := make([]string, len(gcodes))
	for i, c := range gcodes {
		gnames[i] = names[c]
	}
	fields := []string{"group_code", "group_name"}
	cols := []any{gcodes, gnames}
	for k, f := range rec.Schema().Fields()[1:] {
		fields = append(fields, f.Name)
		cols = append(cols, engine.Slice(rec.Column(k+1)))
	}
	out, err := engine.NewRecord(fields, cols)
	rep.Groups, rep.Codes = len(gcodes), gcodes
	return out, rep, err
}

// WriteSummary writes a summary as CSV at path and, for wards with
// boundaries, as a GeoPackage layer next to it (same stem, .gpkg), plus a
// run report (stem_report.json). Files appear only once all are written.
func WriteSummary(res *Result, rec arrow.RecordBatch, rep SummaryReport, path string) ([]string, error) {
	dir, base := filepath.Dir(path), filepath.Base(path)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(dir, ".tmp-summary-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	files := []string{base}
	if err := csvfile.Write(filepath.Join(tmp, base), rec); err != nil {
		return nil, err
	}
	if strings.HasPrefix(rep.By, "ward") && res.WardGeoms != nil {
		wcodes, _ := engine.Strings(res.Wards, "ward_code")
		geom := map[string]orb.Geometry{}
		for i, c := range wcodes {
			geom[c] = res.WardGeoms[i]
		}
		gcodes, _ := engine.Strings(rec, "group_code")
		gs := make([]orb.Geometry, len(gcodes))
		for i, c := range gcodes {
			gs[i] = geom[c]
		}
		layer := &geo.Layer{Name: "summary_by_ward", Title: res.Scenario.Title + ": ward summary", SRID: geo.BNG,
			Attributes: rec, Geometry: gs, Metadata: rep.Index + "\n" + strings.Join(res.Report.Attribution, "\n")}
		f := stem + ".gpkg"
		if err := gpkg.Write(filepath.Join(tmp, f), []*geo.Layer{layer}, res.metadata()); err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	files = append(files, stem+"_report.json")
	rep.Outputs = files
	if err := writeJSON(filepath.Join(tmp, stem+"_report.json"), rep); err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		if err := os.Rename(filepath.Join(tmp, f), filepath.Join(dir, f)); err != nil {
			return out, err
		}
		out = append(out, filepath.Join(dir, f))
	}
	return out, nil
}

func orNaN(v []float64, n int) []float64 {
	if v != nil {
		return v
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = math.NaN()
	}
	return out
}

func mapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
