package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/internal/stage"
)

func newInitCmd() *cobra.Command {
	var district, out, data string
	var inds []string
	var force bool
	c := &cobra.Command{
		Use:   "init --district CODE --out FILE.yaml",
		Short: "Write a commented scenario for a district from the shipped indicators",
		Long: `init writes a scenario file that scores every LSOA of a district on shipped
open data (IoD 2019 income, employment or IMD score, fuel poverty, Census 2021
household deprivation), with equal weights, selecting the most deprived 20%.
It runs as written; edit it from there. An existing file is not replaced
unless --force is given.`,
		Example: `  targeting init --district E08000006 --out salford.yaml
  targeting score --scenario salford.yaml --out out
  targeting init --district E08000003 --indicators income,fuel_poverty,household_deprivation --out manchester.yaml`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if district == "" || out == "" {
				return &usageError{"--district and --out are required"}
			}
			rel, err := filepath.Rel(filepath.Dir(absPath(out)), absPath(data))
			if err != nil {
				return &usageError{err.Error()}
			}
			text, err := scenario.Starter{District: district, Indicators: inds, DataDir: rel}.Scenario()
			if err != nil {
				return &usageError{err.Error()}
			}
			if _, err := os.Stat(out); err == nil && !force {
				return &usageError{fmt.Sprintf("%s exists: choose another --out, or --force to replace it", out)}
			}
			if err := stage.WriteFile(out, func(w io.Writer) error { _, err := w.Write(text); return err }); err != nil {
				return err
			}
			// Check what was written as score will read it.
			if _, err := scenario.Load(out); err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "wrote %s\nnext: targeting score --scenario %s --out out\n", out, out)
			return nil
		},
	}
	c.Flags().StringVar(&district, "district", "", "local authority district code, e.g. E08000006 (Salford)")
	c.Flags().StringVar(&out, "out", "", "scenario file to write")
	c.Flags().StringVar(&data, "data", "data", "the shipped data folder")
	c.Flags().StringSliceVar(&inds, "indicators", nil, fmt.Sprintf("indicators, from %v (default income,employment,fuel_poverty)", scenario.StarterIndicators))
	c.Flags().BoolVar(&force, "force", false, "replace an existing file")
	return c
}

func absPath(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}
