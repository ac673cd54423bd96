package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/engine/uncertainty"
	"github.com/manchester-insight/targeting/internal/progress"
	"github.com/manchester-insight/targeting/pipelines/analysis"
)

func newRobustnessCmd(logger loggerFunc) *cobra.Command {
	var (
		path, out     string
		draws, top    int
		seed          uint64
		concentration float64
		dropOne       bool
		asJSON        bool
	)
	c := &cobra.Command{
		Use:   "robustness --scenario FILE --draws 1000 --seed S",
		Short: "How sure is the ranking? Vary the modelling choices and re-rank",
		Long: `robustness is the uncertainty and sensitivity analysis of the JRC/OECD
composite-indicator handbook. It re-scores the scenario for many random
draws of its modelling choices and re-ranks every area each time:

  - weights: drawn around the scenario's from a Dirichlet distribution
    (--concentration, or robustness.concentration; larger = closer; default
    50, which moves a 25% weight by about a quarter of itself);
  - normalisation and aggregation: the alternatives the scenario names under
    robustness.alternatives (normalisations: [...], aggregations: [...]);
  - --drop-one (or robustness.drop_one: true): leave out one input at a time.

Per area it reports the median rank, the 5th-95th percentile rank interval
and the share of draws selecting it; areas selected in more than 5% but
fewer than 95% of draws are flagged uncertain. Per varied factor it reports
variance-based first-order (S1, Saltelli 2010) and total (ST, Jansen 1999)
sensitivity indices of the mean rank shift and of the number of selection
changes: how much the ranking depends on it. A varied step that cannot
apply (e.g. geometric aggregation of z-scores) fails the run; nothing is
skipped silently. Results are the same for the same --seed on any number of
cores. --out writes DIR/<name>_robustness.gpkg/.csv (a layer per area),
_fields.csv and .json.`,
		Example: `  targeting robustness --scenario examples/cost-of-living.yaml --draws 1000 --seed 1
  targeting robustness --scenario examples/cost-of-living-fuel-heavy.yaml --draws 1000 --seed 1 --drop-one --out out
  targeting robustness --scenario examples/imd2019.yaml --draws 1000 --seed 7 --concentration 200 --json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if path == "" {
				return &usageError{"--scenario is required"}
			}
			if draws < 2 || concentration < 0 || top < 0 {
				return &usageError{"--draws must be at least 2, --concentration and --top not negative"}
			}
			log := logger(c)
			res, err := analysis.ScoreFile(path, c.ErrOrStderr(), log)
			if err != nil {
				return err
			}
			p := progress.NewBar(c.ErrOrStderr(), log, "robustness")
			start := time.Now()
			r, err := analysis.RunRobustness(res, analysis.RobustnessOptions{Draws: draws, Seed: seed,
				Concentration: concentration, DropOne: dropOne, Progress: p.Update})
			p.Done()
			if err != nil {
				return &usageError{err.Error()}
			}
			elapsed := time.Since(start)
			var files []string
			if out != "" {
				if files, err = analysis.WriteRobustness(res, r, out); err != nil {
					return err
				}
			}
			if asJSON {
				enc := json.NewEncoder(c.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(r)
			}
			printRobustness(c.OutOrStdout(), r, top, elapsed)
			for _, f := range files {
				fmt.Fprintln(c.OutOrStdout(), "wrote", f)
			}
			return nil
		},
	}
	c.Flags().StringVar(&path, "scenario", "", "scenario file (YAML)")
	c.Flags().IntVar(&draws, "draws", 1000, "random draws of the modelling choices (rounded up to even)")
	c.Flags().Uint64Var(&seed, "seed", 1, "random seed: the same seed gives the same result")
	c.Flags().Float64Var(&concentration, "concentration", 0, fmt.Sprintf("Dirichlet concentration of the weights (default: robustness.concentration, else %d)", uncertainty.DefaultConcentration))
	c.Flags().BoolVar(&dropOne, "drop-one", false, "also leave out one input of the composite at a time")
	c.Flags().StringVar(&out, "out", "", "also write the per-area layer and JSON to this folder")
	c.Flags().IntVar(&top, "top", 20, "how many uncertain areas to list")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts (every area and index)")
	return c
}

func printRobustness(w io.Writer, r *analysis.Robustness, top int, elapsed time.Duration) {
	fmt.Fprintf(w, "%s: %d draws (%d runs with the sensitivity design) in %s, seed %d\n", r.Scenario, r.Draws, r.Runs,
		elapsed.Round(10*time.Millisecond), r.Seed)
	for _, v := range r.Varied {
		fmt.Fprintln(w, "  varied", v)
	}
	sel := 0
	for _, a := range r.Areas {
		if a.Selected {
			sel++
		}
	}
	fmt.Fprintf(w, "\nselection uncertain for %d of %d areas (selected in more than %g%% and fewer than %g%% of draws); %d selected as written\n",
		r.Uncertain, len(r.Areas), 100*r.Band, 100*(1-r.Band), sel)
	fmt.Fprintf(w, "per draw: ranks move %.1f places on average; %.1f areas change selection\n", r.MeanRankShift, r.MeanSelectionChanges)

	fmt.Fprintf(w, "\nsensitivity (share of variance; S1 Saltelli 2010 first-order, ST Jansen 1999 total):\n")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "factor\tkind\tS1 rank shift\tST rank shift\tS1 selection\tST selection\t")
	fs := slices.Clone(r.Factors)
	slices.SortStableFunc(fs, func(a, b uncertainty.Factor) int {
		switch {
		case a.ST > b.ST:
			return -1
		case a.ST < b.ST:
			return 1
		}
		return 0
	})
	for _, f := range fs {
		fmt.Fprintf(tw, "%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t\n", f.Name, f.Kind, f.S1, f.ST, f.S1Selection, f.STSelection)
	}
	tw.Flush()

	var unc []uncertainty.AreaStat
	for _, a := range r.Areas {
		if a.Uncertain {
			unc = append(unc, a)
		}
	}
	slices.SortStableFunc(unc, func(a, b uncertainty.AreaStat) int { return int(a.Rank - b.Rank) })
	if len(unc) == 0 || top == 0 {
		return
	}
	fmt.Fprintf(w, "\nuncertain areas (by rank as written; %d shown of %d):\n", min(top, len(unc)), len(unc))
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "area\tname\tward\trank\tmedian\t5%-95%\tp(selected)\tselected")
	for i, a := range unc {
		if i == top {
			break
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d-%d\t%.0f%%\t%v\n", a.Code, r.Names[a.Code], r.Wards[a.Code], a.Rank, a.Median, a.P05, a.P95, 100*a.PSelected, a.Selected)
	}
	tw.Flush()
}
