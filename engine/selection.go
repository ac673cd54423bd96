package engine

import (
	"fmt"
	"math"
	"strings"
)

// Rule selects areas. Exactly one of its fields is set: a leaf test (TopN,
// TopPercent, MinScore, MaxDecile) or a combination (Any = OR, All = AND).
// A leaf applies to the composite score, or, when Indicator is set, to that
// indicator's normalised value (ranked the same way as the composite).
type Rule struct {
	TopN       int
	TopPercent float64
	MinScore   *float64
	MaxDecile  int
	Indicator  string
	Any        []Rule
	All        []Rule
}

// target is what a leaf rule tests: per-area value, rank and decile.
type target struct {
	value  []float64
	rank   []int64
	decile []int64
}

// Validate checks that the rule is well formed and names only known indicators.
func (r Rule) Validate(known func(id string) bool) error {
	set := 0
	if r.TopN != 0 {
		set++
		if r.TopN < 0 {
			return fmt.Errorf("top_n must be positive, got %d", r.TopN)
		}
	}
	if r.TopPercent != 0 {
		set++
		if r.TopPercent < 0 || r.TopPercent > 100 {
			return fmt.Errorf("top_percent must be in (0, 100], got %g", r.TopPercent)
		}
	}
	if r.MinScore != nil {
		set++
	}
	if r.MaxDecile != 0 {
		set++
		if r.MaxDecile < 1 || r.MaxDecile > 10 {
			return fmt.Errorf("max_decile must be 1..10, got %d", r.MaxDecile)
		}
	}
	if len(r.Any) > 0 {
		set++
	}
	if len(r.All) > 0 {
		set++
	}
	if set != 1 {
		return fmt.Errorf("a selection rule needs exactly one of top_n, top_percent, min_score, max_decile, any, all (found %d)", set)
	}
	if r.Indicator != "" && !known(r.Indicator) {
		return fmt.Errorf("selection names unknown indicator %q", r.Indicator)
	}
	for _, sub := range append(append([]Rule{}, r.Any...), r.All...) {
		if err := sub.Validate(known); err != nil {
			return err
		}
	}
	return nil
}

// String describes the rule in words, for reports.
func (r Rule) String() string {
	on := "composite score"
	if r.Indicator != "" {
		on = r.Indicator
	}
	join := func(rs []Rule, op string) string {
		parts := make([]string, len(rs))
		for i, s := range rs {
			parts[i] = "(" + s.String() + ")"
		}
		return strings.Join(parts, " "+op+" ")
	}
	switch {
	case r.TopN > 0:
		return fmt.Sprintf("top %d areas by %s", r.TopN, on)
	case r.TopPercent > 0:
		return fmt.Sprintf("top %g%% of areas by %s", r.TopPercent, on)
	case r.MinScore != nil:
		return fmt.Sprintf("%s >= %g", on, *r.MinScore)
	case r.MaxDecile > 0:
		return fmt.Sprintf("%s decile <= %d", on, r.MaxDecile)
	case len(r.Any) > 0:
		return join(r.Any, "OR")
	case len(r.All) > 0:
		return join(r.All, "AND")
	}
	return "no rule"
}

// eval applies the rule. composite is the composite target; byIndicator
// returns an indicator's target.
func (r Rule) eval(composite target, byIndicator func(string) target) []bool {
	n := len(composite.value)
	out := make([]bool, n)
	switch {
	case len(r.Any) > 0:
		for _, s := range r.Any {
			for i, v := range s.eval(composite, byIndicator) {
				out[i] = out[i] || v
			}
		}
		return out
	case len(r.All) > 0:
		for i := range out {
			out[i] = true
		}
		for _, s := range r.All {
			for i, v := range s.eval(composite, byIndicator) {
				out[i] = out[i] && v
			}
		}
		return out
	}
	t := composite
	if r.Indicator != "" {
		t = byIndicator(r.Indicator)
	}
	for i := range out {
		switch {
		case r.TopN > 0:
			out[i] = t.rank[i] <= int64(r.TopN)
		case r.TopPercent > 0:
			// The top p% is the first ceil(p * n / 100) ranks, so 20% of 282
			// areas selects 57 (56.4 rounded up): nobody on the boundary is
			// left out by rounding down.
			out[i] = t.rank[i] <= int64(math.Ceil(r.TopPercent*float64(n)/100-1e-9))
		case r.MinScore != nil:
			out[i] = t.value[i] >= *r.MinScore
		case r.MaxDecile > 0:
			out[i] = t.decile[i] <= int64(r.MaxDecile)
		}
	}
	return out
}
