package scenario

import (
	"math"
	"slices"

	"github.com/manchester-insight/targeting/engine"
)

// WeightsPCA is the value of `weights: pca` (the index's or a domain's):
// the weights of that level's inputs come from their first principal
// component (engine.PCAWeights) and any weights given there are ignored.
const WeightsPCA = "pca"

// validateAggregation checks a level's aggregation, its power
// (aggregation_p, for generalised) and its weights key.
func (s *Scenario) validateAggregation(prefix, agg string, p float64, weights string) error {
	if !slices.Contains(engine.Aggregations, engine.Aggregation(agg)) {
		return s.errAt(prefix+"aggregation", "%q is not one of %v", agg, engine.Aggregations)
	}
	if math.IsNaN(p) || math.IsInf(p, 0) {
		return s.errAt(prefix+"aggregation_p", "must be a number, got %g", p)
	}
	if p != 0 && agg != string(engine.Generalised) {
		return s.errAt(prefix+"aggregation_p", "is the power of aggregation: generalised (this level aggregates by %s)", agg)
	}
	if weights != "" && weights != WeightsPCA {
		return s.errAt(prefix+"weights", "%q: the only value is pca (or leave it out and give each weight)", weights)
	}
	return nil
}

// fillPCAWeights gives a weight of 1 to every input without one on a level
// whose weights come from principal components, so the rest of validation
// and the model see a number.
func (s *Scenario) fillPCAWeights() {
	one := func() *float64 { w := 1.0; return &w }
	pcaDomain := map[string]bool{}
	for _, d := range s.Domains {
		if d == nil {
			continue
		}
		if d.Weights == WeightsPCA {
			pcaDomain[d.ID] = true
		}
		if s.Weights == WeightsPCA && d.Weight == nil {
			d.Weight = one()
		}
	}
	for _, ind := range s.Indicators {
		if ind == nil || ind.Weight != nil {
			continue
		}
		if (ind.Domain == "" && s.Weights == WeightsPCA) || (ind.Domain != "" && pcaDomain[ind.Domain]) {
			ind.Weight = one()
		}
	}
}
