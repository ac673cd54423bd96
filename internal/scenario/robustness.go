package scenario

import (
	"fmt"
	"math"
	"slices"

	"github.com/manchester-insight/targeting/engine"
)

// Robustness configures `targeting robustness`: the alternatives to the
// scenario's own choices that the uncertainty analysis may swap in, and how
// far the weights are perturbed. Every key is optional; without the block
// only the weights are varied.
type Robustness struct {
	// Concentration of the Dirichlet distribution of the weights around the
	// scenario's (larger = closer); 0 means the command's default.
	Concentration float64 `yaml:"concentration"`
	// DropOne also leaves out one input of the composite at a time.
	DropOne      bool         `yaml:"drop_one"`
	Alternatives Alternatives `yaml:"alternatives"`
}

// Alternatives are normalisations and aggregations to try instead of the
// scenario's. A normalisation applies to every indicator at once.
type Alternatives struct {
	Normalisations []string `yaml:"normalisations"`
	Aggregations   []string `yaml:"aggregations"`
	// Untreated adds the scenario without its outlier treatment (treat)
	// and Unsmoothed with its raw rates instead of the smoothed ones
	// (smooth), each as one more alternative of the normalisation step.
	Untreated  bool `yaml:"untreated"`
	Unsmoothed bool `yaml:"unsmoothed"`
}

// validateRobustness checks the robustness block. An alternative that can
// never apply is an error here, not a draw skipped later: distance needs a
// reference per indicator, and an alternative equal to the scenario's own
// choice would only weight it twice.
func (s *Scenario) validateRobustness() error {
	r := s.Robustness
	if r == nil {
		return nil
	}
	if c := r.Concentration; math.IsNaN(c) || math.IsInf(c, 0) || c < 0 {
		return s.errAt("robustness.concentration", "must be a positive number, got %g", c)
	}
	treated, smoothed := s.Treat != nil, false
	for _, ind := range s.Indicators {
		treated = treated || (ind != nil && ind.Treat != nil)
		smoothed = smoothed || (ind != nil && ind.Smooth != nil)
	}
	if r.Alternatives.Untreated && !treated {
		return s.errAt("robustness.alternatives.untreated", "the scenario treats no outliers (treat), so there is nothing to leave out")
	}
	if r.Alternatives.Unsmoothed && !smoothed {
		return s.errAt("robustness.alternatives.unsmoothed", "the scenario smooths no rates (smooth), so there is nothing to leave out")
	}
	seen := map[string]bool{}
	for i, m := range r.Alternatives.Normalisations {
		key := fmt.Sprintf("robustness.alternatives.normalisations[%d]", i)
		switch {
		case !slices.Contains(engine.Methods, engine.Method(m)):
			return s.errAt(key, "%q is not one of %v", m, engine.Methods)
		case m == string(engine.Distance):
			return s.errAt(key, "distance needs a reference value per indicator, so it cannot be swapped in for all of them")
		case seen[m]:
			return s.errAt(key, "%q is listed twice", m)
		case s.allNormalisedBy(m):
			return s.errAt(key, "%q is already the normalisation of every indicator", m)
		}
		seen[m] = true
	}
	for i, a := range r.Alternatives.Aggregations {
		key := fmt.Sprintf("robustness.alternatives.aggregations[%d]", i)
		switch {
		case a != string(engine.Arithmetic) && a != string(engine.Geometric):
			return s.errAt(key, "%q is not one of arithmetic, geometric", a)
		case a == s.Aggregation:
			return s.errAt(key, "%q is already the scenario's aggregation", a)
		case seen["agg:"+a]:
			return s.errAt(key, "%q is listed twice", a)
		}
		seen["agg:"+a] = true
	}
	return nil
}

func (s *Scenario) allNormalisedBy(m string) bool {
	for _, ind := range s.Indicators {
		if ind.Normalise == nil || ind.Normalise.Method != m {
			return false
		}
	}
	return true
}
