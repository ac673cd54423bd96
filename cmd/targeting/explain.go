package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/score"
)

func newExplainCmd(logger loggerFunc) *cobra.Command {
	var path string
	var asJSON bool
	c := &cobra.Command{
		Use:   "explain --scenario FILE AREA_CODE",
		Short: "Explain why an area ranks where it does",
		Long: `explain scores the scenario and breaks one area's composite score into each
indicator's raw value, normalised value, weight and contribution, then says
what it would take for the area to enter or leave the selection: the
threshold of each selection test and, for arithmetic aggregation, how far each
normalised indicator would have to move on its own to cross it.`,
		Example: "  targeting explain --scenario examples/cost-of-living.yaml E01005088\n  targeting explain --scenario examples/cost-of-living.yaml E01005088 --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if path == "" {
				return &usageError{"--scenario is required"}
			}
			sc, err := scenario.Load(path)
			if err != nil {
				return err
			}
			res, err := score.Run(sc, score.Options{}, logger(c))
			if err != nil {
				return err
			}
			e, err := res.Explain(args[0])
			if err != nil {
				return &usageError{err.Error()}
			}
			if asJSON {
				enc := json.NewEncoder(c.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(jsonSafe(e, smoothedRates(res, e.Code)))
			}
			printExplanation(c.OutOrStdout(), res, e)
			return nil
		},
	}
	c.Flags().StringVar(&path, "scenario", "", "scenario file (YAML)")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return c
}

func printExplanation(w io.Writer, res *result.Result, e *engine.Explanation) {
	codes, _ := engine.Strings(res.Areas, result.ColAreaCode)
	names, _ := engine.Strings(res.Areas, result.ColAreaName)
	wards, _ := engine.Strings(res.Areas, result.ColWardName)
	name, ward := "", ""
	for i, c := range codes {
		if c == e.Code {
			name, ward = names[i], wards[i]
		}
	}
	state := "not selected"
	if e.Selected {
		state = engine.ColSelected
	}
	fmt.Fprintf(w, "%s %s (%s): rank %d of %d, decile %d, score %.3f, %s\n\n", e.Code, name, ward, e.Rank, e.Of, e.Decile, e.Score, state)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "input\traw\tnormalised\tweight\tcontribution\tchange needed\t")
	row := func(indent string, p engine.Contribution) {
		raw := ""
		if p.Raw != nil {
			raw = fmt.Sprintf("%.4g", *p.Raw)
			if math.Abs(*p.Raw) >= 1000 {
				raw = fmt.Sprintf("%.0f", *p.Raw)
			}
		}
		need := ""
		if p.Needed != nil {
			need = fmt.Sprintf("%+.3f", *p.Needed)
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%.3f\t%g\t%.3f\t%s\t\n", indent, p.ID, raw, p.Normalised, p.Weight, p.Contribution, need)
	}
	for _, p := range e.Parts {
		row("", p)
		for _, q := range p.Parts {
			row("  ", q)
		}
	}
	tw.Flush()
	for _, sm := range res.Report.Smoothed {
		for _, a := range sm.Areas {
			if a.Code != e.Code {
				continue
			}
			if a.Raw == nil {
				fmt.Fprintf(w, "\n%s: no rate (suppressed count or no denominator), so not smoothed\n", sm.Indicator)
				continue
			}
			fmt.Fprintf(w, "\n%s: raw rate %.4g smoothed (%s) to %.4g, the 'raw' value above: shrunk towards %s, the more the fewer people the rate rests on\n",
				sm.Indicator, *a.Raw, sm.Method, *a.Smoothed, sm.Reference)
		}
	}
	if len(e.Selection) > 0 {
		fmt.Fprintln(w, "\nselection:")
	}
	for _, l := range e.Selection {
		met := "not met"
		verb := "rise to"
		if l.Met {
			met, verb = "met", "fall below"
		}
		if math.IsInf(l.Threshold, 0) {
			fmt.Fprintf(w, "  %s: %s (value %.3f)\n", l.Rule, met, l.Value)
			continue
		}
		fmt.Fprintf(w, "  %s: %s (value %.3f); to flip, it would have to %s %.3f (gap %+.3f)\n", l.Rule, met, l.Value, verb, l.Threshold, l.Gap)
	}
	if len(e.Selection) > 0 {
		fmt.Fprintln(w, "\n'change needed' is how far each normalised indicator would have to move on its own, other areas unchanged.")
	}
}

// smoothedRate is one indicator's raw and smoothed rate for an area.
type smoothedRate struct {
	Indicator string   `json:"indicator"`
	Method    string   `json:"method"`
	Reference string   `json:"reference"`
	Raw       *float64 `json:"raw"`
	Smoothed  *float64 `json:"smoothed"`
}

// smoothedRates are the area's smoothed rates, from the run report.
func smoothedRates(res *result.Result, code string) []smoothedRate {
	var out []smoothedRate
	for _, sm := range res.Report.Smoothed {
		for _, a := range sm.Areas {
			if a.Code == code {
				out = append(out, smoothedRate{sm.Indicator, sm.Method, sm.Reference, a.Raw, a.Smoothed})
			}
		}
	}
	return out
}

// jsonSafe replaces infinities (no JSON form) with nulls via a map round trip.
func jsonSafe(e *engine.Explanation, smoothed []smoothedRate) any {
	type leaf struct {
		engine.LeafStatus
		Threshold *float64 `json:"threshold"`
		Gap       *float64 `json:"gap"`
	}
	out := struct {
		*engine.Explanation
		Selection []leaf         `json:"selection,omitempty"`
		Smoothed  []smoothedRate `json:"smoothed,omitempty"`
	}{Explanation: e, Smoothed: smoothed}
	for _, l := range e.Selection {
		lf := leaf{LeafStatus: l}
		if !math.IsInf(l.Threshold, 0) {
			t, g := l.Threshold, l.Gap
			lf.Threshold, lf.Gap = &t, &g
		}
		out.Selection = append(out.Selection, lf)
	}
	return out
}
