package nightly

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines"
)

// scoreStep scores one scenario, as `targeting score` does, and writes the
// scenario's outputs into the step's folder.
type scoreStep struct {
	StepBase `yaml:",inline"`
	Scenario string `yaml:"scenario"`

	sc *scenario.Scenario
}

func (s *scoreStep) prepare(p *Pipeline, key string) error {
	return s.prepareFor(p, key, s.Scenario)
}

// prepareFor loads the scenario a step (of any kind) computes.
func (s *scoreStep) prepareFor(p *Pipeline, key, scenarioFile string) error {
	s.Scenario = scenarioFile
	if s.Scenario == "" {
		return p.errAt(key+".scenario", "is required: the scenario file to score")
	}
	sc, err := scenario.Load(p.resolve(s.Scenario))
	if err != nil {
		return err
	}
	// status compares selections between runs from the areas CSV, so every
	// score step writes it, whatever else the scenario asks for.
	if !slices.Contains(sc.Outputs.Formats, "csv") {
		sc.Outputs.Formats = append(sc.Outputs.Formats, "csv")
	}
	s.sc = sc
	if s.Name == "" {
		s.Name = sc.Name
	}
	return nil
}

func (s *scoreStep) uses() []Use {
	sc := s.sc
	g := sc.Geography
	out := []Use{{Path: sc.Path, Role: "scenario"}}
	out = append(out, Use{Path: sc.Resolve(g.Lookup.File), Format: "csv", Code: g.Lookup.Area, Role: "geography.lookup"})
	if g.Vintages != "" {
		out = append(out, Use{Path: sc.Resolve(g.Vintages), Format: "csv", Role: "geography.vintages"})
	}
	for _, b := range []struct {
		layer scenario.Layer
		role  string
	}{{g.Boundaries.Areas, "geography.boundaries.areas"}, {g.Boundaries.Wards, "geography.boundaries.wards"}} {
		if b.layer.File != "" {
			out = append(out, Use{Path: sc.Resolve(b.layer.File), Format: "geojson", Code: b.layer.Code, Role: b.role})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(sc.Sources)) {
		src := sc.Sources[id]
		out = append(out, Use{Path: sc.Resolve(src.File), Format: "csv", Vintage: src.Vintage, Code: src.Code,
			NA: src.NA, Role: "sources." + id})
	}
	// Anything else the scenario reads is at least hashed.
	for _, f := range sc.Files() {
		if !slices.ContainsFunc(out, func(u Use) bool { return u.Path == f }) {
			out = append(out, Use{Path: f, Role: "scenario file"})
		}
	}
	return out
}

// settings: the scenario's text is hashed as an input, so only the kind and
// the output formats (which prepare may extend) need to be in the key.
func (s *scoreStep) settings() string {
	return "score formats=" + strings.Join(s.sc.Outputs.Formats, ",")
}

func (s *scoreStep) run(ctx context.Context, env *stepEnv, dir string, rec *StepRecord) error {
	res, err := s.score(env, rec)
	if err != nil {
		return err
	}
	pause("score:" + s.Name)
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := pipelines.Write(res, dir); err != nil {
		return fmt.Errorf("writing outputs: %w", err)
	}
	pause("export:" + s.Name)
	s.record(env, res, rec)
	return nil
}

// score computes the step's scenario, checking it read the files the run hashed.
func (s *scoreStep) score(env *stepEnv, rec *StepRecord) (*pipelines.Result, error) {
	sc := s.sc
	rec.Scenario = sc.Path
	rec.ScenarioSHA256 = sha256Hex(sc.Text)
	if err := env.changedDuringRun(sc.Path, rec.ScenarioSHA256); err != nil {
		return nil, err
	}
	res, err := pipelines.Score(sc, env.log)
	if err != nil {
		return nil, asInputError(err, sc.Files())
	}
	for _, in := range res.Report.Inputs {
		if err := env.changedDuringRun(in.Path, in.SHA256); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// record puts the run's counts and warnings into the manifest record.
func (s *scoreStep) record(env *stepEnv, res *pipelines.Result, rec *StepRecord) {
	r := res.Report
	rec.Rows = map[string]int{"areas": r.Areas, "wards": r.Wards, "selected": r.Selected}
	rec.PeopleCovered = r.People
	w := Warnings{Imputed: r.Imputed, Dropped: r.Dropped, Messages: r.Warnings}
	for _, c := range r.Conversions {
		w.Apportioned = append(w.Apportioned, Apportioned{Source: c.Source, From: c.From, To: c.To,
			Count: len(c.Apportioned), Areas: c.Apportioned})
	}
	for _, u := range s.uses() {
		w.SuppressedCells += env.suppressed[u.Path]
	}
	if !w.empty() {
		rec.Warnings = &w
	}
}

// asInputError makes a loader error that names one of the step's files a
// data error (exit 1): the loaders report some file problems (a missing
// column, a bad gzip stream) as plain errors that start with the path.
func asInputError(err error, files []string) error {
	var de *indicators.DataError
	var ce *scenario.ConfigError
	if errors.As(err, &de) || errors.As(err, &ce) {
		return err
	}
	msg := err.Error()
	for _, f := range files {
		if rest, ok := strings.CutPrefix(msg, f+": "); ok {
			return &indicators.DataError{File: f, Msg: rest}
		}
	}
	return err
}
