package scenario

import (
	"cmp"

	"github.com/manchester-insight/targeting/engine"
)

// Rule converts the selection to the engine's rule.
func (sel *Selection) Rule() engine.Rule {
	r := engine.Rule{TopN: sel.TopN, TopPercent: sel.TopPercent, MinScore: sel.MinScore,
		MaxDecile: sel.MaxDecile, Indicator: sel.Indicator}
	for _, s := range sel.Any {
		r.Any = append(r.Any, s.Rule())
	}
	for _, s := range sel.All {
		r.All = append(r.All, s.Rule())
	}
	return r
}

// Model converts the scenario's scoring part to the engine's model.
func (s *Scenario) Model() engine.Model {
	m := engine.Model{Aggregation: engine.Aggregation(s.Aggregation), AllowWeightSum: s.AllowWeightSum,
		P: s.AggregationP, WeightsPCA: s.Weights == WeightsPCA}
	for _, d := range s.Domains {
		ed := engine.Domain{ID: d.ID, Weight: *d.Weight, Aggregation: engine.Aggregation(d.Aggregation),
			P: d.AggregationP, WeightsPCA: d.Weights == WeightsPCA}
		if d.Normalise != nil {
			n := d.Normalise.engine()
			ed.Norm = &n
		}
		m.Domains = append(m.Domains, ed)
	}
	for _, ind := range s.Indicators {
		dir := engine.HigherIsWorse
		if ind.Direction == "higher_is_better" {
			dir = engine.HigherIsBetter
		}
		m.Indicators = append(m.Indicators, engine.Indicator{
			ID:        ind.ID,
			Direction: dir,
			Weight:    *ind.Weight,
			Missing:   engine.Missing(ind.Missing),
			Norm:      ind.Normalise.engine(),
			Domain:    ind.Domain,
			Treat:     cmp.Or(ind.Treat, s.Treat).engine(),
		})
	}
	if s.Bands != nil {
		m.Bands = engine.BandWeight(s.Bands.Weight)
	}
	if s.Selection != nil {
		r := s.Selection.Rule()
		m.Selection = &r
	}
	return m
}

func (n *Normalisation) engine() engine.Normalisation {
	return engine.Normalisation{
		Method:    engine.Method(n.Method),
		Reference: n.Reference,
		RankInput: n.Ranks == "national",
		N:         n.N,
	}
}
