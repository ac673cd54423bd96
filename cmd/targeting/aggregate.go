package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/pipelines/aggregate"
)

const aggregateExample = `  # Service-usage indicators from the committed synthetic sample
  targeting aggregate --extract testdata/services/manchester_services_synthetic.csv.gz \
    --mapping testdata/services/mapping.yaml --out out/services.csv

  # The same mapping on a Parquet or XLSX extract, for 2024/25 only, threshold 5
  targeting aggregate --extract services_2025.parquet --mapping mapping.yaml \
    --from 2024-04-01 --to 2025-03-31 --threshold 5 --out out/services_2024-25.csv

  # A partitioned national extract on a Flink cluster (needs targeting-beam, see --runner)
  targeting aggregate --runner flink --endpoint flink-jobserver:8099 \
    --extract /shared/extract/ --mapping mapping.yaml --out /shared/out/services.csv`

// aggregateFlags are the command line of aggregate; runAggregate is the
// command's core for --runner local, callable without cobra (any other
// --runner hands the same flags to targeting-beam: runOnBeam).
type aggregateFlags struct {
	extract, mapping, out string
	from, to, asOf        string
	threshold             int64
	workers               int
	runner                string
}

func newAggregateCmd(logger loggerFunc) *cobra.Command {
	var fl aggregateFlags
	c := &cobra.Command{
		Use:   "aggregate --extract FILE --mapping FILE --out FILE",
		Short: "Turn a case-level service extract into small-area indicators, with disclosure control",
		Long: `aggregate reads a case-level extract of council service records (CSV, CSV.gz,
Parquet or XLSX), places every record in a small area (by LSOA code, postcode
key through a lookup, or point-in-polygon on easting/northing or lon/lat), and
counts records, distinct people and households per area and service over the
time window, with rates per 1,000 of each service's denominator.

The mapping file (YAML) says which columns hold the record id, date, service,
person, household and location, which areas and denominators to use, the
services and the window. Paths in it are relative to it.

Disclosure control is applied to every count written: counts below the
threshold (default 10) are suppressed, and further cells so that none can be
worked out from ward or district totals; rates of suppressed counts are
suppressed too. Rows that cannot be counted (blank location, point outside
every area, future date, duplicate record id, ...) are counted by reason in
the report, never silently dropped, and never written out.

It writes FILE (one row per area: the indicator table a scenario can use as a
source), <stem>_wards.csv (wards and the district), <stem>_fields.csv (data
dictionary, with the disclosure rule) and <stem>_report.json (inputs with
sha256, rows by reason, the rule; "synthetic": true when the records are).`,
		Example: aggregateExample,
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if fl.extract == "" || fl.mapping == "" || fl.out == "" {
				return &usageError{"--extract, --mapping and --out are required"}
			}
			if fl.runner != "local" {
				return runOnBeam(c)
			}
			for _, name := range beamFlags {
				if c.Flags().Changed(name) {
					return &usageError{fmt.Sprintf("--%s is an option of the Beam runners; it means nothing with --runner local", name)}
				}
			}
			res, files, err := runAggregate(fl, logger(c))
			if err != nil {
				return err
			}
			printAggregate(c, res, files)
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&fl.extract, "extract", "", "case-level extract: .csv, .csv.gz, .parquet or .xlsx")
	f.StringVar(&fl.mapping, "mapping", "", "mapping file (YAML): columns, areas, denominators, services, window")
	f.StringVar(&fl.out, "out", "", "indicator table to write (CSV); the ward table, dictionary and report go beside it")
	f.StringVar(&fl.from, "from", "", "first service date counted, YYYY-MM-DD (overrides window.from)")
	f.StringVar(&fl.to, "to", "", "last service date counted, YYYY-MM-DD (overrides window.to)")
	f.StringVar(&fl.asOf, "as-of", "", "extract date: later dates are future-dated rows, YYYY-MM-DD (overrides as_of; default today)")
	f.Int64Var(&fl.threshold, "threshold", 0, "disclosure threshold: smallest count published (overrides disclosure.threshold; default 10)")
	f.IntVar(&fl.workers, "workers", 0, "goroutines reading and counting (default: one per CPU)")
	f.StringVar(&fl.runner, "runner", "local", "engine: local (in this process) or a Beam runner: prism, dataflow, flink, spark (runs the targeting-beam binary, found next to this one or on PATH, with these arguments)")
	for _, name := range beamFlags {
		f.String(name, "", "Beam runners: "+beamFlagHelp[name])
	}
	return c
}

// beamFlags are passed through to targeting-beam (Beam's own options, as
// targeting spells flags); targeting-beam documents them.
var beamFlags = []string{"endpoint", "project", "region", "temp-location", "staging-location", "job-name",
	"environment-type", "environment-config", "worker-binary", "shards"}

var beamFlagHelp = map[string]string{
	"endpoint":           "job server HOST:PORT (flink, spark)",
	"project":            "Google Cloud project (dataflow)",
	"region":             "Google Cloud region (dataflow)",
	"temp-location":      "temporary files, gs://... (dataflow)",
	"staging-location":   "staged binaries, gs://... (dataflow)",
	"job-name":           "job name",
	"environment-type":   "worker environment: DOCKER, PROCESS, EXTERNAL, LOOPBACK (flink, spark)",
	"environment-config": "worker environment's image, command or address",
	"worker-binary":      "worker binary built for the cluster (linux/amd64)",
	"shards":             "keys each shuffle spreads ids over (default 64)",
}

// beamBinary is the scale-out command's name and how to build it.
const (
	beamBinary = "targeting-beam"
	beamBuild  = "go build -o targeting-beam ./pipelines/aggregate/beam/cmd/targeting-beam"
)

// runOnBeam runs targeting-beam with this command's arguments (every flag
// given) and its exit code: 1 bad data, 2 bad mapping or command line, 3
// anything else.
func runOnBeam(c *cobra.Command) error {
	bin := ""
	if exe, err := os.Executable(); err == nil {
		if p := filepath.Join(filepath.Dir(exe), beamBinary); isFile(p) {
			bin = p
		}
	}
	if bin == "" {
		p, err := exec.LookPath(beamBinary)
		if err != nil {
			return &usageError{fmt.Sprintf("--runner %s needs the scale-out binary %s, next to targeting or on PATH; "+
				"build it from the repository root with: %s", c.Flags().Lookup("runner").Value, beamBinary, beamBuild)}
		}
		bin = p
	}
	args := []string{"aggregate"}
	for _, name := range append([]string{"runner", "extract", "mapping", "out", "from", "to", "as-of", "threshold", "workers"}, beamFlags...) {
		if c.Flags().Changed(name) {
			args = append(args, "--"+name+"="+c.Flags().Lookup(name).Value.String())
		}
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, c.OutOrStdout(), c.ErrOrStderr()
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return err
	}
	switch ee.ExitCode() {
	case 1:
		return fmt.Errorf("%s failed on the input data: %w", beamBinary, errData)
	case 2:
		return &usageError{beamBinary + " rejected the mapping or command line (see above)"}
	}
	return fmt.Errorf("%s failed (exit code %d; see above)", beamBinary, ee.ExitCode())
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// runAggregate loads the mapping, applies flag overrides, counts and writes.
func runAggregate(fl aggregateFlags, log *slog.Logger) (*aggregate.Result, []string, error) {
	cfg, err := aggregate.LoadConfig(fl.mapping)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range []struct {
		flag, val string
		dst       *string
	}{{"--from", fl.from, &cfg.Window.From}, {"--to", fl.to, &cfg.Window.To}, {"--as-of", fl.asOf, &cfg.AsOf}} {
		if d.val == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.val); err != nil {
			return nil, nil, &usageError{fmt.Sprintf("%s %q: want a date as YYYY-MM-DD", d.flag, d.val)}
		}
		*d.dst = d.val
	}
	if fl.threshold < 0 {
		return nil, nil, &usageError{"--threshold must be positive"}
	}
	if fl.threshold > 0 {
		cfg.Disclosure.Threshold = fl.threshold
	}
	if t := cfg.Rule().Effective(); t < 10 {
		log.Warn("disclosure threshold below 10: check it meets your organisation's rule before publishing", "threshold", t)
	}
	opt := aggregate.Options{Workers: fl.workers, Log: log}
	res, err := aggregate.Run(cfg, fl.extract, opt)
	if err != nil {
		return nil, nil, err
	}
	files, err := aggregate.Write(res, fl.out)
	return res, files, err
}

func printAggregate(c *cobra.Command, res *aggregate.Result, files []string) {
	w := c.OutOrStdout()
	if res.Synthetic {
		fmt.Fprintln(w, aggregate.SyntheticLabel)
	}
	rep := res.Report(files)
	fmt.Fprintf(w, "%d rows read: %d counted, %d outside the window, %d set aside (by reason in the report)\n",
		rep.Rows.Read, rep.Rows.Counted, rep.Rows.OutsideWindow, rep.Rows.SetAsideTotal)
	fmt.Fprintf(w, "%d areas in %d wards, %d services; disclosure threshold %d: %d cells suppressed (%d primary, %d secondary) of %d\n",
		rep.Areas, rep.Wards, len(rep.Services)-1, rep.Disclosure.Threshold, rep.Disclosure.Primary+rep.Disclosure.Secondary,
		rep.Disclosure.Primary, rep.Disclosure.Secondary, rep.Disclosure.Cells)
	for _, f := range files {
		fmt.Fprintln(w, "wrote", f)
	}
}
