package main

import (
	"fmt"
	"io"
	"log/slog"

	"github.com/spf13/cobra"
)

const rootExample = `  # Score Manchester's cost-of-living scenario and write layers and tables to out/
  targeting score --scenario examples/cost-of-living.yaml --out out

  # Why does an area rank where it does?
  targeting explain --scenario examples/cost-of-living.yaml E01005088

  # Check a scenario without computing
  targeting validate --scenario examples/cost-of-living.yaml`

func newRootCmd() *cobra.Command {
	var logFormat string
	var quiet bool
	root := &cobra.Command{
		Use:   "targeting",
		Short: "Decide which small areas and wards get help first",
		Long: `targeting scores small areas (LSOAs) and electoral wards for targeting help
from a scenario file: indicators, directions, normalisation, weights,
aggregation and a selection rule. It writes GIS layers (GeoPackage,
GeoParquet, FlatGeobuf, GeoJSON) and tables (CSV) with every number
traceable to its source, and answers the analyst's next questions: why an
area ranks where it does, how robust the ranking is, where need clusters,
and how to split a budget.`,
		Example:       rootExample,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&logFormat, "log-format", "text", "log format on stderr: text or json")
	root.PersistentFlags().BoolVarP(&quiet, "quiet", "q", false, "log warnings and errors only")
	// Every bad command line is a usage error (exit 2): a malformed or
	// unknown flag here, a wrong number of arguments below (argsAreUsage),
	// an unknown command in execute.
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &usageError{err.Error()} })
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		if logFormat != "text" && logFormat != "json" {
			return &usageError{fmt.Sprintf("--log-format %q: want text or json", logFormat)}
		}
		return nil
	}
	logger := loggerFunc(func(c *cobra.Command) *slog.Logger {
		level := slog.LevelInfo
		if quiet {
			level = slog.LevelWarn
		}
		var w io.Writer = c.ErrOrStderr()
		opts := &slog.HandlerOptions{Level: level}
		if logFormat == "json" {
			return slog.New(slog.NewJSONHandler(w, opts))
		}
		return slog.New(slog.NewTextHandler(w, opts))
	})
	root.AddCommand(newScoreCmd(logger), newExplainCmd(logger), newSummariseCmd(logger), newValidateCmd(logger), newInitCmd(), newInspectCmd(), newVersionCmd())
	root.AddCommand(newCompareCmd(logger), newRobustnessCmd(logger), newClustersCmd(logger), newAllocateCmd(logger))
	root.AddCommand(newAuditCmd(logger))
	root.AddCommand(newSynthCmd(), newAggregateCmd(logger))
	root.AddCommand(newPipelineCmd(logger))
	root.AddCommand(newNotebookCmd(logger), newReportCmd(logger))
	root.AddCommand(newExploreCmd(logger))
	// cobra adds these when it runs; added now, their arguments are checked too.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	argsAreUsage(root)
	return root
}

// argsAreUsage makes a wrong number of arguments, to c or any command
// under it, a usage error: cobra's validators (NoArgs, ExactArgs, ...)
// return plain errors.
func argsAreUsage(c *cobra.Command) {
	if check := c.Args; check != nil {
		c.Args = func(c *cobra.Command, args []string) error { return asUsage(check(c, args)) }
	}
	for _, sub := range c.Commands() {
		argsAreUsage(sub)
	}
}

// loggerFunc builds a command's logger from the global flags.
type loggerFunc func(*cobra.Command) *slog.Logger
