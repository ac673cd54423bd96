package engine

import (
	"fmt"
	"math"
)

// item is one input to an aggregation: an indicator, or a domain score.
type item struct {
	id     string
	weight float64
	values []float64
}

// combine aggregates items into one value per area.
func combine(items []item, agg Aggregation, codes []string) ([]float64, error) {
	score := make([]float64, len(codes))
	switch agg {
	case Arithmetic, "":
		for _, it := range items {
			for i, x := range it.values {
				score[i] += it.weight * x
			}
		}
	case Geometric:
		var wsum float64
		for _, it := range items {
			wsum += it.weight
		}
		for _, it := range items {
			w := it.weight / wsum
			for i, x := range it.values {
				if x <= 0 {
					return nil, fmt.Errorf("geometric aggregation needs normalised values > 0: %q is %g for area %s (use a normalisation such as percentile, or arithmetic aggregation)", it.id, x, codes[i])
				}
				score[i] += w * math.Log(x)
			}
		}
		for i := range score {
			score[i] = math.Exp(score[i])
		}
	default:
		return nil, fmt.Errorf("unknown aggregation %q", agg)
	}
	return score, nil
}

// levels aggregates normalised indicators through their domains into the
// composite. It returns the composite, the top-level items (for explaining
// contributions) and each domain's score.
func levels(norm [][]float64, m Model, codes []string, warn func(string)) ([]float64, []item, map[string][]float64, error) {
	byDomain := map[string][]item{}
	var top []item
	for k, ind := range m.Indicators {
		it := item{id: ind.ID, weight: ind.Weight, values: norm[k]}
		if ind.Domain == "" {
			top = append(top, it)
			continue
		}
		byDomain[ind.Domain] = append(byDomain[ind.Domain], it)
	}
	domainScores := map[string][]float64{}
	for _, d := range m.Domains {
		items := byDomain[d.ID]
		if len(items) == 0 {
			return nil, nil, nil, fmt.Errorf("domain %q has no indicators", d.ID)
		}
		checkWeights(items, "domain "+d.ID, m.AllowWeightSum, warn)
		s, err := combine(items, d.Aggregation, codes)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("domain %q: %w", d.ID, err)
		}
		if d.Norm != nil {
			if s, err = Normalise(s, HigherIsWorse, *d.Norm); err != nil {
				return nil, nil, nil, fmt.Errorf("domain %q: %w", d.ID, err)
			}
		}
		domainScores[d.ID] = s
		top = append(top, item{id: d.ID, weight: d.Weight, values: s})
		delete(byDomain, d.ID)
	}
	for id := range byDomain {
		return nil, nil, nil, fmt.Errorf("indicator domain %q is not among the model's domains", id)
	}
	checkWeights(top, "the composite", m.AllowWeightSum, warn)
	score, err := combine(top, m.Aggregation, codes)
	return score, top, domainScores, err
}

// checkWeights warns when weights do not sum to 1: they are used as given
// (the IMD's sum to 0.999), never silently renormalised.
func checkWeights(items []item, level string, allow bool, warn func(string)) {
	var sum float64
	for _, it := range items {
		sum += it.weight
	}
	if !allow && math.Abs(sum-1) > 1e-9 {
		warn(fmt.Sprintf("weights of %s sum to %g, not 1; they are used as given", level, sum))
	}
}
