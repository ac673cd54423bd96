package engine

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/apache/arrow-go/v18/arrow"
)

// Input columns Score reads.
const (
	ColCode  = "area_code"
	ColGroup = "group_code" // optional: for group-median imputation
	// ColRankGroup, when present, makes ranks, bands and selection relative
	// to each area's group (e.g. its local authority) instead of all areas.
	ColRankGroup = "rank_group"
)

// Output columns of Result.Record besides ColCode and the per-indicator
// and per-domain columns.
const (
	ColScore      = "score"
	ColRank       = "rank"
	ColDecile     = "decile"
	ColSelected   = "selected"
	ColQuintile   = "quintile"
	ColPercentile = "percentile"
)

// Result is a scored set of areas.
type Result struct {
	// Record holds, per area kept: area_code, score, rank, decile, selected,
	// then <id>_value and <id>_norm for each indicator in model order, then
	// <domain>_score for each domain, then quintile and percentile.
	Record arrow.RecordBatch
	Report Report
	// Items are the composite's direct inputs (indicators outside domains,
	// then domains) with their weights: what Explain breaks a score into.
	Items []Item
	// Imputed marks, per indicator with imputed values and per area kept
	// (aligned with Record), the values imputed by the missing policy.
	Imputed map[string][]bool

	// kept for Explain
	model      Model
	norm       [][]float64
	rankGroups []string
	codes      []string
	pop        []float64 // per area, for population-weighted bands; nil otherwise
}

// Item is one direct input of the composite and its weight.
type Item struct {
	ID     string
	Weight float64
	Values []float64 // per area, aligned with Record
}

func contributions(top []item) []Item {
	out := make([]Item, len(top))
	for i, it := range top {
		out[i] = Item{ID: it.id, Weight: it.weight, Values: it.values}
	}
	return out
}

// Report is what a run must tell its reader: every imputation, drop and warning.
type Report struct {
	Areas    int            // areas scored
	Selected int            // areas selected
	Imputed  map[string]int // indicator -> values imputed
	// ImputedValues lists every imputed value: indicator, area, value used.
	ImputedValues []Imputation
	Dropped       []string // area codes left out (policy "drop")
	Warnings      []string
	Selection     string // the rule in words
	// Treated lists every value changed by an outlier treatment.
	Treated []Treated
	// PCAWeights are the weights set by principal components (weights: pca).
	PCAWeights []PCAWeights
}

// Imputation is one value a missing policy filled in.
type Imputation struct {
	Indicator string  `json:"indicator"`
	Code      string  `json:"area_code"`
	Value     float64 `json:"value"`
	Policy    string  `json:"policy"`
}

// MissingValuesError reports areas without a value for an indicator whose
// policy is "error".
type MissingValuesError struct {
	Indicator string
	Codes     []string
}

func (e *MissingValuesError) Error() string {
	ex := e.Codes
	if len(ex) > 5 {
		ex = ex[:5]
	}
	return fmt.Sprintf("indicator %q has no value for %d area(s), e.g. %v (set missing: median, group_median or drop to allow it)",
		e.Indicator, len(e.Codes), ex)
}

// Score computes the composite for the areas in in (column area_code, an
// optional group_code, and one float64 column per indicator ID).
func Score(in arrow.RecordBatch, m Model) (*Result, error) {
	codes, err := Strings(in, ColCode)
	if err != nil {
		return nil, err
	}
	var groups, rankGroups []string
	if len(in.Schema().FieldIndices(ColGroup)) > 0 {
		if groups, err = Strings(in, ColGroup); err != nil {
			return nil, err
		}
	}
	if len(in.Schema().FieldIndices(ColRankGroup)) > 0 {
		if rankGroups, err = Strings(in, ColRankGroup); err != nil {
			return nil, err
		}
	}
	if len(m.Indicators) == 0 {
		return nil, fmt.Errorf("model has no indicators")
	}
	rep := Report{Imputed: map[string]int{}}
	raw := make([][]float64, len(m.Indicators))
	keep := make([]bool, len(codes))
	for i := range keep {
		keep[i] = true
	}
	imputed := map[string][]bool{}
	for k, ind := range m.Indicators {
		if raw[k], err = Floats(in, ind.ID); err != nil {
			return nil, err
		}
		var mask []bool
		for i, x := range raw[k] {
			if math.IsNaN(x) {
				if mask == nil {
					mask = make([]bool, len(codes))
				}
				mask[i] = true
			}
		}
		if mask != nil {
			imputed[ind.ID] = mask
		}
		if err := resolveMissing(raw[k], codes, groups, ind, keep, &rep); err != nil {
			return nil, err
		}
	}

	// Keep only the scored areas, columnwise.
	rows := make([]int, 0, len(codes))
	for i, ok := range keep {
		if ok {
			rows = append(rows, i)
		} else {
			rep.Dropped = append(rep.Dropped, codes[i])
		}
	}
	codes = pick(codes, rows)
	for id, mask := range imputed {
		imputed[id] = pick(mask, rows)
	}
	norm := make([][]float64, len(m.Indicators))
	for k, ind := range m.Indicators {
		raw[k] = pick(raw[k], rows)
		x := raw[k]
		if ind.Treat != nil {
			var steps []string
			x, steps, _, _ = Treat(x, *ind.Treat)
			for i, s := range steps {
				if s != "" {
					rep.Treated = append(rep.Treated, Treated{Indicator: ind.ID, Code: codes[i], Raw: raw[k][i], Treated: x[i], Step: s})
				}
			}
		}
		if norm[k], err = Normalise(x, ind.Direction, ind.Norm); err != nil {
			return nil, fmt.Errorf("indicator %q: %w", ind.ID, err)
		}
	}
	warn := func(w string) { rep.Warnings = append(rep.Warnings, w) }
	score, top, domains, err := levels(norm, m, codes, warn, &rep.PCAWeights)
	if err != nil {
		return nil, err
	}
	if len(rep.PCAWeights) > 0 {
		// Explain reads indicator weights from the model: give it the
		// weights used.
		m.Indicators = slices.Clone(m.Indicators)
		for _, pw := range rep.PCAWeights {
			for k, ind := range m.Indicators {
				if w, ok := pw.Weights[ind.ID]; ok && (ind.Domain == pw.Level || (ind.Domain == "" && pw.Level == "index")) {
					m.Indicators[k].Weight = w
				}
			}
		}
	}
	rankGroups = pick(rankGroups, rows)
	var pop []float64
	if m.Bands == BandPopulation {
		if pop, err = Floats(in, ColPopulation); err != nil {
			return nil, fmt.Errorf("bands weighted by population: %w", err)
		}
		pop = pick(pop, rows)
	}
	// bands are the k-bands of ranks r with group sizes size: by areas or by
	// population (m.Bands).
	bands := func(r []int64, size []int, k int) []int64 {
		if pop == nil {
			return bandWithin(r, size, k)
		}
		b, perr := PopulationBands(r, rankGroups, pop, k)
		if perr != nil && err == nil {
			err = perr
		}
		return b
	}
	rank, size := rankWithin(score, codes, rankGroups)
	decile := bands(rank, size, 10)
	if err != nil {
		return nil, err
	}
	selected := make([]bool, len(codes))
	if m.Selection != nil {
		byInd := func(id string) target {
			for k, ind := range m.Indicators {
				if ind.ID == id {
					r, size := rankWithin(norm[k], codes, rankGroups)
					return target{value: norm[k], rank: r, decile: bands(r, size, 10)}
				}
			}
			panic("selection: unknown indicator " + id) // Validate rules this out
		}
		selected = m.Selection.eval(target{score, rank, decile}, byInd)
		rep.Selection = m.Selection.String()
	}
	for _, s := range selected {
		if s {
			rep.Selected++
		}
	}
	rep.Areas = len(codes)

	var rb recordBuilder
	rb.strings("area_code", codes)
	rb.floats("score", score)
	rb.ints("rank", rank)
	rb.ints("decile", decile)
	rb.bools("selected", selected)
	for k, ind := range m.Indicators {
		rb.floats(ind.ID+"_value", raw[k])
		rb.floats(ind.ID+"_norm", norm[k])
	}
	for _, d := range m.Domains {
		rb.floats(d.ID+"_score", domains[d.ID])
	}
	rb.ints("quintile", bands(rank, size, 5))
	rb.ints("percentile", bands(rank, size, 100))
	return &Result{Record: rb.record(len(codes)), Report: rep, Items: contributions(top),
		Imputed: imputed, model: m, pop: pop, norm: norm, rankGroups: rankGroups, codes: codes}, nil
}

// resolveMissing applies the indicator's missing-data policy in place.
func resolveMissing(v []float64, codes, groups []string, ind Indicator, keep []bool, rep *Report) error {
	var miss []int
	for i, x := range v {
		if math.IsNaN(x) {
			miss = append(miss, i)
		}
	}
	if len(miss) == 0 {
		return nil
	}
	switch ind.Missing {
	case MissingError, "":
		e := &MissingValuesError{Indicator: ind.ID}
		for _, i := range miss {
			e.Codes = append(e.Codes, codes[i])
		}
		return e
	case MissingMedian:
		med := median(v, nil)
		for _, i := range miss {
			v[i] = med
		}
	case MissingGroupMedian:
		if groups == nil {
			return fmt.Errorf("indicator %q: missing: group_median needs a group for each area", ind.ID)
		}
		for _, i := range miss {
			g := groups[i]
			med := median(v, func(j int) bool { return groups[j] == g })
			if math.IsNaN(med) {
				return fmt.Errorf("indicator %q: area %s: no value anywhere in its group %s to impute from", ind.ID, codes[i], g)
			}
			v[i] = med
		}
	case MissingDrop:
		for _, i := range miss {
			keep[i] = false
		}
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("indicator %q: %d area(s) dropped for missing values", ind.ID, len(miss)))
		return nil
	default:
		return fmt.Errorf("indicator %q: unknown missing policy %q", ind.ID, ind.Missing)
	}
	rep.Imputed[ind.ID] += len(miss)
	for _, i := range miss {
		rep.ImputedValues = append(rep.ImputedValues, Imputation{Indicator: ind.ID, Code: codes[i], Value: v[i], Policy: string(ind.Missing)})
	}
	return nil
}

// median of the non-NaN values (restricted to rows where in(j), if given).
func median(v []float64, in func(int) bool) float64 {
	var xs []float64
	for j, x := range v {
		if !math.IsNaN(x) && (in == nil || in(j)) {
			xs = append(xs, x)
		}
	}
	if len(xs) == 0 {
		return math.NaN()
	}
	sort.Float64s(xs)
	h := len(xs) / 2
	if len(xs)%2 == 1 {
		return xs[h]
	}
	return (xs[h-1] + xs[h]) / 2
}

func pick[T any](v []T, rows []int) []T {
	if v == nil || len(rows) == len(v) {
		return v
	}
	out := make([]T, len(rows))
	for i, r := range rows {
		out[i] = v[r]
	}
	return out
}
