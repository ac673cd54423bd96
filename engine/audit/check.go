package audit

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// Variable is one normalised indicator ("higher = more need", direction
// applied) and the domain it belongs to ("" = directly in the index).
type Variable struct {
	ID     string
	Domain string
	Values []float64
}

// Group is a domain (or the index) and its score.
type Group struct {
	ID    string
	Score []float64
}

// Thresholds of the checks; the zero value takes the defaults.
type Thresholds struct {
	Redundant    float64 // |r| above which two indicators are "redundant" (0.9)
	Uncorrelated float64 // |r| with its domain below which an indicator is "uncorrelated" (0.2)
	// Direction is the item-rest correlation below which an indicator is
	// flagged "check direction" (-0.1: a correlation between -0.1 and 0 is
	// noise, and the "uncorrelated" check covers it).
	Direction float64
}

// Flag kinds.
const (
	FlagDirection    = "check direction"
	FlagRedundant    = "redundant"
	FlagUncorrelated = "uncorrelated with its domain"
	FlagOutliers     = "outliers"
)

// Flag is one thing an analyst should look at.
type Flag struct {
	Kind    string   `json:"kind"`
	Items   []string `json:"items"` // the indicator(s) concerned
	Domain  string   `json:"domain,omitempty"`
	R       float64  `json:"r"`
	Message string   `json:"message"`
}

// Check runs the correlation checks on normalised indicators, all Pearson:
//   - "check direction": an indicator whose correlation with the rest of its
//     domain (the unweighted sum of its domain's other indicators, the
//     item-rest correlation) is below Direction (-0.1), listed with every pair in the
//     domain that correlates negatively. Indicators directly in the index
//     form one group. Normalised values all point "higher = more need", so
//     a negative item-rest correlation usually means a wrong direction.
//   - "redundant": two indicators with |r| > Redundant;
//   - "uncorrelated with its domain": |r(indicator, domain score)| <
//     Uncorrelated, for domains of two or more indicators.
//
// groups gives the score of each domain named by a Variable; the index
// (Domain "") is the group with ID "".
func Check(vars []Variable, groups []Group, th Thresholds) []Flag {
	if th.Redundant == 0 {
		th.Redundant = 0.9
	}
	if th.Uncorrelated == 0 {
		th.Uncorrelated = 0.2
	}
	if th.Direction == 0 {
		th.Direction = -0.1
	}
	score := map[string][]float64{}
	for _, g := range groups {
		score[g.ID] = g.Score
	}
	var order []string
	members := map[string][]int{}
	for i, v := range vars {
		if _, ok := members[v.Domain]; !ok {
			order = append(order, v.Domain)
		}
		members[v.Domain] = append(members[v.Domain], i)
	}
	var flags []Flag
	for _, d := range order {
		idx := members[d]
		if len(idx) < 2 {
			continue
		}
		for _, i := range idx {
			rest := make([]float64, len(vars[i].Values))
			for _, j := range idx {
				if j != i {
					for a, v := range vars[j].Values {
						rest[a] += v
					}
				}
			}
			r := stat.Correlation(vars[i].Values, rest, nil)
			if r < th.Direction {
				var neg []string
				for _, j := range idx {
					if j != i {
						if rj := stat.Correlation(vars[i].Values, vars[j].Values, nil); rj < 0 {
							neg = append(neg, fmt.Sprintf("%s (r = %.2f)", vars[j].ID, rj))
						}
					}
				}
				flags = append(flags, Flag{Kind: FlagDirection, Items: []string{vars[i].ID}, Domain: d, R: r,
					Message: fmt.Sprintf("%s correlates negatively with the rest of %s (r = %.2f; negative with %v): is its direction right?",
						vars[i].ID, domainName(d), r, neg)})
			}
			if s, ok := score[d]; ok {
				if r := stat.Correlation(vars[i].Values, s, nil); math.Abs(r) < th.Uncorrelated || math.IsNaN(r) {
					flags = append(flags, Flag{Kind: FlagUncorrelated, Items: []string{vars[i].ID}, Domain: d, R: r,
						Message: fmt.Sprintf("%s is almost uncorrelated with the score of %s (|r| = |%.2f| < %.2g): it adds little to it or pulls against it",
							vars[i].ID, domainName(d), r, th.Uncorrelated)})
				}
			}
		}
	}
	for i := range vars {
		for j := i + 1; j < len(vars); j++ {
			if r := stat.Correlation(vars[i].Values, vars[j].Values, nil); math.Abs(r) > th.Redundant {
				flags = append(flags, Flag{Kind: FlagRedundant, Items: []string{vars[i].ID, vars[j].ID}, R: r,
					Message: fmt.Sprintf("%s and %s are nearly collinear (r = %.2f > %.2g): they may double-count one thing",
						vars[i].ID, vars[j].ID, r, th.Redundant)})
			}
		}
	}
	slices.SortStableFunc(flags, func(a, b Flag) int { return rankKind(a.Kind) - rankKind(b.Kind) })
	return flags
}

func rankKind(k string) int {
	return slices.Index([]string{FlagDirection, FlagRedundant, FlagUncorrelated, FlagOutliers}, k)
}

func domainName(d string) string {
	if d == "" {
		return "the index"
	}
	return "domain " + d
}

func nan() float64 { return math.NaN() }
