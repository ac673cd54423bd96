package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/pipelines/analysis"
)

func newCompareCmd(logger loggerFunc) *cobra.Command {
	var paths []string
	var top int
	var asJSON bool
	var out string
	c := &cobra.Command{
		Use:   "compare --scenario A.yaml --scenario B.yaml",
		Short: "Compare two scenarios' rankings and selections",
		Long: `compare scores two scenarios and sets them side by side, area by area: the
areas that enter and leave the selection (and the people in them), the
biggest rank moves, and how closely the two rankings agree (Spearman's rho
and Kendall's tau-b over the areas both score). Use it for two weightings of
one question, or for two runs of one scenario over time (e.g. IoD 2019 and
IoD 2025 sources mapped to one LSOA vintage). Areas scored by only one
scenario are listed and left out of the comparison.`,
		Example: `  targeting compare --scenario examples/cost-of-living.yaml --scenario examples/cost-of-living-fuel-heavy.yaml
  targeting compare --scenario examples/cost-of-living.yaml --scenario examples/cost-of-living-fuel-heavy.yaml --top 20 --json
  targeting compare --scenario examples/cost-of-living.yaml --scenario examples/cost-of-living-fuel-heavy.yaml --out out`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if len(paths) != 2 {
				return &usageError{"compare needs exactly two --scenario files"}
			}
			if top < 0 {
				return &usageError{"--top must be >= 0"}
			}
			log := logger(c)
			a, err := analysis.ScoreFile(paths[0], c.ErrOrStderr(), log)
			if err != nil {
				return err
			}
			b, err := analysis.ScoreFile(paths[1], c.ErrOrStderr(), log)
			if err != nil {
				return err
			}
			cmp, err := analysis.Compare(a, b)
			if err != nil {
				return &usageError{err.Error()}
			}
			var files []string
			if out != "" {
				if files, err = analysis.WriteComparison(a, b, cmp, out); err != nil {
					return err
				}
			}
			if asJSON {
				enc := json.NewEncoder(c.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(compareJSON(cmp, top))
			}
			printComparison(c.OutOrStdout(), cmp, top)
			for _, f := range files {
				fmt.Fprintln(c.OutOrStdout(), "wrote", f)
			}
			return nil
		},
	}
	c.Flags().StringArrayVar(&paths, "scenario", nil, "scenario file (YAML); give two, A then B")
	c.Flags().IntVar(&top, "top", 10, "how many of the biggest rank moves to list")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	c.Flags().StringVar(&out, "out", "", "also write the comparison layer (areas entering and leaving, rank changes) into this folder")
	return c
}

type areaMove struct {
	Code  string `json:"area_code"`
	Name  string `json:"area_name"`
	Ward  string `json:"ward_name"`
	RankA int64  `json:"rank_a"`
	RankB int64  `json:"rank_b"`
}

func compareJSON(c *analysis.Comparison, top int) any {
	ranks := map[string]areaMove{}
	var moves []areaMove
	for _, m := range c.Moves {
		am := areaMove{m.Code, c.Names[m.Code], c.Wards[m.Code], m.RankA, m.RankB}
		ranks[m.Code] = am
		if len(moves) < top {
			moves = append(moves, am)
		}
	}
	list := func(codes []string) []areaMove {
		out := []areaMove{}
		for _, code := range codes {
			out = append(out, ranks[code])
		}
		return out
	}
	return map[string]any{
		"a": c.A, "b": c.B, "common_areas": c.Common, "only_in_a": c.OnlyA, "only_in_b": c.OnlyB,
		"selected_a": c.SelectedA, "selected_b": c.SelectedB, "people_a": c.PeopleA, "people_b": c.PeopleB,
		"entering": list(c.Entering), "leaving": list(c.Leaving), "staying": c.Staying,
		"people_entering": c.PeopleEntering, "people_leaving": c.PeopleLeaving,
		"spearman_rho": c.Spearman, "kendall_tau_b": c.KendallTauB,
		"mean_abs_rank_change": c.MeanAbsChange, "median_abs_rank_change": c.MedianAbsChange,
		"biggest_moves": moves,
	}
}

func printComparison(w io.Writer, c *analysis.Comparison, top int) {
	fmt.Fprintf(w, "A = %s, B = %s: %d areas in common", c.A, c.B, c.Common)
	if n := len(c.OnlyA) + len(c.OnlyB); n > 0 {
		fmt.Fprintf(w, " (%d only in A, %d only in B: not compared)", len(c.OnlyA), len(c.OnlyB))
	}
	fmt.Fprintf(w, "\n\nselected      A: %d areas, %s people    B: %d areas, %s people\n", c.SelectedA, people(c.PeopleA), c.SelectedB, people(c.PeopleB))
	fmt.Fprintf(w, "entering B    %d areas, %s people\nleaving       %d areas, %s people\nin both       %d areas\n",
		len(c.Entering), people(c.PeopleEntering), len(c.Leaving), people(c.PeopleLeaving), c.Staying)
	fmt.Fprintf(w, "agreement     Spearman rho %.3f, Kendall tau-b %.3f; rank change mean %.1f, median %.1f\n",
		c.Spearman, c.KendallTauB, c.MeanAbsChange, c.MedianAbsChange)
	rank := map[string][2]int64{}
	for _, m := range c.Moves {
		rank[m.Code] = [2]int64{m.RankA, m.RankB}
	}
	table := func(title string, codes []string) {
		if len(codes) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s\n", title)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "area\tname\tward\trank A\trank B")
		for _, code := range codes {
			r := rank[code]
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\n", code, c.Names[code], c.Wards[code], r[0], r[1])
		}
		tw.Flush()
	}
	byRank := func(codes []string, k int) []string {
		s := slices.Clone(codes)
		slices.SortStableFunc(s, func(x, y string) int { return int(rank[x][k] - rank[y][k]) })
		return s
	}
	table("entering the selection in B (by rank in B):", byRank(c.Entering, 1))
	table("leaving the selection in B (by rank in A):", byRank(c.Leaving, 0))
	if top > 0 {
		fmt.Fprintf(w, "\nbiggest rank moves (+ = more in need in B):\n")
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "area\tname\tward\trank A\trank B\tchange")
		for i, m := range c.Moves {
			if i == top {
				break
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%+d\n", m.Code, c.Names[m.Code], c.Wards[m.Code], m.RankA, m.RankB, m.Change)
		}
		tw.Flush()
	}
}

// people formats a head count with thousands separators.
func people(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	out := ""
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			out += ","
		}
		out += string(r)
	}
	return out
}
