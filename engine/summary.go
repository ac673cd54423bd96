package engine

import (
	"fmt"
	"math"
	"sort"

	"github.com/apache/arrow-go/v18/arrow"
)

// GroupSummary summarises scored areas by group (e.g. ward): per group, the
// number of areas, population, population-weighted mean score, areas selected
// and people covered (population of selected areas). Rows are in group-code
// order. Columns: group_code, n_areas, population, mean_score,
// areas_selected, people_covered.
func GroupSummary(groups []string, pop, score []float64, selected []bool) (arrow.RecordBatch, error) {
	n := len(groups)
	if len(pop) != n || len(score) != n || len(selected) != n {
		return nil, fmt.Errorf("group summary: columns of different lengths")
	}
	index := map[string]int{}
	var codes []string
	for _, g := range groups {
		if _, ok := index[g]; !ok {
			index[g] = len(codes)
			codes = append(codes, g)
		}
	}
	sort.Strings(codes)
	for i, c := range codes {
		index[c] = i
	}
	k := len(codes)
	nAreas := make([]int64, k)
	people := make([]float64, k)
	wscore := make([]float64, k)
	nSel := make([]int64, k)
	covered := make([]float64, k)
	for i, g := range groups {
		j := index[g]
		nAreas[j]++
		people[j] += pop[i]
		wscore[j] += pop[i] * score[i]
		if selected[i] {
			nSel[j]++
			covered[j] += pop[i]
		}
	}
	mean := make([]float64, k)
	for j := range mean {
		mean[j] = math.NaN()
		if people[j] > 0 {
			mean[j] = wscore[j] / people[j]
		}
	}
	var rb recordBuilder
	rb.strings("group_code", codes)
	rb.ints("n_areas", nAreas)
	rb.floats("population", people)
	rb.floats("mean_score", mean)
	rb.ints("areas_selected", nSel)
	rb.floats("people_covered", covered)
	return rb.record(k), nil
}
