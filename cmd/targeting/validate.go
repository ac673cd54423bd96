package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/internal/scenario"
)

func newValidateCmd() *cobra.Command {
	var path string
	c := &cobra.Command{
		Use:     "validate --scenario FILE",
		Short:   "Check a scenario file without computing",
		Long:    "validate reads the scenario, checks every key, value and file path, and reports the first problem with its file and line.",
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
			fmt.Fprintf(c.OutOrStdout(), "%s: ok: scenario %q, %d indicators from %d sources, %s aggregation\n",
				path, sc.Name, len(sc.Indicators), len(sc.Sources), sc.Aggregation)
			return nil
		},
	}
	c.Flags().StringVar(&path, "scenario", "", "scenario file (YAML)")
	return c
}
