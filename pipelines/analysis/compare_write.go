package analysis

import (
	"slices"

	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/engine/compare"
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/palette"
	"github.com/manchester-insight/targeting/internal/result"
)

// Selection changes between A and B, coded for a map.
const (
	changeNeither  = 0 // selected in neither
	changeStaying  = 1 // selected in both
	changeLeaving  = 2 // selected in A only
	changeEntering = 3 // selected in B only
)

var compareFields = map[string]string{
	"rank_a":           "Rank in scenario A (1 = most in need)",
	"rank_b":           "Rank in scenario B (1 = most in need)",
	"rank_change":      "rank_a - rank_b: positive = moved up, towards more need, in B",
	"selected_a":       "Selected in scenario A",
	"selected_b":       "Selected in scenario B",
	"selection_change": "0 selected in neither, 1 in both, 2 leaves (A only), 3 enters (B only)",
}

// Layer is the comparison per common area, on B's geometries, styled by
// whether the area enters, leaves or stays in the selection.
func (c *Comparison) Layer(a, b *result.Result) (*geo.Layer, error) {
	selA, selB := selectedSet(a), selectedSet(b)
	tb := table{rec: b.Areas}
	bRow := map[string]int{}
	for i, code := range tb.strings(result.ColAreaCode) {
		bRow[code] = i
	}
	if tb.err != nil {
		return nil, tb.err
	}
	n := len(c.Moves)
	codes, names, wards := make([]string, n), make([]string, n), make([]string, n)
	ra, rb, ch, kind := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	sa, sb := make([]bool, n), make([]bool, n)
	var geoms []orb.Geometry
	moves := slices.Clone(c.Moves)
	slices.SortFunc(moves, func(x, y compare.Move) int { return int(x.RankB - y.RankB) })
	for i, m := range moves {
		codes[i], names[i], wards[i] = m.Code, c.Names[m.Code], c.Wards[m.Code]
		ra[i], rb[i], ch[i] = m.RankA, m.RankB, m.Change
		sa[i], sb[i] = selA[m.Code], selB[m.Code]
		switch {
		case sa[i] && sb[i]:
			kind[i] = changeStaying
		case sa[i]:
			kind[i] = changeLeaving
		case sb[i]:
			kind[i] = changeEntering
		}
		if b.AreaGeoms != nil {
			geoms = append(geoms, b.AreaGeoms[bRow[m.Code]])
		}
	}
	rec, err := engine.NewRecord(
		[]string{result.ColAreaCode, result.ColAreaName, result.ColWardName, "rank_a", "rank_b", "rank_change", "selected_a", "selected_b", "selection_change"},
		[]any{codes, names, wards, ra, rb, ch, sa, sb, kind})
	if err != nil {
		return nil, err
	}
	style := &geo.Style{Field: "selection_change", Title: "Selection, A -> B", Classes: []geo.Class{
		{Lower: changeNeither, Upper: changeNeither, Label: "selected in neither", Colour: palette.Neither},
		{Lower: changeStaying, Upper: changeStaying, Label: "selected in both", Colour: palette.Both},
		{Lower: changeLeaving, Upper: changeLeaving, Label: "leaves the selection", Colour: palette.Leaves},
		{Lower: changeEntering, Upper: changeEntering, Label: "enters the selection", Colour: palette.Enters},
	}}
	return &geo.Layer{Name: "comparison", Title: c.A + " vs " + c.B, SRID: geo.BNG, Attributes: rec, Geometry: geoms,
		Style: style, Metadata: layerText(b, "Comparison of "+c.A+" (A) with "+c.B+" (B)")}, nil
}

func selectedSet(res *result.Result) map[string]bool {
	t := table{rec: res.Areas}
	codes, sel := t.strings(result.ColAreaCode), t.bools(engine.ColSelected)
	out := make(map[string]bool, len(codes))
	for i, c := range codes {
		out[c] = sel[i]
	}
	return out
}

// WriteComparison writes, for B's name NAME, NAME_comparison in B's layer
// formats (when B has boundaries) and as CSV, with a data dictionary and
// the comparison as JSON.
func WriteComparison(a, b *result.Result, c *Comparison, dir string) ([]string, error) {
	l, err := c.Layer(a, b)
	if err != nil {
		return nil, err
	}
	o, err := newOutputs(b, dir)
	if err != nil {
		return nil, err
	}
	stem := b.Scenario.Slug() + "_comparison"
	fail := func(err error) ([]string, error) { o.abort(); return nil, err }
	layers := []*geo.Layer{l}
	if l.Geometry != nil {
		if err := o.layers(stem, layers, compareFields); err != nil {
			return fail(err)
		}
	}
	if !slices.Contains(b.Scenario.Outputs.Formats, "csv") || l.Geometry == nil {
		if err := o.table(stem+".csv", l.Attributes); err != nil {
			return fail(err)
		}
	}
	if err := o.dictionary(stem+"_fields.csv", layers, compareFields); err != nil {
		return fail(err)
	}
	if err := o.json(stem+".json", c.Result); err != nil {
		return fail(err)
	}
	return o.commit()
}
