package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
	notebooksexport "github.com/manchester-insight/targeting/notebooks-export"
	"github.com/manchester-insight/targeting/pipelines/score"
)

const reportExample = `  # A one-file HTML briefing (open it in a browser, print it to PDF)
  targeting report --scenario examples/cost-of-living.yaml --out out/briefing.html

  # ... and the map as a PNG image to paste into slides or a paper
  targeting report --scenario examples/cost-of-living.yaml --out out/briefing.html --png out/map.png`

func newReportCmd(logger loggerFunc) *cobra.Command {
	var path, out, pngPath, robust string
	c := &cobra.Command{
		Use:   "report --scenario FILE --out report.html [--png map.png]",
		Short: "Write a self-contained HTML briefing (and a PNG map)",
		Long: `report scores a scenario and writes a briefing for managers and councillors
as one HTML file: the scenario, key figures, maps of small areas and wards
(decile colours, legend, ward names), the ward summaries, the selected
areas, rank intervals from a robustness run, how the score is built, data
sources with attribution, and provenance (every input's SHA-256, engine
version). It has no scripts and makes no requests (inline SVG and CSS), so it
can be emailed and opened offline; it prints to A4 PDF from any browser.

--png also draws the small-area map as a PNG image (pure Go, no browser
needed). Rank intervals come from --robustness FILE, or from
<name>_robustness.csv in the report's folder when it exists; otherwise the
report says the robustness run has not been done.`,
		Example: reportExample,
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if path == "" || out == "" {
				return &usageError{"--scenario and --out are required"}
			}
			sc, err := scenario.Load(path)
			if err != nil {
				return err
			}
			rob, err := loadRobustness(robust, result.RobustnessPath(filepath.Dir(out), sc.Slug()))
			if err != nil {
				return err
			}
			res, err := score.Run(sc, score.Options{}, logger(c))
			if err != nil {
				return err
			}
			opt := notebooksexport.Options{Robustness: rob}
			if err := notebooksexport.WriteReport(res, out, opt); err != nil {
				return err
			}
			fmt.Fprintln(c.OutOrStdout(), "wrote", out)
			if pngPath != "" {
				if err := notebooksexport.WriteMapPNG(res, pngPath, opt); err != nil {
					return err
				}
				fmt.Fprintln(c.OutOrStdout(), "wrote", pngPath)
			}
			return nil
		},
	}
	c.Flags().StringVar(&path, "scenario", "", "scenario file (YAML)")
	c.Flags().StringVar(&out, "out", "", "HTML file to write")
	c.Flags().StringVar(&pngPath, "png", "", "also write the map as a PNG image")
	c.Flags().StringVar(&robust, "robustness", "", "robustness result CSV (default: <name>_robustness.csv beside --out if present)")
	return c
}
