package score

import (
	"fmt"
	"math"

	"github.com/manchester-insight/targeting/engine/smooth"
	"github.com/manchester-insight/targeting/geo/contiguity"
	"github.com/manchester-insight/targeting/geo/crs"
	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
)

// contiguityTolerance is the distance in metres within which boundary
// vertices count as one, as `targeting clusters` uses by default for the
// generalised boundaries.
const contiguityTolerance = 0.5

// smoothedValues is indicatorValues for an indicator with smooth: the rate
// scale * numerator / denominator smoothed by engine/smooth, and the
// report's list of every area's raw and smoothed rate. An area with a
// missing (suppressed) count or a zero denominator has no rate: it takes
// no part in the smoothing and stays missing for the missing policy.
func smoothedValues(ind *scenario.Indicator, srcs map[string]*loaded, in *Inputs, nb func() ([][]int, error)) ([]float64, result.Smoothing, error) {
	raw := indicatorValues(ind, srcs)
	n := len(raw)
	col := func(r scenario.ColumnRef) []float64 { return srcs[r.SourceOf(ind)].columns[r.Column] }
	e, b := make([]float64, n), make([]float64, n)
	for i := range e {
		for _, c := range ind.Numerator {
			e[i] += col(c)[i]
		}
		for _, c := range ind.Denominator {
			b[i] += col(c)[i]
		}
		if math.IsNaN(raw[i]) {
			e[i], b[i] = math.NaN(), math.NaN()
		}
	}
	note := result.Smoothing{Indicator: ind.ID, Method: ind.Smooth.Method}
	var s []float64
	var err error
	switch ind.Smooth.Method {
	case scenario.SmoothEB:
		switch ind.Smooth.Reference {
		case "district", "ward":
			groups := in.Areas.Districts
			if ind.Smooth.Reference == "ward" {
				groups = in.Areas.Wards
			}
			note.Reference = "the rate of the area's " + ind.Smooth.Reference + " (empirical Bayes within each " + ind.Smooth.Reference + ", Marshall 1991)"
			s, err = smooth.EmpiricalBayesWithin(e, b, groups)
		case "", "all":
			note.Reference = "the rate of all areas (global empirical Bayes, Marshall 1991; as PySAL Empirical_Bayes)"
			s, err = smooth.EmpiricalBayes(e, b)
		default: // a geography.groupings name, read by the input stage
			name := ind.Smooth.Reference
			g, ok := in.Groupings[name]
			if !ok {
				return nil, note, fmt.Errorf("indicator %q: smooth.reference %s: the grouping was not read", ind.ID, name)
			}
			groups := make([]string, n)
			for i, c := range in.Areas.Codes {
				gr, ok := g.Groups[c]
				if !ok {
					return nil, note, &indicators.DataError{File: g.File, Column: g.Area, Code: c,
						Msg: fmt.Sprintf("area not in the %s grouping, which smooth.reference of indicator %q needs", name, ind.ID)}
				}
				groups[i] = gr.Code
			}
			note.Reference = "the rate of the area's " + name + " (empirical Bayes within each " + name + ", Marshall 1991)"
			s, err = smooth.EmpiricalBayesWithin(e, b, groups)
		}
	case scenario.SmoothSpatialEB:
		note.Reference = fmt.Sprintf("the pooled rate of each area and its queen-contiguous neighbours (boundary vertices within %g m; spatial empirical Bayes, as PySAL Spatial_Empirical_Bayes)", contiguityTolerance)
		var neighbours [][]int
		if neighbours, err = nb(); err == nil {
			s, err = smooth.SpatialEmpiricalBayes(e, b, neighbours)
		}
	default:
		err = fmt.Errorf("unknown smoothing method %q", ind.Smooth.Method)
	}
	if err != nil {
		return nil, note, fmt.Errorf("indicator %q (%s): %w", ind.ID, srcs[ind.Source].file, err)
	}
	out := make([]float64, n)
	for i := range s {
		out[i] = ind.Scale * s[i]
		r := result.SmoothedRate{Code: in.Areas.Codes[i]}
		if !math.IsNaN(raw[i]) {
			rv, sv := raw[i], out[i]
			r.Raw, r.Smoothed = &rv, &sv
		}
		note.Areas = append(note.Areas, r)
	}
	return out, note, nil
}

// queenNeighbours is the queen contiguity of the scenario's areas, in
// their order, from geography.boundaries.areas projected to British
// National Grid.
func queenNeighbours(in *Inputs) ([][]int, error) {
	if in.AreaBounds == nil {
		return nil, fmt.Errorf("spatial_eb needs geography.boundaries.areas")
	}
	g, err := in.AreaBounds.For(in.Areas.Codes)
	if err != nil {
		return nil, err
	}
	for i := range g {
		g[i] = crs.ProjectToBNG(g[i])
	}
	return contiguity.Queen(g, contiguityTolerance), nil
}
