// Command targeting-beam runs `targeting aggregate` on Apache Beam, for
// extracts too big for one machine: the same mapping file, the same
// flags, the same outputs, plus the indicator tables as Hive-partitioned
// Parquet. It is its own binary (and Go module) so that the default
// targeting binary carries none of Beam's dependencies; `targeting
// aggregate --runner prism|dataflow|flink|spark` runs it.
//
// Build it from the repository root:
//
//	go build -o targeting-beam ./pipelines/aggregate/beam/cmd/targeting-beam
//
// (or `cd pipelines/aggregate/beam && go build ./cmd/targeting-beam`). A
// runner also starts this binary as its worker, with Beam's worker flags.
// The pipeline itself is package pipeline of this module; the aggregation
// code it runs is pipelines/aggregate's.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/dataflow"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/flink"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/spark"

	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/aggregate/beam/pipeline"
)

// Exit codes, as targeting's.
const (
	exitData     = 1 // bad input data
	exitConfig   = 2 // bad mapping or command line
	exitInternal = 3 // a bug, the environment, or the runner
)

const usage = `usage: targeting-beam aggregate --runner prism|dataflow|flink|spark --extract PATH --mapping FILE --out FILE.csv [flags]

Runs the service-usage aggregation of 'targeting aggregate' as an Apache Beam
pipeline. --extract is a file, a folder of Parquet/CSV files (Hive-partitioned
folders welcome) or a glob (gs://bucket/extract/*/*.parquet). Outputs: the
files 'targeting aggregate --out' writes, plus FILE/lad=<district>/part-00000.parquet
and FILE_wards/lad=<district>/part-00000.parquet.

Runner options are Beam's own flags (dashed spellings accepted):
  prism     in this process; no options
  flink     --endpoint HOST:PORT (the Flink job server), --environment_type, --worker_binary
  spark     --endpoint HOST:PORT (the Spark job server), --environment_type, --worker_binary
  dataflow  --project, --region, --temp_location gs://..., --staging_location gs://...

Flags:
`

func main() {
	args := os.Args[1:]
	cmd := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	fl := defineFlags(flag.CommandLine)
	flag.CommandLine.Usage = func() {
		fmt.Fprint(flag.CommandLine.Output(), usage)
		flag.CommandLine.PrintDefaults()
	}
	if err := flag.CommandLine.Parse(args); err != nil {
		os.Exit(exitConfig)
	}
	// A runner starts this binary as its worker: beam.Init then runs the
	// worker and does not return.
	beam.Init()
	if !fl.verbose {
		// Prism logs every stage of every job at INFO.
		slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	}
	switch cmd {
	case "aggregate":
		err := runAggregate(fl, os.Stdout)
		if err != nil {
			fmt.Fprintln(os.Stderr, "targeting-beam: error:", err)
		}
		os.Exit(exitCode(err))
	case "version":
		fmt.Println("targeting-beam", pipeline.Version())
	default:
		flag.CommandLine.Usage()
		os.Exit(exitConfig)
	}
}

func exitCode(err error) int {
	var ce *scenario.ConfigError
	var ue *usageError
	var de *indicators.DataError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ce), errors.As(err, &ue):
		return exitConfig
	case errors.As(err, &de), pipeline.IsDataError(err):
		return exitData
	}
	return exitInternal
}

// usageError is a bad command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }
