package nightly

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/manchester-insight/targeting/internal/result"
	notebooksexport "github.com/manchester-insight/targeting/notebooks-export"
	"github.com/manchester-insight/targeting/pipelines/score"
)

// notebookStep scores a scenario and hands it over as `targeting notebook`
// and `targeting report` do: Feather, Parquet, GeoPackage and a Jupyter
// notebook for analysts, and the self-contained HTML briefing.
type notebookStep struct {
	StepBase `yaml:",inline"`
	Scenario string `yaml:"scenario"`
	scored   scoreStep
}

func (s *notebookStep) prepare(p *Pipeline, key string) error {
	if err := s.scored.prepareFor(p, key, s.Scenario); err != nil {
		return err
	}
	if s.Name == "" {
		s.Name = s.scored.sc.Name + "-notebook"
	}
	return nil
}

func (s *notebookStep) uses() []Use { return s.scored.uses() }

func (s *notebookStep) settings() string { return "notebook+report" }

func (s *notebookStep) run(ctx context.Context, env *stepEnv, dir string, rec *StepRecord) error {
	res, err := s.scored.score(env, rec, score.Options{})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := notebooksexport.Export(res, dir, notebooksexport.Options{}); err != nil {
		return fmt.Errorf("notebook export: %w", err)
	}
	if err := notebooksexport.WriteReport(res, filepath.Join(dir, res.Scenario.Name+"_briefing.html"), notebooksexport.Options{}); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	s.scored.record(env, res, rec)
	return nil
}

// summaryStep writes the IoD summary measures of a scenario by one or more
// groupings, as `targeting summarise` does.
type summaryStep struct {
	StepBase `yaml:",inline"`
	Scenario string   `yaml:"scenario"`
	By       []string `yaml:"by"`
	scored   scoreStep
}

func (s *summaryStep) prepare(p *Pipeline, key string) error {
	if len(s.By) == 0 {
		return p.errAt(key+".by", "is required: the groupings to summarise by, e.g. [ward, lad]")
	}
	if err := s.scored.prepareFor(p, key, s.Scenario); err != nil {
		return err
	}
	if s.Name == "" {
		s.Name = s.scored.sc.Name + "-summary"
	}
	return nil
}

func (s *summaryStep) uses() []Use { return s.scored.uses() }

func (s *summaryStep) settings() string { return "summary by=" + strings.Join(s.By, ",") }

func (s *summaryStep) run(ctx context.Context, env *stepEnv, dir string, rec *StepRecord) error {
	res, err := s.scored.score(env, rec, score.Options{By: s.By})
	if err != nil {
		return err
	}
	for _, by := range s.By {
		if err := ctx.Err(); err != nil {
			return err
		}
		sum, rep, err := result.Summarise(res, by, "")
		if err != nil {
			return err
		}
		if _, err := result.WriteSummary(res, sum, rep, filepath.Join(dir, res.Scenario.Name+"_"+by+"_summary.csv")); err != nil {
			return fmt.Errorf("writing the %s summary: %w", by, err)
		}
	}
	s.scored.record(env, res, rec)
	return nil
}
