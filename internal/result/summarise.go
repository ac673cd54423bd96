package result

import (
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/csvfile"
	"github.com/manchester-insight/targeting/geo/gpkg"
	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/internal/stage"
)

// SummaryInput is the ranked index a summary is built from, aligned with
// the result's areas: national ranks, scores, populations and counts from
// the scenario's summary block, or else the scenario's own composite.
type SummaryInput struct {
	Rank, Score, Pop, Count []float64
	N                       int
	Index                   string // what is summarised, in words
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
	// Warnings name the measures written blank and unranked because the
	// summary has no values for them.
	Warnings []string `json:"warnings,omitempty"`
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
	rep := SummaryReport{Scenario: sc.Name, By: by, Vintage: g.Areas, Index: res.Summary.Index, N: res.Summary.N}
	if apportion == "population" {
		return summariseApportioned(res, by, rep)
	}
	if apportion != "" && apportion != "bestfit" {
		return nil, rep, fmt.Errorf("--apportion %q: use bestfit (default) or population", apportion)
	}
	codes, _ := engine.Strings(res.Areas, ColAreaCode)
	groups := make([]string, len(codes))
	names := map[string]string{}
	at := make(map[string]int, res.Geography.Len())
	for i, c := range res.Geography.Codes {
		at[c] = i
	}
	switch by {
	case "ward", "lad", "district":
		rep.Lookup = g.Lookup.File
		for i, c := range codes {
			j := at[c]
			if by == "ward" {
				groups[i], names[res.Geography.Wards[j]] = res.Geography.Wards[j], res.Geography.WardNames[j]
			} else {
				groups[i], names[res.Geography.Districts[j]] = res.Geography.Districts[j], res.Geography.DistrictNames[j]
			}
		}
	default:
		lookup, ok := res.Groupings[by]
		if !ok {
			return nil, rep, fmt.Errorf("--by %s: this run did not read that grouping (use ward, lad, one of the scenario's geography.groupings %v, or a column of the lookup, and name it when scoring)",
				by, slices.Sorted(maps.Keys(g.Groupings)))
		}
		rep.Lookup = lookup.File
		for i, c := range codes {
			gr, ok := lookup.Groups[c]
			if !ok {
				return nil, rep, &indicators.DataError{File: lookup.File, Column: lookup.Area, Code: c, Msg: fmt.Sprintf("area is not in the %s grouping", by)}
			}
			groups[i], names[gr.Code] = gr.Code, gr.Name
		}
	}
	in := res.Summary
	return summaryRecord(engine.SummaryInput{Groups: groups, Rank: in.Rank, Score: orNaN(in.Score, len(codes)),
		Population: in.Pop, Count: in.Count, N: in.N}, names, rep)
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
	if res.WardShares == nil {
		return nil, rep, fmt.Errorf("--apportion population: this run did not read geography.ward_shares (ask for it when scoring)")
	}
	rep.Lookup = res.WardShares.File
	shares := res.WardShares.Shares
	codes, _ := engine.Strings(res.Areas, ColAreaCode)
	in := res.Summary
	score := orNaN(in.Score, len(codes))
	var si engine.SummaryInput
	si.N = in.N
	names := map[string]string{}
	for i, c := range codes {
		ss, ok := shares[c]
		if !ok {
			return nil, rep, &indicators.DataError{File: rep.Lookup, Column: ws.Area, Code: c, Msg: "area has no ward shares"}
		}
		for _, s := range ss {
			names[s.Group.Code] = s.Group.Name
			si.Groups = append(si.Groups, s.Group.Code)
			si.Rank = append(si.Rank, in.Rank[i])
			si.Score = append(si.Score, score[i])
			si.Population = append(si.Population, in.Pop[i]*s.Share)
			if in.Count != nil {
				si.Count = append(si.Count, in.Count[i]*s.Share)
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
	head, err := engine.NewRecord([]string{"group_code", "group_name"}, []any{gcodes, gnames})
	if err != nil {
		return nil, rep, err
	}
	defer head.Release()
	// The measures as the engine made them, blanks (unranked) included.
	fields := append(slices.Clone(head.Schema().Fields()), rec.Schema().Fields()[1:]...)
	cols := append(slices.Clone(head.Columns()), rec.Columns()[1:]...)
	out := array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, rec.NumRows())
	rep.Groups, rep.Codes = len(gcodes), gcodes
	for _, f := range rec.Schema().Fields() {
		if m, ok := strings.CutPrefix(f.Name, "rank_of_"); ok && rec.Column(rec.Schema().FieldIndices(f.Name)[0]).NullN() == int(rec.NumRows()) && rec.NumRows() > 0 {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s has no values (the summary has no column for it, e.g. summary.score for average_score), so it and rank_of_%s are blank", m, m))
		}
	}
	return out, rep, err
}

// WriteSummary writes a summary as CSV at path and, for wards with
// boundaries, as a GeoPackage layer next to it (same stem, .gpkg), plus a
// run report (stem_report.json). Files appear only once all are written.
func WriteSummary(res *Result, rec arrow.RecordBatch, rep SummaryReport, path string) ([]string, error) {
	dir, base := filepath.Dir(path), filepath.Base(path)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	st, err := stage.New(dir, "summary")
	if err != nil {
		return nil, err
	}
	defer st.Abort()
	if err := st.Write(base, func(p string) error { return csvfile.Write(p, rec) }); err != nil {
		return nil, err
	}
	if strings.HasPrefix(rep.By, "ward") && res.WardGeoms != nil {
		wcodes, _ := engine.Strings(res.Wards, ColWardCode)
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
		if err := st.Write(stem+".gpkg", func(p string) error { return gpkg.Write(p, []*geo.Layer{layer}, res.Metadata()) }); err != nil {
			return nil, err
		}
	}
	rep.Outputs = append(slices.Clone(st.Files()), stem+"_report.json")
	if err := st.Write(stem+"_report.json", func(p string) error { return WriteJSON(p, rep) }); err != nil {
		return nil, err
	}
	return st.Publish()
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
