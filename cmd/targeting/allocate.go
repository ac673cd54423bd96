package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/pipelines/analysis"
)

func newAllocateCmd(logger loggerFunc) *cobra.Command {
	var (
		path, out, by, need      string
		budget, floor, capAmount int64
		asJSON                   bool
	)
	c := &cobra.Command{
		Use:   "allocate --scenario FILE --budget 2000000 --by ward --out DIR",
		Short: "Split a budget between wards (or areas) by need",
		Long: `allocate scores the scenario and splits --budget (whole pounds) between its
wards (--by ward) or small areas (--by area) in proportion to need: the
composite score x population summed over each unit's areas (--need score),
or the people in its selected areas (--need selected). --floor gives every
unit at least that much and --cap at most that much; units between the two
stay exactly proportional to need. Amounts are whole pounds by the largest-
remainder method and add up exactly to the budget. A budget the floors and
caps cannot meet is an error, never bent. It writes DIR/<name>_allocation.csv,
the allocation layer (DIR/<name>_allocation.gpkg, styled by Fisher-Jenks
classes) when the scenario has boundaries, _fields.csv and .json.`,
		Example: `  targeting allocate --scenario examples/cost-of-living.yaml --budget 2000000 --by ward --out out
  targeting allocate --scenario examples/cost-of-living.yaml --budget 2000000 --by ward --floor 20000 --cap 150000 --out out
  targeting allocate --scenario examples/cost-of-living.yaml --budget 500000 --by area --need selected --out out --json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if path == "" || out == "" || budget <= 0 {
				return &usageError{"--scenario, --out and a positive --budget are required"}
			}
			log := logger(c)
			res, err := analysis.ScoreFile(path, c.ErrOrStderr(), log)
			if err != nil {
				return err
			}
			a, err := analysis.Allocate(res, analysis.AllocateOptions{Budget: budget, Floor: floor, Cap: capAmount, By: by, Need: need})
			if err != nil {
				return &usageError{err.Error()}
			}
			files, err := analysis.WriteAllocation(res, a, out)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(c.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"allocation": a, "files": files})
			}
			printAllocation(c.OutOrStdout(), a)
			fmt.Fprintln(c.OutOrStdout())
			for _, f := range files {
				fmt.Fprintln(c.OutOrStdout(), "wrote", f)
			}
			return nil
		},
	}
	c.Flags().StringVar(&path, "scenario", "", "scenario file (YAML)")
	c.Flags().Int64Var(&budget, "budget", 0, "budget in whole pounds")
	c.Flags().StringVar(&by, "by", "ward", "unit to allocate to: ward or area")
	c.Flags().StringVar(&need, "need", "score", "need: score (score x population) or selected (people in selected areas)")
	c.Flags().Int64Var(&floor, "floor", 0, "minimum per unit, pounds")
	c.Flags().Int64Var(&capAmount, "cap", 0, "maximum per unit, pounds (0: none)")
	c.Flags().StringVar(&out, "out", "", "output folder (created if missing)")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return c
}

func printAllocation(w io.Writer, a *analysis.Allocation) {
	basis := "composite score x population"
	if a.Need == analysis.NeedSelected {
		basis = "people in selected areas"
	}
	fmt.Fprintf(w, "%s: £%s split between %d %ss by need (%s)", a.Scenario, people(float64(a.Budget)), len(a.Units), a.By, basis)
	if a.Floor > 0 {
		fmt.Fprintf(w, ", floor £%s", people(float64(a.Floor)))
	}
	if a.Cap > 0 {
		fmt.Fprintf(w, ", cap £%s", people(float64(a.Cap)))
	}
	fmt.Fprint(w, "\n\n")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tname\tareas\tselected\tpopulation\tneed share\tallocation\t\n", a.By)
	var total int64
	for _, u := range a.Units {
		note := ""
		switch {
		case u.AtCap:
			note = " (cap)"
		case u.AtFloor:
			note = " (floor)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%.1f%%\t£%s%s\t\n", u.Code, u.Name, u.Areas, u.Selected, people(u.Population), 100*u.NeedShare, people(float64(u.Amount)), note)
		total += u.Amount
	}
	fmt.Fprintf(tw, "total\t\t\t\t\t\t£%s\t\n", people(float64(total)))
	tw.Flush()
}
