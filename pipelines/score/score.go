package score

import (
	"fmt"
	"log/slog"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo/crs"
	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
)

// Run scores a scenario: Load, then Compute. It writes nothing.
func Run(sc *scenario.Scenario, opt Options, log *slog.Logger) (*result.Result, error) {
	started := time.Now().UTC()
	in, err := Load(sc, opt)
	if err != nil {
		return nil, err
	}
	return compute(sc, in, started, log)
}

// Compute scores a scenario from its inputs as Load read them: align,
// convert, score, assemble. It reads no files.
func Compute(sc *scenario.Scenario, in *Inputs, log *slog.Logger) (*result.Result, error) {
	return compute(sc, in, time.Now().UTC(), log)
}

func compute(sc *scenario.Scenario, in *Inputs, started time.Time, log *slog.Logger) (*result.Result, error) {
	rep := result.Report{Scenario: sc.Name, Title: sc.Title, Version: engine.Version, Started: started,
		ScenarioSHA: sha256Hex(sc.Text), Inputs: slices.Clone(in.Files)}
	p, err := prepare(sc, in, &rep, log)
	if err != nil {
		return nil, err
	}
	input, srcs, files, pop := p.input, p.srcs, p.files, p.pop
	defer input.Release()
	for _, ind := range sc.Indicators {
		if ind.Value == "" {
			continue
		}
		k, declared := ind.KindOf()
		if !declared {
			k += " (default)"
		}
		if rep.Kinds == nil {
			rep.Kinds = map[string]string{}
		}
		rep.Kinds[ind.ID] = k
	}
	res, err := engine.Score(input, p.Model(sc))
	if err != nil {
		return nil, explainMissing(err, sc, files)
	}
	er := res.Report
	rep.Areas, rep.Selected, rep.Selection = er.Areas, er.Selected, er.Selection
	rep.Imputed, rep.Dropped, rep.Warnings = er.Imputed, er.Dropped, er.Warnings
	rep.ImputedAreas = er.ImputedValues
	rep.Treated, rep.PCAWeights = er.Treated, er.PCAWeights
	for _, w := range er.Warnings {
		log.Warn(w)
	}

	out, err := assemble(sc, in, pop, res.Record, &rep)
	if err != nil {
		return nil, err
	}
	rep.Attribution = attribution(sc)
	for _, id := range slices.Sorted(maps.Keys(sc.Sources)) {
		if sc.Sources[id].Synthetic && used(sc, id) {
			rep.Synthetic = append(rep.Synthetic, id)
		}
	}
	if len(rep.Synthetic) > 0 {
		w := fmt.Sprintf("SYNTHETIC DATA: sources %v are generated test data, not real records; do not use these results for decisions", rep.Synthetic)
		rep.Warnings = append(rep.Warnings, w)
		log.Warn(w)
	}
	rep.Finished = time.Now().UTC()
	out.Report = rep
	out.Engine = res
	out.Geography = in.Areas
	out.Groupings, out.WardShares = in.Groupings, in.WardShares
	if out.Summary, err = summaryInputs(out, sc, srcs, files); err != nil {
		return nil, err
	}
	log.Info("scored", "areas", rep.Areas, engine.ColSelected, rep.Selected, result.ColPeopleCovered, rep.People)
	return out, nil
}

// EngineInput is the engine's input for a scenario on inputs as Load read
// them: the areas (area_code, group_code, rank_group as ranking.within
// says) with one column of raw values per indicator, aligned, converted
// and smoothed as a run does. It depends on the scenario's geography,
// sources, indicator definitions and ranking only, so a caller that
// changes weights, domain weights, aggregation or the selection rule can
// score it again with engine.Score(input, changed.Model()) and get what Run
// of the changed scenario gives — except for national ranks converted
// between vintages, whose N Run sets from the conversion. The caller
// releases the record. It reads no files.
func EngineInput(sc *scenario.Scenario, in *Inputs, log *slog.Logger) (arrow.RecordBatch, error) {
	p, err := prepare(sc, in, &result.Report{}, log)
	if err != nil {
		return nil, err
	}
	return p.input, nil
}

// prepared is the aligned input of a run.
type prepared struct {
	input arrow.RecordBatch
	srcs  map[string]*loaded
	files map[string]string
	pop   []float64
}

// Model is the scenario's engine model with what the inputs decide: the
// N of ranks re-ranked after a vintage conversion (out of the converted
// areas, not the scenario's n).
func (p *prepared) Model(sc *scenario.Scenario) engine.Model {
	model := sc.Model()
	for i, ind := range sc.Indicators {
		if ind.Value == "" {
			continue
		}
		if n, ok := p.srcs[ind.Source].reranked[ind.Value]; ok && model.Indicators[i].Norm.RankInput {
			model.Indicators[i].Norm.N = n
		}
	}
	return model
}

// prepare aligns each source onto the areas and builds the engine's input.
func prepare(sc *scenario.Scenario, in *Inputs, rep *result.Report, log *slog.Logger) (*prepared, error) {
	g := sc.Geography
	areas, vint := in.Areas, in.Vintages
	log.Info("areas", "geography", g.Areas, "within", g.Within, "n", areas.Len())
	if vint != nil {
		if i, msg := vint.Check(areas.Codes, g.Areas); i >= 0 {
			return nil, &indicators.DataError{File: g.Lookup.File, Column: g.Lookup.Area, Code: areas.Codes[i], Msg: msg}
		}
	}

	// Align each source onto the areas, with every column the scenario needs.
	need := sourceColumns(sc)
	srcs := map[string]*loaded{}
	files := map[string]string{}
	for _, id := range slices.Sorted(maps.Keys(need)) {
		l, err := loadSource(sc, id, in.Tables[id], need[id], areas, vint, in.Apportion, rep)
		if err != nil {
			return nil, err
		}
		srcs[id], files[id] = l, l.file
		log.Info("source", "id", id, "file", l.file, "columns", len(need[id]))
	}

	pop := srcs[g.Population.Source].columns[g.Population.Column]
	for i, p := range pop {
		if math.IsNaN(p) {
			return nil, &indicators.DataError{File: files[g.Population.Source], Column: g.Population.Column, Code: areas.Codes[i],
				Msg: "no population for this area (geography.population must cover every area)"}
		}
	}

	names := []string{engine.ColCode, engine.ColGroup}
	cols := []any{areas.Codes, areas.Wards}
	switch sc.Ranking.Within {
	case "district":
		names, cols = append(names, engine.ColRankGroup), append(cols, areas.Districts)
	case "ward":
		names, cols = append(names, engine.ColRankGroup), append(cols, areas.Wards)
	}
	var nb [][]int // queen contiguity, built once if spatial_eb needs it
	neighbours := func() ([][]int, error) {
		var err error
		if nb == nil {
			nb, err = queenNeighbours(in)
		}
		return nb, err
	}
	for _, ind := range sc.Indicators {
		names = append(names, ind.ID)
		if ind.Smooth == nil {
			cols = append(cols, indicatorValues(ind, srcs))
			continue
		}
		v, note, err := smoothedValues(ind, srcs, in, neighbours)
		if err != nil {
			return nil, err
		}
		cols = append(cols, v)
		rep.Smoothed = append(rep.Smoothed, note)
	}
	if sc.Bands != nil && sc.Bands.Weight == string(engine.BandPopulation) {
		names, cols = append(names, engine.ColPopulation), append(cols, pop)
	}
	input, err := engine.NewRecord(names, cols)
	if err != nil {
		return nil, err
	}
	return &prepared{input: input, srcs: srcs, files: files, pop: pop}, nil
}

// assemble joins the engine's scores back to names, wards, population and
// boundaries, and summarises by ward.
func assemble(sc *scenario.Scenario, in *Inputs, pop []float64, scored arrow.RecordBatch, rep *result.Report) (*result.Result, error) {
	areas := in.Areas
	codes, _ := engine.Strings(scored, result.ColAreaCode)
	row := make(map[string]int, areas.Len())
	for i, c := range areas.Codes {
		row[c] = i
	}
	n := len(codes)
	var (
		names, wards, wardNames = make([]string, n), make([]string, n), make([]string, n)
		people                  = make([]float64, n)
	)
	for i, c := range codes {
		j := row[c]
		names[i], wards[i], wardNames[i], people[i] = areas.Names[j], areas.Wards[j], areas.WardNames[j], pop[j]
	}
	score, _ := engine.Floats(scored, engine.ColScore)
	selected, _ := engine.Bools(scored, engine.ColSelected)

	// The areas table: the contract columns first, then the engine's
	// columns as they are (shared, not copied).
	head, err := engine.NewRecord([]string{result.ColAreaCode, result.ColAreaName, result.ColWardCode, result.ColWardName, result.ColPopulation},
		[]any{codes, names, wards, wardNames, people})
	if err != nil {
		return nil, err
	}
	areaRec := appendColumns(head, scored, 1)

	sum, err := engine.GroupSummary(wards, people, score, selected)
	if err != nil {
		return nil, err
	}
	defer sum.Release()
	wcodes, _ := engine.Strings(sum, "group_code")
	wname := map[string]string{}
	for i, w := range wards {
		wname[w] = wardNames[i]
	}
	wn := make([]string, len(wcodes))
	for i, w := range wcodes {
		wn[i] = wname[w]
	}
	wfields := []string{result.ColWardCode, result.ColWardName}
	wvals := []any{wcodes, wn}
	for k, f := range sum.Schema().Fields()[1:] {
		wfields = append(wfields, f.Name)
		wvals = append(wvals, engine.Slice(sum.Column(k+1)))
	}
	wardRec, err := engine.NewRecord(wfields, wvals)
	if err != nil {
		return nil, err
	}
	for i := range people {
		if selected[i] {
			rep.People += people[i]
		}
	}
	rep.Wards = len(wcodes)

	res := &result.Result{Scenario: sc, Areas: areaRec, Wards: wardRec}
	if !sc.HasBoundaries() {
		return res, nil
	}
	ag, err := in.AreaBounds.For(codes)
	if err != nil {
		return nil, err
	}
	wg, err := in.WardBounds.For(wcodes)
	if err != nil {
		return nil, err
	}
	for i := range ag {
		ag[i] = crs.ProjectToBNG(ag[i])
	}
	for i := range wg {
		wg[i] = crs.ProjectToBNG(wg[i])
	}
	res.AreaGeoms, res.WardGeoms = ag, wg
	return res, nil
}

// attribution collects the licence lines of every source and the geography.
func attribution(sc *scenario.Scenario) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(sc.Sources)) {
		add(sc.Sources[id].Attribution)
	}
	add(sc.Geography.Attribution)
	return out
}

// used reports whether the scenario reads a source for an indicator.
func used(sc *scenario.Scenario, id string) bool {
	for _, ind := range sc.Indicators {
		if ind.Source == id {
			return true
		}
	}
	return false
}

// appendColumns is head's columns followed by rec's columns from index
// from on, sharing their buffers.
func appendColumns(head, rec arrow.RecordBatch, from int) arrow.RecordBatch {
	fields := append([]arrow.Field{}, head.Schema().Fields()...)
	cols := append([]arrow.Array{}, head.Columns()...)
	fields = append(fields, rec.Schema().Fields()[from:]...)
	cols = append(cols, rec.Columns()[from:]...)
	return array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, head.NumRows())
}
