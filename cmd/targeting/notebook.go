package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
	notebooksexport "github.com/manchester-insight/targeting/notebooks-export"
	"github.com/manchester-insight/targeting/pipelines/score"
)

const notebookExample = `  # Arrow, Parquet, GeoPackage and a Jupyter notebook for analysts, in out/
  targeting notebook --scenario examples/cost-of-living.yaml --out out

  # ... with the rank intervals of a robustness run kept elsewhere
  targeting notebook --scenario examples/cost-of-living.yaml --out out --robustness runs/cost-of-living_robustness.csv`

func newNotebookCmd(logger loggerFunc) *cobra.Command {
	var path, out, robust string
	c := &cobra.Command{
		Use:   "notebook --scenario FILE --out DIR",
		Short: "Export results for Jupyter: Arrow, Parquet, GeoPackage and a notebook",
		Long: `notebook scores a scenario and writes, for analysts who continue in Jupyter:
DIR/<name>_areas.arrow and DIR/<name>_wards.arrow (Arrow IPC files, i.e.
Feather v2), the same tables as Parquet and CSV, DIR/<name>.gpkg, the data
dictionary and run report, and DIR/<name>.ipynb, a notebook (nbformat 4.5)
that loads them, checks the headline numbers against the run, shows the
tables, explains every column and draws the map and the rank-uncertainty
chart. It runs on Debian's python3-geopandas and python3-matplotlib, and
uses pyarrow or polars for the Arrow files when they are installed.

Rank intervals come from a robustness result: --robustness FILE, or
DIR/<name>_robustness.csv when it exists; without one the notebook says the
robustness run has not been done. Disclosure control applies to every file.`,
		Example: notebookExample,
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if path == "" || out == "" {
				return &usageError{"--scenario and --out are required"}
			}
			sc, err := scenario.Load(path)
			if err != nil {
				return err
			}
			rob, err := loadRobustness(robust, result.RobustnessPath(out, sc.Slug()))
			if err != nil {
				return err
			}
			res, err := score.Run(sc, score.Options{}, logger(c))
			if err != nil {
				return err
			}
			files, err := notebooksexport.Export(res, out, notebooksexport.Options{Robustness: rob})
			if err != nil {
				return err
			}
			for _, f := range files {
				fmt.Fprintln(c.OutOrStdout(), "wrote", f)
			}
			return nil
		},
	}
	c.Flags().StringVar(&path, "scenario", "", "scenario file (YAML)")
	c.Flags().StringVar(&out, "out", "", "output folder (created if missing)")
	c.Flags().StringVar(&robust, "robustness", "", "robustness result CSV (default: <out>/<name>_robustness.csv if present)")
	return c
}

// loadRobustness reads the robustness result named on the command line
// (which must exist), or else the default one if it exists; nil means the
// robustness run has not been done. A bad file is a data error.
func loadRobustness(flag, fallback string) (*result.Robustness, error) {
	if flag != "" {
		r, err := result.ReadRobustness(flag)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errData, err)
		}
		return r, nil
	}
	r, err := result.FindRobustness(fallback)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errData, err)
	}
	return r, nil
}
