package analysis

import (
	"fmt"
	"slices"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/internal/result"
)

var robustnessFields = map[string]string{
	result.ColAreaCode:   "Small-area code",
	result.ColAreaName:   "Small-area name",
	result.ColWardCode:   "Electoral ward code",
	result.ColWardName:   "Electoral ward name",
	result.ColPopulation: "Population of the area",
	engine.ColRank:       "Rank under the scenario as written: 1 = most in need",
	engine.ColSelected:   "Selected under the scenario as written",
	"median_rank":        "Median rank over the draws (a rank that occurred)",
	"rank_p05":           "5th percentile of the rank over the draws: the best 5% of draws rank the area here or higher",
	"rank_p95":           "95th percentile of the rank over the draws",
	"p_selected":         "Share of draws (0..1) in which the scenario's selection rule selects the area",
	"uncertain":          "True if p_selected lies strictly between the band and 1 - band (default 5% and 95%): the selection depends on the modelling choices",
}

// Layer is the robustness result per area, styled by the share of draws
// selecting each area.
func (r *Robustness) Layer(res *result.Result) (*geo.Layer, error) {
	t := table{rec: res.Areas}
	codes, names := t.strings(result.ColAreaCode), t.strings(result.ColAreaName)
	wards, wardNames, pop := t.strings(result.ColWardCode), t.strings(result.ColWardName), t.floats(result.ColPopulation)
	if t.err != nil {
		return nil, t.err
	}
	n := len(codes)
	rank, med, p05, p95 := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	sel, unc := make([]bool, n), make([]bool, n)
	psel := make([]float64, n)
	for i, a := range r.Areas {
		rank[i], med[i], p05[i], p95[i], sel[i], unc[i], psel[i] = a.Rank, a.Median, a.P05, a.P95, a.Selected, a.Uncertain, a.PSelected
	}
	rec, err := engine.NewRecord(
		[]string{result.ColAreaCode, result.ColAreaName, result.ColWardCode, result.ColWardName, result.ColPopulation, engine.ColRank, engine.ColSelected, "median_rank", "rank_p05", "rank_p95", "p_selected", "uncertain"},
		[]any{codes, names, wards, wardNames, pop, rank, sel, med, p05, p95, psel, unc})
	if err != nil {
		return nil, err
	}
	return &geo.Layer{Name: "robustness", Title: res.Scenario.Title + ": robustness of the selection",
		Description: "Rank intervals and selection probabilities over " + itoa(r.Draws) + " draws of the modelling choices",
		SRID:        geo.BNG, Attributes: rec, Geometry: res.AreaGeoms, Style: selectionStyle("p_selected", r.Band),
		Metadata: layerText(res, "Robustness analysis")}, nil
}

// WriteRobustness writes, for a scenario named NAME, NAME_robustness.csv
// (always), the per-area layer in the scenario's layer formats when it has
// boundaries (NAME_robustness.gpkg, ...), NAME_robustness_fields.csv and
// NAME_robustness.json (every setting, area and sensitivity index).
func WriteRobustness(res *result.Result, r *Robustness, dir string) ([]string, error) {
	l, err := r.Layer(res)
	if err != nil {
		return nil, err
	}
	o, err := newOutputs(res, dir)
	if err != nil {
		return nil, err
	}
	stem := res.Scenario.Slug() + "_robustness"
	layers := []*geo.Layer{l}
	fail := func(err error) ([]string, error) { o.abort(); return nil, err }
	if l.Geometry != nil {
		if err := o.layers(stem, layers, robustnessFields); err != nil {
			return fail(err)
		}
	}
	// The CSV always: notebooks-export reads NAME_robustness.csv.
	if !slices.Contains(res.Scenario.Outputs.Formats, "csv") || l.Geometry == nil {
		if err := o.table(stem+".csv", l.Attributes); err != nil {
			return fail(err)
		}
	}
	if err := o.dictionary(stem+"_fields.csv", layers, robustnessFields); err != nil {
		return fail(err)
	}
	if err := o.json(stem+".json", r); err != nil {
		return fail(err)
	}
	return o.commit()
}

func itoa(n int) string { return fmt.Sprint(n) }
