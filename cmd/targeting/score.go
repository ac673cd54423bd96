package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo/format"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/score"
)

func newScoreCmd(logger loggerFunc) *cobra.Command {
	var path, out string
	var formats []string
	var crsCode int
	c := &cobra.Command{
		Use:   "score --scenario FILE --out DIR",
		Short: "Score a scenario and write layers and tables",
		Long: `score computes, for every small area, each normalised indicator, the composite
score, rank (1 = most in need), decile and whether it is selected; and for
every ward the areas, population, mean score, areas selected and people
covered. By default it writes DIR/<name>.gpkg (layers areas and wards,
EPSG:27700, styled by decile), DIR/<name>_areas.csv and DIR/<name>_wards.csv;
--format chooses among:
` + formatHelp() + `
Always: DIR/<name>_fields.csv (data dictionary) and DIR/<name>_report.json
(inputs, conversions, warnings). Outputs are replaced only when every file
has been written.`,
		Example: `  targeting score --scenario examples/cost-of-living.yaml --out out
  targeting score --scenario examples/cost-of-living.yaml --out out --format gpkg,geoparquet,fgb,geojson,csv
  targeting score --scenario examples/cost-of-living.yaml --out out --format gpkg --crs 4326`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if path == "" || out == "" {
				return &usageError{"--scenario and --out are required"}
			}
			sc, err := scenario.Load(path)
			if err != nil {
				return err
			}
			if err := overrideOutputs(sc, formats, crsCode); err != nil {
				return err
			}
			res, err := score.Run(sc, score.Options{}, logger(c))
			if err != nil {
				return err
			}
			files, err := result.Write(res, out, sc.Outputs.Formats)
			if err != nil {
				return err
			}
			printSummary(c.OutOrStdout(), res, files)
			return nil
		},
	}
	c.Flags().StringVar(&path, "scenario", "", "scenario file (YAML)")
	c.Flags().StringVar(&out, "out", "", "output folder (created if missing)")
	c.Flags().StringSliceVar(&formats, "format", nil, "output formats, overriding the scenario's: "+strings.Join(format.Names(), ","))
	c.Flags().IntVar(&crsCode, "crs", 0, "CRS of gpkg/fgb/geoparquet layers: 27700 (default) or 4326; GeoJSON is always 4326")
	return c
}

// formatHelp lists the output formats, one a line.
func formatHelp() string {
	var b strings.Builder
	for _, f := range format.Formats {
		fmt.Fprintf(&b, "  %-24s %s\n", f.Name, f.Doc)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// overrideOutputs applies --format and --crs to the scenario and revalidates.
func overrideOutputs(sc *scenario.Scenario, formats []string, crsCode int) error {
	if len(formats) == 0 && crsCode == 0 {
		return nil
	}
	if len(formats) > 0 {
		sc.Outputs.Formats = formats
	}
	if crsCode != 0 {
		sc.Outputs.CRS = crsCode
	}
	if err := sc.Revalidate(); err != nil {
		return &usageError{err.Error()}
	}
	return nil
}

func printSummary(w io.Writer, res *result.Result, files []string) {
	r := res.Report
	fmt.Fprintf(w, "%s: %d areas in %d wards; selected %d (%s), covering %.0f people\n",
		r.Scenario, r.Areas, r.Wards, r.Selected, r.Selection, r.People)
	for _, o := range r.Outside {
		fmt.Fprintf(w, "source %s: %d rows for areas outside the scenario's (e.g. %s), not used\n", o.Source, o.Rows, strings.Join(o.Examples, ", "))
	}
	byIndicator := map[string][]string{}
	for _, m := range r.ImputedAreas {
		byIndicator[m.Indicator] = append(byIndicator[m.Indicator], m.Code)
	}
	for _, id := range slices.Sorted(maps.Keys(byIndicator)) {
		codes := byIndicator[id]
		fmt.Fprintf(w, "indicator %s: %d areas imputed (%s; e.g. %s); every value in the report's imputed_areas\n",
			id, len(codes), firstPolicy(r.ImputedAreas, id), strings.Join(codes[:min(5, len(codes))], ", "))
	}
	fmt.Fprintln(w)
	codes, _ := engine.Strings(res.Areas, result.ColAreaCode)
	names, _ := engine.Strings(res.Areas, result.ColAreaName)
	wards, _ := engine.Strings(res.Areas, result.ColWardName)
	score, _ := engine.Floats(res.Areas, engine.ColScore)
	rank := res.Areas.Column(res.Areas.Schema().FieldIndices(engine.ColRank)[0])
	order := make([]int, len(codes))
	for i := range codes {
		order[rank.(interface{ Value(int) int64 }).Value(i)-1] = i
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "rank\tarea\tname\tward\tscore")
	for k := 0; k < 10 && k < len(order); k++ {
		i := order[k]
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%.3f\n", k+1, codes[i], names[i], wards[i], score[i])
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, f := range files {
		fmt.Fprintln(w, "wrote", f)
	}
}

func firstPolicy(ms []engine.Imputation, id string) string {
	for _, m := range ms {
		if m.Indicator == id {
			return m.Policy
		}
	}
	return ""
}
