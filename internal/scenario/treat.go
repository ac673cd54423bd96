package scenario

import (
	"math"

	"github.com/manchester-insight/targeting/engine"
)

// Treat is an outlier treatment before normalisation:
// `treat: {winsorise: {skew: 2, kurtosis: 3.5, max_points: 5}}` on an
// indicator, or at the top of the scenario for every indicator without its
// own. Omitted (or zero) limits take COINr's defaults, shown. See
// engine.Treatment for the rule and its log fallback.
type Treat struct {
	Winsorise *Winsorise `yaml:"winsorise"`
}

// Winsorise are the limits of the COINr rule.
type Winsorise struct {
	Skew      float64 `yaml:"skew"`
	Kurtosis  float64 `yaml:"kurtosis"`
	MaxPoints int     `yaml:"max_points"`
}

func (t *Treat) engine() *engine.Treatment {
	if t == nil || t.Winsorise == nil {
		return nil
	}
	w := t.Winsorise
	out := engine.Treatment{Skew: w.Skew, Kurtosis: w.Kurtosis, MaxPoints: w.MaxPoints}
	if out.Skew == 0 {
		out.Skew = 2
	}
	if out.Kurtosis == 0 {
		out.Kurtosis = 3.5
	}
	if out.MaxPoints == 0 {
		out.MaxPoints = 5
	}
	return &out
}

func (s *Scenario) validateTreat(key string, t *Treat) error {
	if t == nil {
		return nil
	}
	if t.Winsorise == nil {
		return s.errAt(key, "the only treatment is winsorise, e.g. {winsorise: {skew: 2, kurtosis: 3.5, max_points: 5}}")
	}
	w := t.Winsorise
	if math.IsNaN(w.Skew) || w.Skew < 0 || math.IsInf(w.Skew, 0) {
		return s.errAt(key+".winsorise.skew", "must be a number > 0 (COINr: 2), got %g", w.Skew)
	}
	if math.IsNaN(w.Kurtosis) || math.IsInf(w.Kurtosis, 0) {
		return s.errAt(key+".winsorise.kurtosis", "must be a number (COINr: 3.5), got %g", w.Kurtosis)
	}
	if w.MaxPoints < 0 {
		return s.errAt(key+".winsorise.max_points", "must be >= 0 (COINr: 5), got %d", w.MaxPoints)
	}
	return nil
}
