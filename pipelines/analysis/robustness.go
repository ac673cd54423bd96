package analysis

import (
	"fmt"
	"slices"
	"strings"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/engine/uncertainty"
	"github.com/manchester-insight/targeting/internal/result"
)

// RobustnessOptions are the command's settings; zero values take the
// scenario's robustness block, then the defaults.
type RobustnessOptions struct {
	Draws         int
	Seed          uint64
	Concentration float64 // 0: the scenario's, else uncertainty.DefaultConcentration
	DropOne       bool    // or the scenario's robustness.drop_one
	Workers       int
	Progress      func(done, total int)
}

// Robustness is the analysis of one scenario with the areas' names.
type Robustness struct {
	Scenario string `json:"scenario"`
	*uncertainty.Result
	Names map[string]string `json:"-"`
	Wards map[string]string `json:"-"`
}

// RunRobustness varies the scenario's weights, and the normalisations,
// aggregations and drop-one its robustness block names, over res's areas.
// Every normalisation is computed once, by the engine, before the draws.
func RunRobustness(res *result.Result, opt RobustnessOptions) (*Robustness, error) {
	p, uopt, err := problem(res, opt)
	if err != nil {
		return nil, err
	}
	out, err := uncertainty.Run(p, uopt)
	if err != nil {
		return nil, fmt.Errorf("robustness: %w", err)
	}
	r := &Robustness{Scenario: res.Scenario.Name, Result: out, Names: map[string]string{}, Wards: map[string]string{}}
	t := table{rec: res.Areas}
	codes, names, wards := t.strings(result.ColAreaCode), t.strings(result.ColAreaName), t.strings(result.ColWardName)
	for i, c := range codes {
		r.Names[c], r.Wards[c] = names[i], wards[i]
	}
	return r, t.err
}

// problem builds the uncertainty problem from a scored result: the raw
// (imputed) indicator values of the areas table go back through the engine
// once per normalisation.
func problem(res *result.Result, opt RobustnessOptions) (*uncertainty.Problem, uncertainty.Options, error) {
	sc := res.Scenario
	uopt := uncertainty.Options{Draws: opt.Draws, Seed: opt.Seed, Concentration: opt.Concentration,
		DropOne: opt.DropOne, Workers: opt.Workers, Progress: opt.Progress}
	var alts []string
	var untreated, unsmoothed bool
	var aggs []engine.Aggregation
	aggs = append(aggs, engine.Aggregation(sc.Aggregation))
	if r := sc.Robustness; r != nil {
		if uopt.Concentration == 0 {
			uopt.Concentration = r.Concentration
		}
		uopt.DropOne = uopt.DropOne || r.DropOne
		alts = r.Alternatives.Normalisations
		untreated, unsmoothed = r.Alternatives.Untreated, r.Alternatives.Unsmoothed
		for _, a := range r.Alternatives.Aggregations {
			aggs = append(aggs, engine.Aggregation(a))
		}
	}
	if uopt.Concentration == 0 {
		uopt.Concentration = uncertainty.DefaultConcentration
	}
	if a := engine.Aggregation(sc.Aggregation); a != engine.Arithmetic && a != engine.Geometric {
		return nil, uopt, fmt.Errorf("robustness: the scenario aggregates by %s, which robustness does not vary yet (arithmetic and geometric only)", a)
	}
	if sc.Bands != nil && engine.BandWeight(sc.Bands.Weight) == engine.BandPopulation && sc.Selection != nil && usesDeciles(sc.Selection.Rule()) {
		return nil, uopt, fmt.Errorf("robustness: the selection uses population-weighted deciles (bands: {weight: population}), which robustness does not compute yet")
	}
	if w := sc.Ranking.Within; w != "" {
		return nil, uopt, fmt.Errorf("robustness: the scenario ranks within each %s (ranking.within), which robustness does not vary yet: remove ranking.within to analyse the ranking of all areas", w)
	}
	t := table{rec: res.Areas}
	codes := t.strings(result.ColAreaCode)
	names := []string{engine.ColCode}
	cols := []any{codes}
	for _, ind := range sc.Indicators {
		names = append(names, ind.ID)
		cols = append(cols, t.floats(ind.ID+"_value"))
	}
	if t.err != nil {
		return nil, uopt, t.err
	}
	in, err := engine.NewRecord(names, cols)
	if err != nil {
		return nil, uopt, err
	}
	defer in.Release()
	// rawIn holds the raw rates of smoothed indicators (from the run
	// report) in place of the smoothed ones; an area without a raw rate
	// keeps its scored (imputed) value.
	rawIn := in
	if unsmoothed {
		rawCols := slices.Clone(cols)
		for _, sm := range res.Report.Smoothed {
			raw := map[string]float64{}
			for _, a := range sm.Areas {
				if a.Raw != nil {
					raw[a.Code] = *a.Raw
				}
			}
			k := slices.Index(names, sm.Indicator)
			v := slices.Clone(rawCols[k].([]float64))
			for i, c := range codes {
				if x, ok := raw[c]; ok {
					v[i] = x
				}
			}
			rawCols[k] = v
		}
		if rawIn, err = engine.NewRecord(names, rawCols); err != nil {
			return nil, uopt, err
		}
		defer rawIn.Release()
	}

	base := sc.Model()
	p := &uncertainty.Problem{Codes: codes, Aggregations: aggs, Rule: base.Selection}
	const noTreatment, rawRates = "-untreated", "-unsmoothed" // not normalisation names
	methods := []string{""}
	methods = append(methods, alts...)
	if untreated {
		methods = append(methods, noTreatment)
	}
	if unsmoothed {
		methods = append(methods, rawRates)
	}
	for _, m := range methods {
		model := base
		model.Selection, model.AllowWeightSum = nil, true
		model.Bands = "" // ranks only: bands do not enter the analysis (checked above)
		model.Indicators = slices.Clone(base.Indicators)
		name := "scenario (" + scenarioMethods(base) + ")"
		input := in
		switch m {
		case "":
		case noTreatment:
			name = "scenario without outlier treatment"
			for k := range model.Indicators {
				model.Indicators[k].Treat = nil
			}
		case rawRates:
			name = "scenario with raw (unsmoothed) rates"
			input = rawIn
		default:
			name = m
			for k := range model.Indicators {
				model.Indicators[k].Norm.Method = engine.Method(m)
			}
		}
		er, err := engine.Score(input, model)
		if err != nil {
			return nil, uopt, fmt.Errorf("robustness: normalisation %s: %w", name, err)
		}
		v := uncertainty.Variant{Name: name, Indicators: map[string][]float64{}}
		for _, it := range er.Items {
			v.Items = append(v.Items, it.Values)
			if m == "" {
				p.ItemIDs = append(p.ItemIDs, it.ID)
				p.Weights = append(p.Weights, it.Weight)
			}
		}
		for _, ind := range base.Indicators {
			if v.Indicators[ind.ID], err = engine.Floats(er.Record, ind.ID+"_norm"); err != nil {
				return nil, uopt, err
			}
		}
		got, _ := engine.Strings(er.Record, engine.ColCode)
		if !slices.Equal(got, codes) {
			return nil, uopt, fmt.Errorf("robustness: normalisation %s changed the set of areas", name)
		}
		p.Normalisations = append(p.Normalisations, v)
		er.Record.Release()
	}
	return p, uopt, nil
}

// scenarioMethods names the scenario's normalisations, e.g. "percentile"
// or "exponential, percentile".
func scenarioMethods(m engine.Model) string {
	var ms []string
	for _, ind := range m.Indicators {
		if s := string(ind.Norm.Method); !slices.Contains(ms, s) {
			ms = append(ms, s)
		}
	}
	slices.Sort(ms)
	return strings.Join(ms, ", ")
}

// usesDeciles reports whether a selection rule tests deciles anywhere.
func usesDeciles(r engine.Rule) bool {
	if r.MaxDecile > 0 {
		return true
	}
	for _, s := range append(append([]engine.Rule{}, r.Any...), r.All...) {
		if usesDeciles(s) {
			return true
		}
	}
	return false
}
