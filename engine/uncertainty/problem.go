package uncertainty

import (
	"fmt"
	"math"

	"github.com/manchester-insight/targeting/engine"
)

// Variant is one way of normalising the indicators: the composite's direct
// inputs it gives (aligned with Problem.Codes) and the normalised value of
// every indicator the selection rule names.
type Variant struct {
	Name       string
	Items      [][]float64          // [item][area]
	Indicators map[string][]float64 // indicator id -> normalised values
}

// Problem is what is analysed: the areas, the composite's direct inputs
// under each normalisation, their weights, the aggregations to try and the
// selection rule.
type Problem struct {
	Codes          []string
	ItemIDs        []string
	Weights        []float64            // the scenario's weights of the items
	Normalisations []Variant            // [0] is the scenario's
	Aggregations   []engine.Aggregation // [0] is the scenario's
	Rule           *engine.Rule         // nil: no selection
}

// Options control a run.
type Options struct {
	Draws         int     // rank draws (rounded up to even); >= 2
	Seed          uint64  // the same seed gives the same result
	Concentration float64 // Dirichlet concentration of the weights, > 0
	DropOne       bool    // also leave out one input at a time
	Workers       int     // goroutines; 0 = GOMAXPROCS
	// Band flags an area's selection as uncertain when the share of draws
	// selecting it lies strictly between Band and 1 - Band; 0 means 0.05.
	Band float64
	// Progress, when set, is called from the workers (concurrently) with
	// the runs done so far and the total.
	Progress func(done, total int)
}

// DefaultConcentration is the Dirichlet concentration used when none is
// set: it moves a 25% weight by about a quarter of itself (one standard
// deviation), the spread of the Handbook's examples.
const DefaultConcentration = 50

func (p *Problem) validate(opt *Options) error {
	n := len(p.Codes)
	switch {
	case n < 2:
		return fmt.Errorf("uncertainty: need at least 2 areas, got %d", n)
	case len(p.ItemIDs) == 0 || len(p.Weights) != len(p.ItemIDs):
		return fmt.Errorf("uncertainty: %d inputs but %d weights", len(p.ItemIDs), len(p.Weights))
	case len(p.Normalisations) == 0:
		return fmt.Errorf("uncertainty: no normalisation variant")
	case len(p.Aggregations) == 0:
		return fmt.Errorf("uncertainty: no aggregation")
	case opt.Draws < 2:
		return fmt.Errorf("uncertainty: need at least 2 draws, got %d", opt.Draws)
	case !(opt.Concentration > 0) || math.IsInf(opt.Concentration, 0):
		return fmt.Errorf("uncertainty: concentration must be a positive number, got %g", opt.Concentration)
	case opt.Band < 0 || opt.Band >= 0.5:
		return fmt.Errorf("uncertainty: band must be in [0, 0.5), got %g", opt.Band)
	}
	positive := 0
	for i, w := range p.Weights {
		if math.IsNaN(w) || w < 0 {
			return fmt.Errorf("uncertainty: input %q has weight %g", p.ItemIDs[i], w)
		}
		if w > 0 {
			positive++
		}
	}
	if positive < 2 {
		return fmt.Errorf("uncertainty: weights can only be varied between two or more inputs with positive weight; this composite has %d", positive)
	}
	geometric := false
	for _, a := range p.Aggregations {
		switch a {
		case engine.Arithmetic, "":
		case engine.Geometric:
			geometric = true
		default:
			return fmt.Errorf("uncertainty: unknown aggregation %q", a)
		}
	}
	for _, v := range p.Normalisations {
		if len(v.Items) != len(p.ItemIDs) {
			return fmt.Errorf("uncertainty: normalisation %s gives %d inputs, want %d", v.Name, len(v.Items), len(p.ItemIDs))
		}
		for k, col := range v.Items {
			if len(col) != n {
				return fmt.Errorf("uncertainty: normalisation %s: input %q has %d values for %d areas", v.Name, p.ItemIDs[k], len(col), n)
			}
			for i, x := range col {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					return fmt.Errorf("uncertainty: normalisation %s: input %q is %g for area %s", v.Name, p.ItemIDs[k], x, p.Codes[i])
				}
				if geometric && p.Weights[k] > 0 && x <= 0 {
					return fmt.Errorf("uncertainty: geometric aggregation needs every input > 0, but normalisation %s makes %q %g for area %s: take geometric or %s out of the alternatives",
						v.Name, p.ItemIDs[k], x, p.Codes[i], v.Name)
				}
			}
		}
		if p.Rule != nil {
			for _, id := range ruleIndicators(*p.Rule) {
				if len(v.Indicators[id]) != n {
					return fmt.Errorf("uncertainty: normalisation %s has no values of indicator %q, which the selection rule names", v.Name, id)
				}
			}
		}
	}
	return nil
}
