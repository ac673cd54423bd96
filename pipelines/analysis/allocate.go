package analysis

import (
	"fmt"
	"slices"

	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/engine/allocate"
	"github.com/manchester-insight/targeting/engine/classify"
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/internal/result"
)

// Need bases for allocation.
const (
	NeedScore    = engine.ColScore    // composite score x population, summed over the unit's areas
	NeedSelected = engine.ColSelected // people in the unit's selected areas
)

// AllocateOptions say how to split the budget.
type AllocateOptions struct {
	Budget, Floor, Cap int64  // whole pounds; Cap 0 = none
	By                 string // ward (default) or area
	Need               string // score (default) or selected
}

// Unit is one ward's (or area's) share.
type Unit struct {
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	Areas      int     `json:"areas"`
	Population float64 `json:"population"`
	Selected   int     `json:"areas_selected"`
	Need       float64 `json:"need"`
	NeedShare  float64 `json:"need_share"` // of the total need
	Amount     int64   `json:"allocation"`
	Exact      float64 `json:"allocation_exact"`
	AtFloor    bool    `json:"at_floor"`
	AtCap      bool    `json:"at_cap"`
}

// Allocation is a budget split by need.
type Allocation struct {
	Scenario string `json:"scenario"`
	By       string `json:"by"`
	Need     string `json:"need"`
	Budget   int64  `json:"budget"`
	Floor    int64  `json:"floor"`
	Cap      int64  `json:"cap"`
	Units    []Unit `json:"units"` // largest allocation first
	geoms    []orb.Geometry
}

// Allocate splits opt.Budget between the wards (or areas) of a scored
// result in proportion to need, with floors and caps, in whole pounds that
// sum to the budget (see engine/allocate).
func Allocate(res *result.Result, opt AllocateOptions) (*Allocation, error) {
	if opt.By == "" {
		opt.By = "ward"
	}
	if opt.Need == "" {
		opt.Need = NeedScore
	}
	t := table{rec: res.Areas}
	codes, names := t.strings(result.ColAreaCode), t.strings(result.ColAreaName)
	wards, wardNames := t.strings(result.ColWardCode), t.strings(result.ColWardName)
	pop, score, sel := t.floats(result.ColPopulation), t.floats(engine.ColScore), t.bools(engine.ColSelected)
	if t.err != nil {
		return nil, t.err
	}
	a := &Allocation{Scenario: res.Scenario.Name, By: opt.By, Need: opt.Need, Budget: opt.Budget, Floor: opt.Floor, Cap: opt.Cap}
	var unitOf []int // area -> unit
	var geomOf func(code string) orb.Geometry
	switch opt.By {
	case "ward":
		index := map[string]int{}
		for i, w := range wards {
			if _, ok := index[w]; !ok {
				index[w] = len(a.Units)
				a.Units = append(a.Units, Unit{Code: w, Name: wardNames[i]})
			}
			unitOf = append(unitOf, index[w])
		}
		wt := table{rec: res.Wards}
		geomOf = geometryByCode(wt.strings(result.ColWardCode), res.WardGeoms)
	case "area":
		for i, c := range codes {
			unitOf = append(unitOf, i)
			a.Units = append(a.Units, Unit{Code: c, Name: names[i]})
		}
		geomOf = geometryByCode(codes, res.AreaGeoms)
	default:
		return nil, fmt.Errorf("allocate: --by %q must be ward or area", opt.By)
	}
	for i, u := range unitOf {
		un := &a.Units[u]
		un.Areas++
		un.Population += pop[i]
		switch opt.Need {
		case NeedScore:
			if score[i] < 0 {
				return nil, fmt.Errorf("allocate: need = score x population needs scores >= 0, but area %s scores %g (its normalisation allows negatives): use --need selected, or a normalisation such as percentile", codes[i], score[i])
			}
			un.Need += score[i] * pop[i]
		case NeedSelected:
			if sel[i] {
				un.Need += pop[i]
			}
		default:
			return nil, fmt.Errorf("allocate: --need %q must be score or selected", opt.Need)
		}
		if sel[i] {
			un.Selected++
		}
	}
	need := make([]float64, len(a.Units))
	var total float64
	for i, u := range a.Units {
		need[i] = u.Need
		total += u.Need
	}
	split, err := allocate.Split(need, allocate.Options{Budget: opt.Budget, Floor: opt.Floor, Cap: opt.Cap})
	if err != nil {
		return nil, err
	}
	for i := range a.Units {
		u := &a.Units[i]
		u.Amount, u.Exact, u.AtFloor, u.AtCap = split.Amount[i], split.Exact[i], split.Floor[i], split.Cap[i]
		if total > 0 {
			u.NeedShare = u.Need / total
		}
	}
	slices.SortStableFunc(a.Units, func(x, y Unit) int {
		if x.Amount != y.Amount {
			return int(y.Amount - x.Amount)
		}
		return 0
	})
	if res.AreaGeoms != nil {
		for _, u := range a.Units {
			a.geoms = append(a.geoms, geomOf(u.Code))
		}
	}
	return a, nil
}

// Layer is the allocation as a layer (geometry when the scenario has
// boundaries), styled by Fisher-Jenks classes of the allocation.
func (a *Allocation) Layer(res *result.Result) (*geo.Layer, error) {
	n := len(a.Units)
	code, name := make([]string, n), make([]string, n)
	areas, selected, amount := make([]int64, n), make([]int64, n), make([]int64, n)
	pop, need, share, exact := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	floor, capped := make([]bool, n), make([]bool, n)
	for i, u := range a.Units {
		code[i], name[i], areas[i], selected[i], amount[i] = u.Code, u.Name, int64(u.Areas), int64(u.Selected), u.Amount
		pop[i], need[i], share[i], exact[i], floor[i], capped[i] = u.Population, u.Need, u.NeedShare, u.Exact, u.AtFloor, u.AtCap
	}
	rec, err := engine.NewRecord(
		[]string{a.By + "_code", a.By + "_name", result.ColNAreas, result.ColPopulation, result.ColAreasSelected, "need", "need_share", "allocation", "allocation_exact", "at_floor", "at_cap"},
		[]any{code, name, areas, pop, selected, need, share, amount, exact, floor, capped})
	if err != nil {
		return nil, err
	}
	l := &geo.Layer{Name: "allocation", Title: fmt.Sprintf("%s: £%d allocated by %s", res.Scenario.Title, a.Budget, a.By),
		Description: allocationNote(a), SRID: geo.BNG, Attributes: rec, Geometry: a.geoms,
		Metadata: layerText(res, "Budget allocation")}
	fa := make([]float64, n)
	for i, v := range amount {
		fa[i] = float64(v)
	}
	if cl, err := classify.Classify(fa, classify.FisherJenks, min(5, n)); err == nil {
		l.Style = classStyle("allocation", "Allocation (£, Fisher-Jenks classes)", cl, func(v float64) string { return fmt.Sprintf("£%.0f", v) })
	}
	return l, nil
}

func allocationNote(a *Allocation) string {
	basis := "composite score x population"
	if a.Need == NeedSelected {
		basis = "people in selected areas"
	}
	s := fmt.Sprintf("£%d split by %s in proportion to need (%s), whole pounds by largest remainder", a.Budget, a.By, basis)
	if a.Floor > 0 {
		s += fmt.Sprintf(", floor £%d", a.Floor)
	}
	if a.Cap > 0 {
		s += fmt.Sprintf(", cap £%d", a.Cap)
	}
	return s
}

var allocationFields = map[string]string{
	result.ColWardCode:      "Electoral ward code",
	result.ColWardName:      "Electoral ward name",
	result.ColAreaCode:      "Small-area code",
	result.ColAreaName:      "Small-area name",
	result.ColNAreas:        "Number of small areas in the unit",
	result.ColPopulation:    "Population of the unit's areas",
	result.ColAreasSelected: "Number of the unit's areas selected by the scenario",
	"need":                  "Need the budget is split by: composite score x population summed over the unit's areas, or the people in its selected areas",
	"need_share":            "The unit's share of the total need (0..1)",
	"allocation":            "Allocation in whole pounds; the allocations sum exactly to the budget",
	"allocation_exact":      "The exact proportional share (pounds, fractional) before rounding, after floors and caps",
	"at_floor":              "True if the unit's share was raised to the floor",
	"at_cap":                "True if the unit's share was held at the cap",
}

// WriteAllocation writes, for a scenario named NAME, NAME_allocation.csv
// (always), the allocation layer in the scenario's layer formats when it has
// boundaries (NAME_allocation.gpkg, ...), NAME_allocation_fields.csv and
// NAME_allocation.json.
func WriteAllocation(res *result.Result, a *Allocation, dir string) ([]string, error) {
	l, err := a.Layer(res)
	if err != nil {
		return nil, err
	}
	o, err := newOutputs(res, dir)
	if err != nil {
		return nil, err
	}
	stem := res.Scenario.Slug() + "_allocation"
	layers := []*geo.Layer{l}
	fail := func(err error) ([]string, error) { o.abort(); return nil, err }
	if l.Geometry != nil {
		if err := o.layers(stem, layers, allocationFields); err != nil {
			return fail(err)
		}
	}
	if !slices.Contains(res.Scenario.Outputs.Formats, "csv") || l.Geometry == nil { // the table always
		if err := o.table(stem+".csv", l.Attributes); err != nil {
			return fail(err)
		}
	}
	if err := o.dictionary(stem+"_fields.csv", layers, allocationFields); err != nil {
		return fail(err)
	}
	if err := o.json(stem+".json", a); err != nil {
		return fail(err)
	}
	return o.commit()
}

// geometryByCode looks geometries up by code through one index (a national
// layer has 32,844 areas: no linear search per area).
func geometryByCode(codes []string, geoms []orb.Geometry) func(string) orb.Geometry {
	at := make(map[string]int, len(codes))
	for i, c := range codes {
		at[c] = i
	}
	return func(code string) orb.Geometry {
		if i, ok := at[code]; ok && i < len(geoms) {
			return geoms[i]
		}
		return nil
	}
}
