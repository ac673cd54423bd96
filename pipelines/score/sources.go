package score

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/internal/csvio"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
)

// loaded is a source read and aligned onto the scenario's areas.
type loaded struct {
	file    string
	columns map[string][]float64 // aligned to the areas, NaN where missing
	missing map[string][]int     // column -> area indices with no row in the file
	// reranked gives, for a rank column converted between vintages, the
	// number of areas it was re-ranked among (the N of its ranks).
	reranked map[string]int
}

// kinds maps a scenario's measure kinds to how a column converts.
var kinds = map[string]geo.Kind{"count": geo.Count, "rate": geo.Rate, "share": geo.Rate, "score": geo.Rate, "rank": geo.Rank}

// sourceColumns lists, per source, the columns the scenario needs and how
// each converts between vintages.
func sourceColumns(sc *scenario.Scenario) map[string]map[string]geo.Kind {
	need := map[string]map[string]geo.Kind{}
	add := func(src, col string, k geo.Kind) {
		if need[src] == nil {
			need[src] = map[string]geo.Kind{}
		}
		need[src][col] = k
	}
	p := sc.Geography.Population
	add(p.Source, p.Column, geo.Count)
	if sm := sc.Summary; sm != nil {
		for _, c := range []struct {
			col  scenario.Column
			kind geo.Kind
		}{{sm.Rank, geo.Rank}, {sm.Score, geo.Rate}, {sm.Population, geo.Count}, {sm.Count, geo.Count}} {
			if c.col.Source != "" {
				add(c.col.Source, c.col.Column, c.kind)
			}
		}
	}
	for _, ind := range sc.Indicators {
		if ind.Value != "" {
			k, _ := ind.KindOf()
			add(ind.Source, ind.Value, kinds[k])
		}
		for _, c := range append(slices.Clone(ind.Numerator), ind.Denominator...) {
			add(c.SourceOf(ind), c.Column, geo.Count)
		}
	}
	return need
}

// readSource reads the columns a scenario needs from one source file: those
// it aligns onto the areas, and geography.apportion's populations.
func readSource(fs *csvio.Files, sc *scenario.Scenario, id string, cols map[string]geo.Kind) (*indicators.Table, error) {
	src := sc.Sources[id]
	names := slices.Sorted(maps.Keys(cols))
	for _, c := range sc.Geography.Apportion {
		if c.Source == id && !slices.Contains(names, c.Column) {
			names = append(names, c.Column)
		}
	}
	spec := indicators.Spec{File: src.File, Vintage: src.Vintage, Code: src.Code, Columns: names, NA: src.NA,
		Decimal: src.Decimal, Percent: src.Percent, Files: fs}
	if src.Pivot != nil {
		spec.Pivot = &indicators.Pivot{Key: src.Pivot.Key, Value: src.Pivot.Value}
	}
	return indicators.Load(spec) // LoadParquet for .parquet files and folders, else LoadCSV
}

// loadSource checks a read source's codes' vintage and aligns the needed
// columns onto the areas, converting vintage where needed.
func loadSource(sc *scenario.Scenario, id string, t *indicators.Table, cols map[string]geo.Kind, areas *geo.Areas, vint *geo.Vintages, weights map[string]map[string]float64, rep *result.Report) (*loaded, error) {
	src := sc.Sources[id]
	names := slices.Sorted(maps.Keys(cols))
	spec := indicators.Spec{File: src.File}
	codes := t.Codes()
	var err error
	if vint != nil {
		if i, msg := vint.Check(codes, src.Vintage); i >= 0 {
			return nil, &indicators.DataError{File: spec.File, Row: t.Rows[i], Column: src.Code, Code: codes[i], Msg: msg}
		}
	}
	raw := make([][]float64, len(names))
	for k, c := range names {
		if raw[k], err = t.Column(c); err != nil {
			return nil, err
		}
	}
	out := &loaded{file: spec.File, columns: map[string][]float64{}, missing: map[string][]int{}, reranked: map[string]int{}}
	if src.Vintage != sc.Geography.Areas {
		kinds := make([]geo.Kind, len(names))
		for k, c := range names {
			kinds[k] = cols[c]
		}
		conv, info, err := vint.Convert(src.Vintage, sc.Geography.Areas, codes, raw, kinds, areas.Codes, weights)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", spec.File, err)
		}
		note := result.ConversionNote{Source: id, From: info.From, To: info.To, Lookup: info.Lookup, Apportioned: info.Apportioned}
		for k, c := range names {
			out.columns[c] = conv[k]
			if kinds[k] != geo.Rank {
				continue
			}
			// Ranks: convert every area of the file (as positions, population-
			// weighted where weights are given), re-rank them all, then keep
			// the scenario's areas: ranks out of the converted file's areas.
			all := vint.Targets(src.Vintage, sc.Geography.Areas, codes)
			pos, _, err := vint.Convert(src.Vintage, sc.Geography.Areas, codes, raw[k:k+1], []geo.Kind{geo.Rank}, all, weights)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", spec.File, err)
			}
			ranks, n := geo.Rerank(all, pos[0])
			ix, err := engine.NewIndex(all)
			if err != nil {
				return nil, err
			}
			out.columns[c] = ix.Align(ix.Rows(areas.Codes), ranks).Values
			out.reranked[c] = n
			note.Ranks = append(note.Ranks, fmt.Sprintf("%s: ranks out of %d converted as positions (means weighted by %s across the exact-fit lookup; a split area keeps its parent's position), then re-ranked among the %d %s areas the file converts to (ties by code): ranks out of %d",
				c, len(codes), weightWords(weights, src.Vintage), n, sc.Geography.Areas, n))
		}
		rep.Conversions = append(rep.Conversions, note)
		return out, nil
	}
	ix, err := engine.NewIndex(codes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", spec.File, err)
	}
	rep.Outside = appendOutside(rep.Outside, id, codes, areas)
	rows := ix.Rows(areas.Codes)
	for k, c := range names {
		j := ix.Align(rows, raw[k])
		out.columns[c] = j.Values
		out.missing[c] = j.Missing
	}
	return out, nil
}

// indicatorValues computes an indicator's value per area from its
// sources: its value column, or scale x Σ numerator / Σ denominator, whose
// columns may come from other sources (all aligned on the same areas).
func indicatorValues(ind *scenario.Indicator, srcs map[string]*loaded) []float64 {
	if ind.Value != "" {
		return srcs[ind.Source].columns[ind.Value]
	}
	col := func(r scenario.ColumnRef) []float64 { return srcs[r.SourceOf(ind)].columns[r.Column] }
	n := len(col(ind.Numerator[0]))
	out := make([]float64, n)
	for i := range out {
		var num, den float64
		for _, c := range ind.Numerator {
			num += col(c)[i]
		}
		for _, c := range ind.Denominator {
			den += col(c)[i]
		}
		out[i] = math.NaN() // also for den == 0: a rate of nothing is missing
		if den != 0 && !math.IsNaN(num) && !math.IsNaN(den) {
			out[i] = ind.Scale * num / den
		}
	}
	return out
}

// explainMissing turns the engine's missing-values error into a data error
// that names the file and column the values should have come from.
func explainMissing(err error, sc *scenario.Scenario, files map[string]string) error {
	var mv *engine.MissingValuesError
	if !errors.As(err, &mv) {
		return err
	}
	for _, ind := range sc.Indicators {
		if ind.ID != mv.Indicator {
			continue
		}
		col := ind.Value
		if col == "" {
			col = ind.Numerator[0].Column
		}
		ex := mv.Codes
		if len(ex) > 5 {
			ex = ex[:5]
		}
		return &indicators.DataError{File: files[ind.Source], Column: col, Code: mv.Codes[0],
			Msg: fmt.Sprintf("indicator %q: no value for %d of the scenario's areas (e.g. %v); the file covers only part of the areas, or holds blanks. Set missing: median, group_median or drop on the indicator to allow it",
				ind.ID, len(mv.Codes), ex)}
	}
	return err
}

// apportionWeights takes the geography.apportion columns from the sources
// as read: per vintage, each code's population (every code of the file,
// not only the scenario's areas).
func apportionWeights(sc *scenario.Scenario, tables map[string]*indicators.Table) (map[string]map[string]float64, error) {
	if len(sc.Geography.Apportion) == 0 {
		return nil, nil
	}
	out := map[string]map[string]float64{}
	for vintage, c := range sc.Geography.Apportion {
		src := sc.Sources[c.Source]
		if src.Vintage != vintage {
			return nil, &scenario.ConfigError{File: sc.Path, Key: "geography.apportion." + vintage,
				Msg: fmt.Sprintf("source %s is %s, not %s", c.Source, src.Vintage, vintage)}
		}
		t := tables[c.Source]
		v, err := t.Column(c.Column)
		if err != nil {
			return nil, err
		}
		m := make(map[string]float64, len(v))
		for i, code := range t.Codes() {
			m[code] = v[i]
		}
		out[vintage] = m
	}
	return out, nil
}

// weightWords says what weights a conversion's means: population, or none.
func weightWords(weights map[string]map[string]float64, vintage string) string {
	if weights[vintage] != nil {
		return "population (geography.apportion)"
	}
	return "equal shares"
}

// appendOutside notes the rows of a source for areas that are not the
// scenario's, so that no row vanishes without a trace.
func appendOutside(notes []result.OutsideNote, id string, codes []string, areas *geo.Areas) []result.OutsideNote {
	in := make(map[string]bool, areas.Len())
	for _, c := range areas.Codes {
		in[c] = true
	}
	n := result.OutsideNote{Source: id}
	for _, c := range codes {
		if !in[c] {
			n.Rows++
			if len(n.Examples) < 5 {
				n.Examples = append(n.Examples, c)
			}
		}
	}
	if n.Rows == 0 {
		return notes
	}
	return append(notes, n)
}
