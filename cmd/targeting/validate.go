package main

import (
	"fmt"
	"maps"
	"slices"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/score"
)

func newValidateCmd(logger loggerFunc) *cobra.Command {
	var path string
	c := &cobra.Command{
		Use:   "validate --scenario FILE",
		Short: "Check a scenario and its data without writing anything",
		Long: `validate checks everything but the writing: the scenario file (every key and
value, with its file, line and key; weights must sum to 1 unless
allow_weight_sum), then every file it names — each is read, every column
checked, vintages and code coverage checked, every indicator computed — and
reports every data problem found (exit 1), or the first problem in the
scenario file itself (exit 2). Sources no indicator uses are warned about.`,
		Example: "  targeting validate --scenario examples/cost-of-living.yaml",
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if path == "" {
				return &usageError{"--scenario is required"}
			}
			sc, err := scenario.Load(path)
			if err != nil {
				return err
			}
			res, err := score.Run(sc, score.Options{}, logger(c))
			if err != nil {
				return err
			}
			for _, id := range unusedSources(sc) {
				logger(c).Warn(fmt.Sprintf("source %s is not used by any indicator, the population, geography.apportion or summary", id))
			}
			fmt.Fprintf(c.OutOrStdout(), "%s: ok: scenario %q, %d indicators from %d sources, %s aggregation; %d areas read and scored, %d selected\n",
				path, sc.Name, len(sc.Indicators), len(sc.Sources), sc.Aggregation, res.Report.Areas, res.Report.Selected)
			return nil
		},
	}
	c.Flags().StringVar(&path, "scenario", "", "scenario file (YAML)")
	return c
}

// unusedSources lists the sources nothing in the scenario reads.
func unusedSources(sc *scenario.Scenario) []string {
	used := map[string]bool{sc.Geography.Population.Source: true}
	for _, c := range sc.Geography.Apportion {
		used[c.Source] = true
	}
	if sm := sc.Summary; sm != nil {
		for _, c := range []scenario.Column{sm.Rank, sm.Score, sm.Population, sm.Count} {
			used[c.Source] = true
		}
	}
	for _, ind := range sc.Indicators {
		used[ind.Source] = true
		for _, r := range append(slices.Clone(ind.Numerator), ind.Denominator...) {
			used[r.SourceOf(ind)] = true
		}
	}
	var out []string
	for _, id := range slices.Sorted(maps.Keys(sc.Sources)) {
		if !used[id] {
			out = append(out, id)
		}
	}
	return out
}
