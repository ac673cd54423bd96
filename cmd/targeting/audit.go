package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/engine/audit"
	"github.com/manchester-insight/targeting/pipelines/analysis"
)

func newAuditCmd(logger loggerFunc) *cobra.Command {
	var (
		path, out string
		asJSON    bool
	)
	c := &cobra.Command{
		Use:   "audit --scenario FILE [--out DIR]",
		Short: "Audit the indicators: statistics, correlations, Cronbach's alpha, principal components",
		Long: `audit scores the scenario and looks at its indicators the way the JRC/OECD
Handbook on Constructing Composite Indicators asks before weighting (steps 3
and 4; COINr's get_stats, get_corr, get_cronbach, get_PCA). It prints first
what to look at: indicators that correlate negatively (r < -0.1) with the rest
of their domain ("check direction": normalised values all point higher = more need,
so this usually means a wrong direction), pairs of indicators with |r| > 0.9
("redundant"), indicators almost uncorrelated with their domain score
(|r| < 0.2), and skewed indicators (COINr's rule: |skew| > 2 and kurtosis
> 3.5). Then per indicator n, missing, min, median, max, mean, sd, skew
(G1) and excess kurtosis (G2) of the raw values (imputed values left out)
and the values beyond Q1/Q3 -/+ 1.5 IQR; each indicator's correlation with
the composite; Cronbach's alpha per domain and for the index; and the
principal components of the standardised normalised indicators.
With --out it writes DIR/<name>_audit_indicators.csv, _audit_pearson.csv,
_audit_spearman.csv (indicators, domain scores and the composite),
_audit_pca.csv and _audit.json.`,
		Example: `  targeting audit --scenario examples/cost-of-living.yaml
  targeting audit --scenario examples/cost-of-living.yaml --out out
  targeting audit --scenario examples/imd2019.yaml --json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if path == "" {
				return &usageError{"--scenario is required"}
			}
			res, err := analysis.ScoreFile(path, c.ErrOrStderr(), logger(c))
			if err != nil {
				return err
			}
			a, err := analysis.ScenarioAudit(res)
			if err != nil {
				return err
			}
			var files []string
			if out != "" {
				if files, err = analysis.WriteAudit(res, a, out); err != nil {
					return err
				}
			}
			if asJSON {
				enc := json.NewEncoder(c.OutOrStdout())
				enc.SetIndent("", "  ")
				v := a.JSON()
				v["files"] = files
				return enc.Encode(v)
			}
			printAudit(c.OutOrStdout(), a)
			if len(files) > 0 {
				fmt.Fprintln(c.OutOrStdout())
			}
			for _, f := range files {
				fmt.Fprintln(c.OutOrStdout(), "wrote", f)
			}
			return nil
		},
	}
	c.Flags().StringVar(&path, "scenario", "", "scenario file (YAML)")
	c.Flags().StringVar(&out, "out", "", "output folder for the CSV and JSON files (none: print only)")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return c
}

func printAudit(w io.Writer, a *analysis.Audit) {
	fmt.Fprintf(w, "%s: audit of %d indicators over %d areas", a.Scenario, len(a.Indicators), a.Areas)
	if a.Dropped > 0 {
		fmt.Fprintf(w, " (%d dropped for missing values)", a.Dropped)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "\nWhat to look at:")
	if len(a.Flags) == 0 {
		fmt.Fprintln(w, "  nothing flagged (direction, redundancy, correlation with the domain, outliers)")
	}
	for _, f := range a.Flags {
		fmt.Fprintf(w, "  ! %s: %s\n", f.Kind, f.Message)
	}

	fmt.Fprintln(w, "\nIndicators (raw values; imputed values counted as missing):")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "indicator\tdomain\tn\tmissing\tmin\tmedian\tmax\tmean\tsd\tskew\tkurtosis\toutside IQR fences\tr with score\t")
	scoreCol := len(a.Variables) - 1
	for k, ind := range a.Indicators {
		s := ind.Raw
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t\n", ind.ID, ind.Domain, s.N, s.Missing,
			g4(s.Min), g4(s.Median), g4(s.Max), g4(s.Mean), g4(s.SD), f2(s.Skew), f2(s.Kurtosis), s.Low+s.High, f2(a.Pearson[k][scoreCol]))
	}
	tw.Flush()

	if len(a.Alphas) > 0 {
		fmt.Fprintln(w, "\nCronbach's alpha (normalised values; >= 0.7 is the usual bar for one latent dimension):")
		for _, al := range a.Alphas {
			fmt.Fprintf(w, "  %s (%d items): %s\n", al.Group, len(al.Items), f2(al.Alpha))
		}
	}
	if p := a.PCA; p != nil {
		var ex []string
		for c, e := range p.Explained {
			ex = append(ex, fmt.Sprintf("PC%d %.1f%%", c+1, 100*e))
		}
		fmt.Fprintf(w, "\nPrincipal components (standardised normalised indicators): %s\n", strings.Join(ex, ", "))
		var ld []string
		for j, l := range p.Loadings {
			ld = append(ld, fmt.Sprintf("%s %.2f", a.Indicators[j].ID, l[0]))
		}
		fmt.Fprintf(w, "  PC1 loadings: %s\n", strings.Join(ld, ", "))
	} else if a.PCAError != "" {
		fmt.Fprintf(w, "\nPrincipal components: %s\n", a.PCAError)
	}
	fmt.Fprintf(w, "\nskew G1 and excess kurtosis G2 (e1071 type 2); outlier flag |skew| > %g and kurtosis > %g (COINr); correlations Pearson on normalised values\n",
		audit.SkewLimit, audit.KurtosisLimit)
}

func g4(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.4g", v)
}

func f2(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.2f", v)
}
