package scenario

import "github.com/manchester-insight/targeting/engine"

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
	m := engine.Model{Aggregation: engine.Aggregation(s.Aggregation), AllowWeightSum: s.AllowWeightSum}
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
			Norm: engine.Normalisation{
				Method:    engine.Method(ind.Normalise.Method),
				Reference: ind.Normalise.Reference,
				RankInput: ind.Normalise.Ranks == "national",
				N:         ind.Normalise.N,
			},
		})
	}
	if s.Selection != nil {
		r := s.Selection.Rule()
		m.Selection = &r
	}
	return m
}
