package engine

import (
	"fmt"
	"math"
)

// aggregate combines normalised indicators (norm[k][i]) into one score per area.
func aggregate(norm [][]float64, m Model, codes []string) ([]float64, error) {
	n := len(codes)
	score := make([]float64, n)
	switch m.Aggregation {
	case Arithmetic, "":
		for k, ind := range m.Indicators {
			w := ind.Weight
			for i, x := range norm[k] {
				score[i] += w * x
			}
		}
	case Geometric:
		var wsum float64
		for _, ind := range m.Indicators {
			wsum += ind.Weight
		}
		for k, ind := range m.Indicators {
			w := ind.Weight / wsum
			for i, x := range norm[k] {
				if x <= 0 {
					return nil, fmt.Errorf("geometric aggregation needs normalised values > 0: indicator %q is %g for area %s (use a normalisation such as percentile, or arithmetic aggregation)", ind.ID, x, codes[i])
				}
				score[i] += w * math.Log(x)
			}
		}
		for i := range score {
			score[i] = math.Exp(score[i])
		}
	default:
		return nil, fmt.Errorf("unknown aggregation %q", m.Aggregation)
	}
	return score, nil
}
