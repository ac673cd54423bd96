package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/manchester-insight/targeting/pipelines/aggregate"
	"github.com/manchester-insight/targeting/pipelines/aggregate/beam/pipeline"
)

// runAggregate is `targeting aggregate` on Beam: the same mapping, the
// same overrides, checked here before anything is submitted.
func runAggregate(fl *aggregateFlags, w io.Writer) error {
	if fl.extract == "" || fl.mapping == "" || fl.out == "" {
		return &usageError{"--extract, --mapping and --out are required"}
	}
	if err := checkRunner(fl); err != nil {
		return err
	}
	cfg, err := aggregate.LoadConfig(fl.mapping)
	if err != nil {
		return err
	}
	for _, d := range []struct {
		flag, val string
		dst       *string
	}{{"--from", fl.from, &cfg.Window.From}, {"--to", fl.to, &cfg.Window.To}, {"--as-of", fl.asOf, &cfg.AsOf}} {
		if d.val == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.val); err != nil {
			return &usageError{fmt.Sprintf("%s %q: want a date as YYYY-MM-DD", d.flag, d.val)}
		}
		*d.dst = d.val
	}
	if fl.threshold < 0 {
		return &usageError{"--threshold must be positive"}
	}
	if fl.threshold > 0 {
		cfg.Disclosure.Threshold = fl.threshold
	}
	if t := cfg.Rule().Effective(); t < 10 {
		fmt.Fprintf(os.Stderr, "targeting-beam: warning: disclosure threshold %d is below 10: check it meets your organisation's rule before publishing\n", t)
	}
	if fl.shards < 1 {
		return &usageError{"--shards must be at least 1"}
	}
	start := time.Now()
	p, g, err := pipeline.Prepare(cfg, fl.extract, fl.out, pipeline.Options{Shards: fl.shards, Workers: fl.workers})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "submitting to %s: %d extract files, %d areas\n", fl.runner, len(p.Files), len(g.Areas.Codes))
	st, err := pipeline.Run(context.Background(), fl.runner, p, g)
	if err != nil {
		return err
	}
	took := time.Since(start)
	if st.Rows > 0 {
		fmt.Fprintf(w, "%d rows in %v (%.0f records/s); shuffled %d bytes of record ids, %d of (person, cell) pairs\n",
			st.Rows, took.Round(time.Millisecond), float64(st.Rows)/took.Seconds(), st.IDBytes, st.PairBytes)
	}
	return printReport(w, fl.out)
}

// printReport prints what the in-process command prints, from the report
// the job wrote (when it is on this machine).
func printReport(w io.Writer, out string) error {
	path := strings.TrimSuffix(out, ".csv") + "_report.json"
	b, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(w, "wrote", path, "and the tables beside it")
		return nil
	}
	var rep aggregate.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		return err
	}
	if rep.Synthetic {
		fmt.Fprintln(w, aggregate.SyntheticLabel)
	}
	fmt.Fprintf(w, "%d rows read: %d counted, %d outside the window, %d set aside (by reason in the report)\n",
		rep.Rows.Read, rep.Rows.Counted, rep.Rows.OutsideWindow, rep.Rows.SetAsideTotal)
	fmt.Fprintf(w, "%d areas in %d wards, %d services; disclosure threshold %d: %d cells suppressed (%d primary, %d secondary) of %d\n",
		rep.Areas, rep.Wards, len(rep.Services)-1, rep.Disclosure.Threshold, rep.Disclosure.Primary+rep.Disclosure.Secondary,
		rep.Disclosure.Primary, rep.Disclosure.Secondary, rep.Disclosure.Cells)
	for _, f := range rep.Outputs {
		fmt.Fprintln(w, "wrote", f)
	}
	return nil
}
