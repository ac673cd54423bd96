package pipelines

import (
	"fmt"
	"log/slog"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/crs"
	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/internal/scenario"
)

// Version is the engine version written into every output's metadata.
var Version = "0.1.0"

// Result is a scored scenario, ready to write.
type Result struct {
	Scenario  *scenario.Scenario
	Areas     arrow.RecordBatch // the areas table (see README "Output fields")
	Wards     arrow.RecordBatch // the wards table
	AreaGeoms []orb.Geometry    // EPSG:27700, aligned with Areas
	WardGeoms []orb.Geometry    // EPSG:27700, aligned with Wards
	Report    Report
	engine    *engine.Result

	areas   *geo.Areas   // every area of the geography, in lookup order
	summary summaryInput // what Summarise summarises, aligned with Areas
}

// Explain explains one area's score and selection (see engine.Explanation).
func (r *Result) Explain(code string) (*engine.Explanation, error) {
	return r.engine.Explain(code)
}

// Score runs a scenario: load, check, convert, compute. It writes nothing.
func Score(sc *scenario.Scenario, log *slog.Logger) (*Result, error) {
	rep := Report{Scenario: sc.Name, Title: sc.Title, Version: Version, Started: time.Now().UTC()}
	rep.ScenarioSHA = sha256Hex(sc.Text)
	g := sc.Geography
	// Read every file at once: they are independent, and reading and
	// parsing is most of a run.
	var (
		areas   *geo.Areas
		vint    *geo.Vintages
		weights map[string]map[string]float64
		need    = sourceColumns(sc)
		tables  = map[string]*indicators.Table{}
		mu      sync.Mutex
	)
	tasks := []func() error{
		func() (err error) {
			areas, err = geo.LoadAreas(geo.AreaLookup{File: sc.Resolve(g.Lookup.File), Area: g.Lookup.Area,
				AreaName: g.Lookup.AreaName, Ward: g.Lookup.Ward, WardName: g.Lookup.WardName, District: g.Lookup.District,
				DistrictName: g.Lookup.DistrictName}, g.Within)
			return err
		},
		func() (err error) {
			if g.Vintages != "" {
				vint, err = geo.LoadVintages(sc.Resolve(g.Vintages))
			}
			return err
		},
		func() (err error) {
			weights, err = apportionWeights(sc)
			return err
		},
	}
	for id, cols := range need {
		tasks = append(tasks, func() error {
			t, err := readSource(sc, id, cols)
			mu.Lock()
			tables[id] = t
			mu.Unlock()
			return err
		})
	}
	tasks = append(tasks, rep.hashTasks(sc.Files()[1:])...)
	if err := parallel(tasks); err != nil {
		return nil, err
	}
	rep.addInput(sc.Resolve(g.Lookup.File), "geography.lookup")
	log.Info("areas", "geography", g.Areas, "within", g.Within, "n", areas.Len())
	if vint != nil {
		rep.addInput(sc.Resolve(g.Vintages), "geography.vintages")
		if i, msg := vint.Check(areas.Codes, g.Areas); i >= 0 {
			return nil, &indicators.DataError{File: sc.Resolve(g.Lookup.File), Column: g.Lookup.Area, Code: areas.Codes[i], Msg: msg}
		}
	}
	for v, c := range g.Apportion {
		rep.addInput(sc.Resolve(sc.Sources[c.Source].File), "geography.apportion."+v)
	}

	// Align each source onto the areas, with every column the scenario needs.
	srcs := map[string]*loaded{}
	files := map[string]string{}
	for _, id := range sortedKeys(need) {
		l, err := loadSource(sc, id, tables[id], need[id], areas, vint, weights, &rep)
		if err != nil {
			return nil, err
		}
		srcs[id], files[id] = l, l.file
		log.Info("source", "id", id, "file", l.file, "columns", len(need[id]))
	}

	pop := srcs[g.Population.Source].columns[g.Population.Column]
	for i, p := range pop {
		if math.IsNaN(p) {
			return nil, &indicators.DataError{File: files[g.Population.Source], Column: g.Population.Column, Code: areas.Codes[i],
				Msg: "no population for this area (geography.population must cover every area)"}
		}
	}

	names := []string{engine.ColCode, engine.ColGroup}
	cols := []any{areas.Codes, areas.Wards}
	switch sc.Ranking.Within {
	case "district":
		names, cols = append(names, engine.ColRankGroup), append(cols, areas.Districts)
	case "ward":
		names, cols = append(names, engine.ColRankGroup), append(cols, areas.Wards)
	}
	for _, ind := range sc.Indicators {
		names = append(names, ind.ID)
		cols = append(cols, indicatorValues(ind, srcs[ind.Source]))
	}
	in, err := engine.NewRecord(names, cols)
	if err != nil {
		return nil, err
	}
	defer in.Release()
	res, err := engine.Score(in, sc.Model())
	if err != nil {
		return nil, explainMissing(err, sc, files)
	}
	er := res.Report
	rep.Areas, rep.Selected, rep.Selection = er.Areas, er.Selected, er.Selection
	rep.Imputed, rep.Dropped, rep.Warnings = er.Imputed, er.Dropped, er.Warnings
	for _, w := range er.Warnings {
		log.Warn(w)
	}

	out, err := assemble(sc, areas, pop, res.Record, &rep)
	if err != nil {
		return nil, err
	}
	rep.Attribution = attribution(sc)
	for _, id := range sortedKeys(sc.Sources) {
		if sc.Sources[id].Synthetic && used(sc, id) {
			rep.Synthetic = append(rep.Synthetic, id)
		}
	}
	if len(rep.Synthetic) > 0 {
		w := fmt.Sprintf("SYNTHETIC DATA: sources %v are generated test data, not real records; do not use these results for decisions", rep.Synthetic)
		rep.Warnings = append(rep.Warnings, w)
		log.Warn(w)
	}
	rep.Finished = time.Now().UTC()
	out.Report = rep
	out.engine = res
	out.areas = areas
	if err := out.summaryInputs(sc, srcs, files, pop); err != nil {
		return nil, err
	}
	log.Info("scored", "areas", rep.Areas, "selected", rep.Selected, "people_covered", rep.People)
	return out, nil
}

// assemble joins the engine's scores back to names, wards, population and
// boundaries, and summarises by ward.
func assemble(sc *scenario.Scenario, areas *geo.Areas, pop []float64, scored arrow.RecordBatch, rep *Report) (*Result, error) {
	codes, _ := engine.Strings(scored, "area_code")
	row := make(map[string]int, areas.Len())
	for i, c := range areas.Codes {
		row[c] = i
	}
	n := len(codes)
	var (
		names, wards, wardNames = make([]string, n), make([]string, n), make([]string, n)
		people                  = make([]float64, n)
	)
	for i, c := range codes {
		j := row[c]
		names[i], wards[i], wardNames[i], people[i] = areas.Names[j], areas.Wards[j], areas.WardNames[j], pop[j]
	}
	score, _ := engine.Floats(scored, "score")
	selected := boolColumn(scored, "selected")

	// The areas table: the contract columns first, then the engine's
	// columns as they are (shared, not copied).
	head, err := engine.NewRecord([]string{"area_code", "area_name", "ward_code", "ward_name", "population"},
		[]any{codes, names, wards, wardNames, people})
	if err != nil {
		return nil, err
	}
	areaRec := appendColumns(head, scored, 1)

	sum, err := engine.GroupSummary(wards, people, score, selected)
	if err != nil {
		return nil, err
	}
	defer sum.Release()
	wcodes, _ := engine.Strings(sum, "group_code")
	wname := map[string]string{}
	for i, w := range wards {
		wname[w] = wardNames[i]
	}
	wn := make([]string, len(wcodes))
	for i, w := range wcodes {
		wn[i] = wname[w]
	}
	wfields := []string{"ward_code", "ward_name"}
	wvals := []any{wcodes, wn}
	for k, f := range sum.Schema().Fields()[1:] {
		wfields = append(wfields, f.Name)
		wvals = append(wvals, engine.Slice(sum.Column(k+1)))
	}
	wardRec, err := engine.NewRecord(wfields, wvals)
	if err != nil {
		return nil, err
	}
	for i := range people {
		if selected[i] {
			rep.People += people[i]
		}
	}
	rep.Wards = len(wcodes)

	res := &Result{Scenario: sc, Areas: areaRec, Wards: wardRec}
	if !sc.HasBoundaries() {
		return res, nil
	}
	g := sc.Geography
	ab, err := geo.LoadGeoJSON(sc.Resolve(g.Boundaries.Areas.File), g.Boundaries.Areas.Code)
	if err != nil {
		return nil, err
	}
	rep.addInput(ab.File, "geography.boundaries.areas")
	wb, err := geo.LoadGeoJSON(sc.Resolve(g.Boundaries.Wards.File), g.Boundaries.Wards.Code)
	if err != nil {
		return nil, err
	}
	rep.addInput(wb.File, "geography.boundaries.wards")
	ag, err := ab.For(codes)
	if err != nil {
		return nil, err
	}
	wg, err := wb.For(wcodes)
	if err != nil {
		return nil, err
	}
	for i := range ag {
		ag[i] = crs.ProjectToBNG(ag[i])
	}
	for i := range wg {
		wg[i] = crs.ProjectToBNG(wg[i])
	}
	res.AreaGeoms, res.WardGeoms = ag, wg
	return res, nil
}

// attribution collects the licence lines of every source and the geography.
func attribution(sc *scenario.Scenario) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, id := range sortedKeys(sc.Sources) {
		add(sc.Sources[id].Attribution)
	}
	add(sc.Geography.Attribution)
	return out
}

// parallel runs tasks at once and returns the first error, in task order.
func parallel(tasks []func() error) error {
	errs := make([]error, len(tasks))
	var wg sync.WaitGroup
	for i, task := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = task()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// used reports whether the scenario reads a source for an indicator.
func used(sc *scenario.Scenario, id string) bool {
	for _, ind := range sc.Indicators {
		if ind.Source == id {
			return true
		}
	}
	return false
}

// appendColumns is head's columns followed by rec's columns from index
// from on, sharing their buffers.
func appendColumns(head, rec arrow.RecordBatch, from int) arrow.RecordBatch {
	fields := append([]arrow.Field{}, head.Schema().Fields()...)
	cols := append([]arrow.Array{}, head.Columns()...)
	fields = append(fields, rec.Schema().Fields()[from:]...)
	cols = append(cols, rec.Columns()[from:]...)
	return array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, head.NumRows())
}
