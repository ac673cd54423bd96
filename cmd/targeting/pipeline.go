package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/internal/progress"
	"github.com/manchester-insight/targeting/pipelines/nightly"
)

const pipelineLong = `pipeline runs the nightly batch: every step of a pipeline file (scoring each
scenario) is built in a staging folder under the output root and published
only when all of it is complete, by renaming it into ROOT/runs/<run> and then
switching the symlink ROOT/latest to it. A failed or killed run never changes
latest. A step whose inputs, settings and engine version are unchanged since
the published run is not recomputed: its outputs are carried over.

Exit codes (for schedulers):
  0  ok: a new run is published
  1  bad input data (the message names the file and the problem)
  2  bad pipeline or scenario file, or command line
  3  internal or environment error (disk full, permissions, interrupted)
  4  another run holds the output root's lock: nothing was done, try later`

func newPipelineCmd(logger loggerFunc) *cobra.Command {
	c := &cobra.Command{
		Use:   "pipeline",
		Short: "Nightly batch: recompute every scenario and publish atomically",
		Long:  pipelineLong,
		Example: `  targeting pipeline run examples/nightly.yaml --root /var/lib/targeting/nightly
  targeting pipeline status /var/lib/targeting/nightly`,
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return &usageError{fmt.Sprintf("targeting pipeline: unknown subcommand %q (want run or status)", args[0])}
			}
			return c.Help()
		},
	}
	c.AddCommand(newPipelineRunCmd(logger), newPipelineStatusCmd())
	return c
}

func newPipelineRunCmd(logger loggerFunc) *cobra.Command {
	var root string
	var force bool
	c := &cobra.Command{
		Use:   "run FILE [--root DIR] [--force]",
		Short: "Run a pipeline file and publish the results as ROOT/latest",
		Long: pipelineLong + `

On a terminal a progress line is shown; otherwise (cron, systemd) each
phase is a log line (JSON with --log-format json). The last line on stdout
summarises the run.`,
		Example: `  # Run every shipped example into out/nightly (the root named in the file)
  targeting pipeline run examples/nightly.yaml

  # Another output root; recompute everything; JSON logs for the scheduler
  targeting --log-format json pipeline run examples/nightly.yaml --root /var/lib/targeting/nightly --force`,
		Args: usageArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			p, err := nightly.Load(args[0])
			if err != nil {
				return err
			}
			var prog nightly.Progress
			if progress.IsTerminal(c.ErrOrStderr()) && c.Flag("log-format").Value.String() != "json" {
				// A progress line replaces the info log lines; warnings are
				// still logged, on lines of their own.
				term := nightly.NewTerminal(c.ErrOrStderr())
				c.SetErr(term.Writer())
				prog = term
			}
			log := logger(c)
			if prog != nil {
				log = slog.New(minLevel{log.Handler(), slog.LevelWarn})
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			res, err := nightly.Run(ctx, p, nightly.Options{Root: root, Force: force, Log: log, Progress: prog})
			if err != nil {
				return err
			}
			line := nightly.Summary(res)
			log.Info("summary", "run", res.Manifest.Run, "summary", line)
			fmt.Fprintln(c.OutOrStdout(), line)
			return nil
		},
	}
	c.Flags().StringVar(&root, "root", "", "output root (overrides root: in the pipeline file)")
	c.Flags().BoolVar(&force, "force", false, "recompute every step and re-check every input")
	return c
}

func newPipelineStatusCmd() *cobra.Command {
	var n int
	var asJSON bool
	c := &cobra.Command{
		Use:   "status ROOT",
		Short: "Show the last runs under ROOT and what changed between the last two",
		Long: `status lists the last runs under an output root (newest first, latest marked),
runs that did not finish, the last failure if it is newer than latest, and
for each step which areas entered or left its selection between the last two
runs. It reads without taking the lock, so it is safe during a run.`,
		Example: `  targeting pipeline status out/nightly
  targeting pipeline status /var/lib/targeting/nightly --runs 30 --json`,
		Args: usageArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if st, err := os.Stat(args[0]); err != nil || !st.IsDir() {
				return &usageError{fmt.Sprintf("%s is not a folder (want a pipeline output root)", args[0])}
			}
			s, err := nightly.Status(args[0], n)
			if errors.Is(err, nightly.ErrNotRoot) {
				return &usageError{err.Error()}
			}
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(c.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(s)
			}
			s.WriteText(c.OutOrStdout())
			return nil
		},
	}
	c.Flags().IntVar(&n, "runs", 10, "how many runs to list")
	c.Flags().BoolVar(&asJSON, "json", false, "print the status as JSON")
	return c
}

// usageArgs wants exactly n arguments; anything else is a usage error (exit 2).
func usageArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != n {
			return &usageError{fmt.Sprintf("%s: want %d argument(s), got %d", c.CommandPath(), n, len(args))}
		}
		return nil
	}
}

// minLevel drops records below a level, whatever the wrapped handler allows.
type minLevel struct {
	slog.Handler
	min slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(a []slog.Attr) slog.Handler {
	return minLevel{h.Handler.WithAttrs(a), h.min}
}
func (h minLevel) WithGroup(g string) slog.Handler { return minLevel{h.Handler.WithGroup(g), h.min} }
