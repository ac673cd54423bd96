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

// combine aggregates items into one value per area; p is the power of a
// Generalised aggregation.
func combine(items []item, agg Aggregation, p float64, codes []string) ([]float64, error) {
	score := make([]float64, len(codes))
	switch agg {
	case Harmonic:
		return powerMean(items, -1, codes)
	case Generalised:
		if p == 0 {
			return combine(items, Geometric, 0, codes)
		}
		return powerMean(items, p, codes)
	case Copeland:
		return copeland(items, len(codes)), nil
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

// powerMean is (Σ w x^p / Σw)^(1/p), p != 0.
func powerMean(items []item, p float64, codes []string) ([]float64, error) {
	var wsum float64
	for _, it := range items {
		wsum += it.weight
	}
	score := make([]float64, len(codes))
	for _, it := range items {
		for i, x := range it.values {
			if x < 0 || (x == 0 && p <= 0) {
				return nil, fmt.Errorf("a power mean with p = %g needs normalised values %s: %q is %g for area %s (use a normalisation such as percentile)",
					p, map[bool]string{true: "> 0", false: ">= 0"}[p <= 0], it.id, x, codes[i])
			}
			score[i] += it.weight / wsum * math.Pow(x, p)
		}
	}
	for i := range score {
		score[i] = math.Pow(score[i], 1/p)
	}
	return score, nil
}

// copeland is the Copeland score: for each pair of areas (a, b), e_ab =
// Σ w_k [x_ak > x_bk] + ½ Σ w_k [x_ak = x_bk] over normalised weights; a
// wins when e_ab > ½, loses when e_ab < ½; score = wins - losses.
func copeland(items []item, n int) []float64 {
	var wsum float64
	for _, it := range items {
		wsum += it.weight
	}
	score := make([]float64, n)
	for a := range n {
		for b := a + 1; b < n; b++ {
			var e float64
			for _, it := range items {
				switch xa, xb := it.values[a], it.values[b]; {
				case xa > xb:
					e += it.weight
				case xa == xb:
					e += it.weight / 2
				}
			}
			e /= wsum
			switch {
			case e > 0.5+1e-12:
				score[a]++
				score[b]--
			case e < 0.5-1e-12:
				score[a]--
				score[b]++
			}
		}
	}
	return score
}

// levels aggregates normalised indicators through their domains into the
// composite. It returns the composite, the top-level items (for explaining
// contributions) and each domain's score.
func levels(norm [][]float64, m Model, codes []string, warn func(string), pca *[]PCAWeights) ([]float64, []item, map[string][]float64, error) {
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
		if d.WeightsPCA {
			pw, err := pcaWeights(d.ID, items)
			if err != nil {
				return nil, nil, nil, err
			}
			*pca = append(*pca, pw)
		}
		checkWeights(items, "domain "+d.ID, m.AllowWeightSum, warn)
		s, err := combine(items, d.Aggregation, d.P, codes)
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
	if m.WeightsPCA {
		pw, err := pcaWeights("index", top)
		if err != nil {
			return nil, nil, nil, err
		}
		*pca = append(*pca, pw)
	}
	checkWeights(top, "the composite", m.AllowWeightSum, warn)
	score, err := combine(top, m.Aggregation, m.P, codes)
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
