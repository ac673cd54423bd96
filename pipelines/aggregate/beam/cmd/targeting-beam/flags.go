package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/options/gcpopts"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/options/jobopts"

	"github.com/manchester-insight/targeting/pipelines/aggregate/beam/pipeline"
)

// aggregateFlags are `targeting aggregate`'s flags, plus the runner and
// the shuffle's shard count.
type aggregateFlags struct {
	runner                string
	extract, mapping, out string
	from, to, asOf        string
	threshold             int64
	workers, shards       int
	verbose               bool
}

func defineFlags(fs *flag.FlagSet) *aggregateFlags {
	fl := &aggregateFlags{}
	if f := fs.Lookup("runner"); f == nil {
		fs.StringVar(&fl.runner, "runner", "prism", "Beam runner: "+strings.Join(pipeline.Runners, ", "))
	}
	fs.StringVar(&fl.extract, "extract", "", "case-level extract: a file, a folder of them, or a glob (gs://... through Beam's filesystems)")
	fs.StringVar(&fl.mapping, "mapping", "", "mapping file (YAML), as for targeting aggregate")
	fs.StringVar(&fl.out, "out", "", "indicator table to write (FILE.csv; gs://... for a cluster); the rest goes beside it")
	fs.StringVar(&fl.from, "from", "", "first service date counted, YYYY-MM-DD (overrides window.from)")
	fs.StringVar(&fl.to, "to", "", "last service date counted, YYYY-MM-DD (overrides window.to)")
	fs.StringVar(&fl.asOf, "as-of", "", "extract date, YYYY-MM-DD (overrides as_of; default today)")
	fs.Int64Var(&fl.threshold, "threshold", 0, "disclosure threshold (overrides disclosure.threshold; default 10)")
	fs.IntVar(&fl.workers, "workers", 0, "goroutines reading one file on a worker (default: one per CPU)")
	fs.IntVar(&fl.shards, "shards", 64, "keys each shuffle spreads ids over: more for bigger jobs (a few per worker core)")
	fs.BoolVar(&fl.verbose, "verbose", false, "show the runner's own progress log")
	// Dashed spellings of Beam's options, as targeting spells flags.
	for _, name := range []string{"temp_location", "staging_location", "job_name", "environment_type", "environment_config",
		"worker_binary", "num_workers", "max_num_workers", "worker_machine_type", "sdk_container_image", "service_account_email"} {
		if f := fs.Lookup(name); f != nil && fs.Lookup(strings.ReplaceAll(name, "_", "-")) == nil {
			fs.Var(f.Value, strings.ReplaceAll(name, "_", "-"), f.Usage+" (as --"+name+")")
		}
	}
	return fl
}

// checkRunner catches what a runner would reject late, or not at all.
func checkRunner(fl *aggregateFlags) error {
	if !slices.Contains(pipeline.Runners, fl.runner) {
		return &usageError{fmt.Sprintf("--runner %q is not one of %s", fl.runner, strings.Join(pipeline.Runners, ", "))}
	}
	lookup := func(name string) string {
		if f := flag.Lookup(name); f != nil {
			return f.Value.String()
		}
		return ""
	}
	switch fl.runner {
	case "flink", "spark":
		if *jobopts.Endpoint == "" {
			return &usageError{fmt.Sprintf("--runner %s needs --endpoint HOST:PORT, the address of the %s job server (e.g. localhost:8099)", fl.runner, fl.runner)}
		}
	case "dataflow":
		var missing []string
		if *gcpopts.Project == "" {
			missing = append(missing, "--project")
		}
		if *gcpopts.Region == "" {
			missing = append(missing, "--region")
		}
		if lookup("staging_location") == "" && lookup("temp_location") == "" {
			missing = append(missing, "--temp_location gs://... (or --staging_location)")
		}
		if len(missing) > 0 {
			return &usageError{"--runner dataflow needs " + strings.Join(missing, ", ")}
		}
		for _, p := range []struct{ flag, val string }{{"--out", fl.out}, {"--extract", fl.extract}} {
			if !strings.HasPrefix(p.val, "gs://") {
				return &usageError{fmt.Sprintf("--runner dataflow: %s %s must be on Cloud Storage (gs://...): Dataflow workers cannot see this machine's files", p.flag, p.val)}
			}
		}
	}
	return nil
}
