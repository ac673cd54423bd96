package engine

import (
	"fmt"
	"math"
	"sort"
)

// Explanation breaks one area's score into its parts and says what it would
// take for the area to enter or leave the selection.
type Explanation struct {
	Code      string         `json:"area_code"`
	Score     float64        `json:"score"`
	Rank      int64          `json:"rank"`
	Of        int            `json:"of"`
	Decile    int64          `json:"decile"`
	Selected  bool           `json:"selected"`
	Parts     []Contribution `json:"contributions"`
	Selection []LeafStatus   `json:"selection,omitempty"`
}

// Contribution is one input's share of the composite. For arithmetic
// aggregation Contribution = Weight x Normalised and the contributions sum
// to the score; for geometric aggregation it is the input's term in the log
// of the score, (Weight / sum of weights) x ln(Normalised).
type Contribution struct {
	ID           string         `json:"id"`
	Raw          *float64       `json:"raw,omitempty"` // indicators only
	Normalised   float64        `json:"normalised"`
	Weight       float64        `json:"weight"`
	Contribution float64        `json:"contribution"`
	Parts        []Contribution `json:"parts,omitempty"` // a domain's indicators
	// Needed is how far Normalised would have to move, all else equal, to
	// cross the selection threshold of the first composite rule (positive:
	// up to enter, negative: down to leave); arithmetic aggregation only.
	Needed *float64 `json:"needed_change,omitempty"`
}

// LeafStatus is one test of the selection rule for the area.
type LeafStatus struct {
	Rule      string  `json:"rule"`
	Met       bool    `json:"met"`
	Value     float64 `json:"value"`     // the area's score or normalised value
	Threshold float64 `json:"threshold"` // the value to reach (or fall below) to flip Met
	Gap       float64 `json:"gap"`       // Threshold - Value
}

// Explain explains the area with the given code.
func (r *Result) Explain(code string) (*Explanation, error) {
	idx := -1
	for i, c := range r.codes {
		if c == code {
			idx = i
			break
		}
	}
	if idx < 0 {
		return nil, fmt.Errorf("area %s is not among the %d scored areas", code, len(r.codes))
	}
	score, _ := Floats(r.Record, "score")
	rank, _ := Ints(r.Record, "rank")
	dec, _ := Ints(r.Record, "decile")
	sel, _ := Bools(r.Record, "selected")
	_, size := rankWithin(score, r.codes, r.rankGroups)
	e := &Explanation{Code: code, Score: score[idx], Rank: rank[idx], Of: size[idx], Decile: dec[idx], Selected: sel[idx]}

	m := r.model
	var wsum float64
	for _, it := range r.Items {
		wsum += it.Weight
	}
	part := func(id string, w, x, total float64, agg Aggregation) Contribution {
		c := Contribution{ID: id, Normalised: x, Weight: w, Contribution: w * x}
		if agg == Geometric {
			c.Contribution = w / total * math.Log(x)
		}
		return c
	}
	for _, it := range r.Items {
		c := part(it.ID, it.Weight, it.Values[idx], wsum, m.Aggregation)
		for k, ind := range m.Indicators {
			raw, _ := Floats(r.Record, ind.ID+"_value")
			switch {
			case ind.ID == it.ID:
				c.Raw = &raw[idx]
			case ind.Domain == it.ID:
				dsum := 0.0
				for _, o := range m.Indicators {
					if o.Domain == it.ID {
						dsum += o.Weight
					}
				}
				p := part(ind.ID, ind.Weight, r.norm[k][idx], dsum, domainAgg(m, it.ID))
				p.Raw = &raw[idx]
				c.Parts = append(c.Parts, p)
			}
		}
		e.Parts = append(e.Parts, c)
	}
	if m.Selection != nil {
		leaves := r.leaves(*m.Selection, idx, score)
		for _, l := range leaves {
			e.Selection = append(e.Selection, l.LeafStatus)
		}
		for _, l := range leaves {
			if l.isComposite && (m.Aggregation == Arithmetic || m.Aggregation == "") {
				for i := range e.Parts {
					if w := e.Parts[i].Weight; w > 0 {
						need := l.Gap / w
						e.Parts[i].Needed = &need
					}
				}
				break
			}
		}
	}
	return e, nil
}

func domainAgg(m Model, id string) Aggregation {
	for _, d := range m.Domains {
		if d.ID == id {
			return d.Aggregation
		}
	}
	return Arithmetic
}

type leafStatus struct {
	LeafStatus
	isComposite bool
}

// leaves evaluates each leaf test of a rule for area idx.
func (r *Result) leaves(rule Rule, idx int, score []float64) []leafStatus {
	if len(rule.Any)+len(rule.All) > 0 {
		var out []leafStatus
		for _, s := range append(append([]Rule{}, rule.Any...), rule.All...) {
			out = append(out, r.leaves(s, idx, score)...)
		}
		return out
	}
	value := score
	if rule.Indicator != "" {
		for k, ind := range r.model.Indicators {
			if ind.ID == rule.Indicator {
				value = r.norm[k]
			}
		}
	}
	// The values of the area's reference set, most need first.
	var set []float64
	for i := range value {
		if r.rankGroups == nil || r.rankGroups[i] == r.rankGroups[idx] {
			set = append(set, value[i])
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(set)))
	n := len(set)
	ls := leafStatus{LeafStatus: LeafStatus{Rule: rule.String(), Value: value[idx]}, isComposite: rule.Indicator == ""}
	cut := 0 // the last rank selected
	switch {
	case rule.MinScore != nil:
		ls.Threshold = *rule.MinScore
		ls.Met = value[idx] >= *rule.MinScore
		ls.Gap = ls.Threshold - ls.Value
		return []leafStatus{ls}
	case rule.TopN > 0:
		cut = rule.TopN
	case rule.TopPercent > 0:
		cut = int(math.Ceil(rule.TopPercent*float64(n)/100 - 1e-9))
	case rule.MaxDecile > 0 && r.pop != nil:
		// Population-weighted deciles: the cut is the number of areas of
		// the reference set in deciles 1..MaxDecile (bands follow ranks).
		rank, _ := rankWithin(value, r.codes, r.rankGroups)
		dec, _ := PopulationBands(rank, r.rankGroups, r.pop, 10)
		for i, d := range dec {
			if d <= int64(rule.MaxDecile) && (r.rankGroups == nil || r.rankGroups[i] == r.rankGroups[idx]) {
				cut++
			}
		}
	case rule.MaxDecile > 0:
		cut = rule.MaxDecile * n / 10
	}
	cut = min(cut, n)
	// Met if the area ranks within the cut (ties broken by code, as in Score).
	rank, _ := rankWithin(value, r.codes, r.rankGroups)
	ls.Met = rank[idx] <= int64(cut)
	switch {
	case ls.Met && cut < n:
		ls.Threshold = set[cut] // fall to the first unselected value to leave
	case ls.Met:
		ls.Threshold = math.Inf(-1)
	case cut > 0:
		ls.Threshold = set[cut-1] // rise to the last selected value to enter
	default:
		ls.Threshold = math.Inf(1)
	}
	ls.Gap = ls.Threshold - ls.Value
	return []leafStatus{ls}
}
