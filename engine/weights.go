package engine

import (
	"fmt"

	"github.com/manchester-insight/targeting/engine/audit"
)

// PCAWeights are data-driven weights from a principal components analysis
// (the Handbook's step 6, "weights based on principal components"; COINr
// get_PCA): the inputs are standardised, their first principal component
// found with gonum's stat.PC (engine/audit.PrincipalComponents), and each
// input weighted by its squared loading on it, w_k = l_k² / Σ l² (= l_k²,
// the loadings being a unit vector), so the weights sum to 1 and follow
// how much of the common factor each input carries. Explained is the
// share of the inputs' variance that component explains.
type PCAWeights struct {
	Level     string             `json:"level"` // "index" or the domain id
	Explained float64            `json:"explained"`
	Loadings  map[string]float64 `json:"loadings"`
	Weights   map[string]float64 `json:"weights"`
}

// pcaWeights sets the weights of items from their PC1 loadings.
func pcaWeights(level string, items []item) (PCAWeights, error) {
	cols := make([][]float64, len(items))
	for k, it := range items {
		cols[k] = it.values
	}
	p, err := audit.PrincipalComponents(cols)
	if err != nil {
		return PCAWeights{}, fmt.Errorf("weights: pca for %s: %w", level, err)
	}
	out := PCAWeights{Level: level, Explained: p.Explained[0], Loadings: map[string]float64{}, Weights: map[string]float64{}}
	var sum float64
	for k := range items {
		sum += p.Loadings[k][0] * p.Loadings[k][0]
	}
	for k := range items {
		l := p.Loadings[k][0]
		items[k].weight = l * l / sum
		out.Loadings[items[k].id], out.Weights[items[k].id] = l, items[k].weight
	}
	return out, nil
}
