package score

import (
	"fmt"
	"math"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
)

// summaryInputs picks the index to summarise: the scenario's summary block
// (published national ranks, scores and the index's own denominator), or
// else the scenario's composite ranked among its own areas.
func summaryInputs(r *result.Result, sc *scenario.Scenario, srcs map[string]*loaded, files map[string]string) (result.SummaryInput, error) {
	codes, _ := engine.Strings(r.Areas, result.ColAreaCode)
	at := make(map[string]int, r.Geography.Len())
	for i, c := range r.Geography.Codes {
		at[c] = i
	}
	col := func(c scenario.Column, required bool) ([]float64, error) {
		if c.Source == "" {
			return nil, nil
		}
		all := srcs[c.Source].columns[c.Column]
		out := make([]float64, len(codes))
		for i, code := range codes {
			out[i] = all[at[code]]
			if required && math.IsNaN(out[i]) {
				return nil, &indicators.DataError{File: files[c.Source], Column: c.Column, Code: code,
					Msg: "no value for this area (summary columns must cover every area)"}
			}
		}
		return out, nil
	}
	in := result.SummaryInput{}
	sm := sc.Summary
	if sm == nil {
		rank, _ := engine.Ints(r.Areas, engine.ColRank)
		in.Rank = make([]float64, len(rank))
		for i, x := range rank {
			in.Rank[i] = float64(x)
		}
		in.Score, _ = engine.Floats(r.Areas, engine.ColScore)
		in.Pop, _ = engine.Floats(r.Areas, result.ColPopulation)
		in.N = len(codes)
		in.Index = fmt.Sprintf("the scenario's composite score, ranked among its %d areas", in.N)
		return in, nil
	}
	var err error
	if in.Rank, err = col(sm.Rank, true); err != nil {
		return in, err
	}
	if in.Score, err = col(sm.Score, false); err != nil {
		return in, err
	}
	if in.Pop, err = col(sm.Population, true); err != nil {
		return in, err
	}
	if in.Pop == nil {
		in.Pop, _ = engine.Floats(r.Areas, result.ColPopulation)
	}
	if in.Count, err = col(sm.Count, false); err != nil {
		return in, err
	}
	in.N = sm.N
	in.Index = fmt.Sprintf("%s (national rank out of %d)", sm.Rank.Column, sm.N)
	if n, ok := srcs[sm.Rank.Source].reranked[sm.Rank.Column]; ok {
		in.N = n
		in.Index = fmt.Sprintf("%s (converted to %s and re-ranked: national rank out of %d)", sm.Rank.Column, sc.Geography.Areas, n)
	}
	return in, nil
}
