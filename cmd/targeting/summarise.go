package main

import (
	"cmp"
	"fmt"
	"slices"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/score"
)

func newSummariseCmd(logger loggerFunc) *cobra.Command {
	var path, by, out, apportion string
	c := &cobra.Command{
		Use:   "summarise --scenario FILE --by ward|lad|GROUPING|COLUMN --out FILE.csv",
		Short: "Summarise small areas by ward, district or any grouping, as the IoD publishes",
		Long: `summarise computes, per group, the Indices of Deprivation's summary measures
from the small areas' national ranks: average rank, average score, proportion
of areas in the most deprived 10% nationally, extent, local concentration
(and scale where the scenario names a count), each with its rank among the
groups (1 = most deprived; ties share the smallest rank). It summarises the
scenario's summary block (e.g. the official IMD ranks) or, without one, the
scenario's composite. Groups: ward, lad (local authority district), a name
from the scenario's geography.groupings (e.g. msoa), or a column of the
geography lookup file. Writes FILE.csv, FILE_report.json and, for wards with
boundaries, FILE.gpkg.`,
		Example: `  targeting summarise --scenario examples/iod2019-england.yaml --by lad --out lad.csv
  targeting summarise --scenario examples/iod2019-england.yaml --by ward --out wards.csv
  targeting summarise --scenario examples/cost-of-living.yaml --by ward --out out/cost-of-living_ward_summary.csv`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if path == "" || by == "" || out == "" {
				return &usageError{"--scenario, --by and --out are required"}
			}
			sc, err := scenario.Load(path)
			if err != nil {
				return err
			}
			res, err := score.Run(sc, score.Options{By: []string{by}, WardShares: apportion == "population"}, logger(c))
			if err != nil {
				return err
			}
			rec, rep, err := result.Summarise(res, by, apportion)
			if err != nil {
				return err
			}
			files, err := result.WriteSummary(res, rec, rep, out)
			if err != nil {
				return err
			}
			w := c.OutOrStdout()
			fmt.Fprintf(w, "%s by %s: %d groups from %s (lookup %s, %s)\n", rep.Scenario, rep.By, rep.Groups, rep.Index, rep.Lookup, rep.Vintage)
			for _, warning := range rep.Warnings {
				logger(c).Warn(warning)
			}
			fmt.Fprintln(w)
			codes, _ := engine.Strings(rec, "group_code")
			names, _ := engine.Strings(rec, "group_name")
			avg, _ := engine.Floats(rec, "average_rank")
			rar, _ := engine.Ints(rec, "rank_of_average_rank")
			ext, _ := engine.Floats(rec, "extent")
			p10, _ := engine.Floats(rec, "proportion_most_deprived_10pct")
			order := make([]int, len(codes))
			for i := range order {
				order[i] = i
			}
			sortBy(order, func(i int) int64 { return rar[i] })
			tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "rank of avg rank\tgroup\tname\taverage rank\tmost deprived 10%\textent")
			for k := 0; k < 10 && k < len(order); k++ {
				i := order[k]
				fmt.Fprintf(tw, "%d\t%s\t%s\t%.1f\t%.1f%%\t%.1f%%\n", rar[i], codes[i], names[i], avg[i], 100*p10[i], 100*ext[i])
			}
			tw.Flush()
			fmt.Fprintln(w)
			for _, f := range files {
				fmt.Fprintln(w, "wrote", f)
			}
			return nil
		},
	}
	c.Flags().StringVar(&path, "scenario", "", "scenario file (YAML)")
	c.Flags().StringVar(&by, "by", "", "grouping: ward, lad, a geography.groupings name, or a lookup column")
	c.Flags().StringVar(&out, "out", "", "output CSV file")
	c.Flags().StringVar(&apportion, "apportion", "bestfit", "small area -> ward: bestfit (the lookup) or population (geography.ward_shares)")
	return c
}

// sortBy sorts indices by an int64 key, ascending (stable).
func sortBy(idx []int, key func(int) int64) {
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(key(a), key(b)) })
}
