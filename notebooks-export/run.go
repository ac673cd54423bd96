package notebooksexport

import (
	"fmt"
	"math"
	"sort"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
)

// Options are the inputs every export shares besides the scored result.
type Options struct {
	// Robustness is the robustness run's result; nil means it has not been
	// run, and the outputs say so.
	Robustness *result.Robustness
	// Disclosure is applied to every table; the zero value means
	// DefaultDisclosure.
	Disclosure Disclosure
}

// run is a scored scenario after disclosure control, unpacked into the
// columns the report, maps and notebook draw from. Numeric columns are
// float64 with NaN where a value is missing or was suppressed.
type run struct {
	sc         *scenario.Scenario
	rep        result.Report
	areas      arrow.RecordBatch // disclosed areas table (README field contract)
	wards      arrow.RecordBatch // disclosed wards table
	suppressed int               // cells suppressed by disclosure control
	rob        *result.Robustness
	areaGeoms  []orb.Geometry // EPSG:27700; nil for table-only scenarios
	wardGeoms  []orb.Geometry

	code, name, wardCode, wardName []string
	pop, score, rank, decile       []float64
	selected                       []bool

	wCode, wName                             []string
	wAreas, wPop, wMean, wSelected, wCovered []float64
	wRank, wDecile                           []float64 // wards ranked by mean score, 1 = most in need
}

// newRun applies disclosure control to res and unpacks it. The caller
// releases it.
func newRun(res *result.Result, opt Options) (r *run, err error) {
	r = &run{sc: res.Scenario, rep: res.Report, rob: opt.Robustness, areaGeoms: res.AreaGeoms, wardGeoms: res.WardGeoms}
	defer func() {
		if err != nil {
			r.release()
		}
	}()
	var n int
	if r.areas, n, err = opt.Disclosure.disclose("areas", res.Areas); err != nil {
		return nil, err
	}
	r.suppressed += n
	if r.wards, n, err = opt.Disclosure.disclose("wards", res.Wards); err != nil {
		return nil, err
	}
	r.suppressed += n

	for _, s := range []struct {
		dst  *[]string
		rec  arrow.RecordBatch
		name string
	}{{&r.code, r.areas, result.ColAreaCode}, {&r.name, r.areas, result.ColAreaName}, {&r.wardCode, r.areas, result.ColWardCode},
		{&r.wardName, r.areas, result.ColWardName}, {&r.wCode, r.wards, result.ColWardCode}, {&r.wName, r.wards, result.ColWardName}} {
		if *s.dst, err = engine.Strings(s.rec, s.name); err != nil {
			return nil, err
		}
	}
	for _, s := range []struct {
		dst  *[]float64
		rec  arrow.RecordBatch
		name string
	}{{&r.pop, r.areas, result.ColPopulation}, {&r.score, r.areas, engine.ColScore}, {&r.rank, r.areas, engine.ColRank}, {&r.decile, r.areas, engine.ColDecile},
		{&r.wAreas, r.wards, result.ColNAreas}, {&r.wPop, r.wards, result.ColPopulation}, {&r.wMean, r.wards, result.ColMeanScore},
		{&r.wSelected, r.wards, result.ColAreasSelected}, {&r.wCovered, r.wards, result.ColPeopleCovered}} {
		if *s.dst, err = numbers(s.rec, s.name); err != nil {
			return nil, err
		}
	}
	if r.selected, err = engine.Bools(r.areas, engine.ColSelected); err != nil {
		return nil, err
	}
	if r.areaGeoms != nil && len(r.areaGeoms) != len(r.code) || r.wardGeoms != nil && len(r.wardGeoms) != len(r.wCode) {
		return nil, fmt.Errorf("notebooks-export: geometries do not match the tables")
	}
	if r.rob != nil {
		if err := r.rob.Check(r.sc.Name, r.code); err != nil {
			return nil, err
		}
	}
	r.rankWards()
	return r, nil
}

func (r *run) release() {
	if r.areas != nil {
		r.areas.Release()
	}
	if r.wards != nil {
		r.wards.Release()
	}
}

// rankWards ranks wards by population-weighted mean score, as areas are
// ranked by score, so a ward map can use the same decile colours: ties are
// broken by ward code, wards without a score come last.
func (r *run) rankWards() {
	k := len(r.wCode)
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := r.wMean[order[a]], r.wMean[order[b]]
		switch {
		case math.IsNaN(x) != math.IsNaN(y):
			return !math.IsNaN(x)
		case x != y && !math.IsNaN(x):
			return x > y
		}
		return r.wCode[order[a]] < r.wCode[order[b]]
	})
	r.wRank, r.wDecile = make([]float64, k), make([]float64, k)
	for pos, i := range order {
		r.wRank[i] = float64(pos + 1)
		r.wDecile[i] = math.Ceil(float64(pos+1) * 10 / float64(k))
	}
}

// byRank lists area rows from rank 1 down.
func (r *run) byRank() []int {
	order := make([]int, len(r.code))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return r.rank[order[a]] < r.rank[order[b]] })
	return order
}

// nSelected counts the selected areas.
func (r *run) nSelected() int {
	n := 0
	for _, s := range r.selected {
		if s {
			n++
		}
	}
	return n
}

// wardsWithSelected counts the wards with at least one selected area.
func (r *run) wardsWithSelected() int {
	n := 0
	for _, s := range r.wSelected {
		if s > 0 {
			n++
		}
	}
	return n
}

// numbers reads an int64 or float64 column as float64, NaN for null.
func numbers(rec arrow.RecordBatch, name string) ([]float64, error) {
	idx := rec.Schema().FieldIndices(name)
	if len(idx) == 0 {
		return nil, fmt.Errorf("column %q not found", name)
	}
	switch c := rec.Column(idx[0]).(type) {
	case *array.Float64:
		return engine.Floats(rec, name)
	case *array.Int64:
		out := make([]float64, c.Len())
		for i := range out {
			out[i] = math.NaN()
			if c.IsValid(i) {
				out[i] = float64(c.Value(i))
			}
		}
		return out, nil
	default:
		return nil, fmt.Errorf("column %q is %s, want a number", name, c.DataType())
	}
}
