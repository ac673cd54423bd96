package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/internal/progress"
	"github.com/manchester-insight/targeting/pipelines/analysis"
)

func newClustersCmd(logger loggerFunc) *cobra.Command {
	var (
		path, out, contig, variable string
		perms                       int
		seed                        uint64
		fdr, alpha, tol             float64
		asJSON                      bool
	)
	c := &cobra.Command{
		Use:   "clusters --scenario FILE --out DIR",
		Short: "Find spatial clusters of need (Moran's I, LISA, Getis-Ord Gi*)",
		Long: `clusters scores the scenario and asks whether need clusters in space. From
the area polygons it builds queen (shared edge or corner) or rook (shared
edge) contiguity, with a --tolerance in metres for generalised boundaries,
row-standardised. It reports global Moran's I with its randomisation test
and a --permutations pseudo p-value, and per area the local Moran's I (LISA)
with conditional-permutation pseudo p-values and High-High / Low-Low /
High-Low / Low-High labels, and Getis-Ord Gi* hot and cold spots. --fdr q
applies the Benjamini-Hochberg false discovery rate to both instead of
testing each area at --alpha. It writes DIR/<name>_clusters.gpkg (styled by
LISA cluster, as GeoDa colours it) and .csv with the fields lisa_i, lisa_z,
lisa_p, lisa_quadrant, lisa_cluster, lisa_code, gi_star_z, gi_star_p,
gi_star_class and neighbours added to the areas, plus _fields.csv and .json.`,
		Example: `  targeting clusters --scenario examples/cost-of-living.yaml --out out
  targeting clusters --scenario examples/cost-of-living.yaml --out out --contiguity rook --permutations 9999 --fdr 0.05
  targeting clusters --scenario examples/cost-of-living.yaml --out out --variable fuel_poverty_value --json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if path == "" || out == "" {
				return &usageError{"--scenario and --out are required"}
			}
			if contig != "queen" && contig != "rook" {
				return &usageError{fmt.Sprintf("--contiguity %q must be queen or rook", contig)}
			}
			if perms < 0 || tol < 0 || fdr < 0 || fdr >= 1 || alpha <= 0 || alpha >= 1 {
				return &usageError{"--permutations and --tolerance must not be negative; --alpha and --fdr must be in (0, 1)"}
			}
			log := logger(c)
			res, err := analysis.ScoreFile(path, c.ErrOrStderr(), log)
			if err != nil {
				return err
			}
			var cl *analysis.Clusters
			err = progress.Stage(c.ErrOrStderr(), "clusters", func() error {
				var err error
				cl, err = analysis.ScenarioClusters(res, analysis.ClusterOptions{Variable: variable, Contiguity: contig,
					Tolerance: tol, Permutations: perms, Seed: seed, Alpha: alpha, FDR: fdr})
				return err
			})
			if err != nil {
				return &usageError{err.Error()}
			}
			files, err := analysis.WriteClusters(res, cl, out)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(c.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"scenario": res.Scenario.Name, "summary": cl.Summary(), "files": files})
			}
			printClusters(c.OutOrStdout(), res.Scenario.Name, cl)
			fmt.Fprintln(c.OutOrStdout())
			for _, f := range files {
				fmt.Fprintln(c.OutOrStdout(), "wrote", f)
			}
			return nil
		},
	}
	c.Flags().StringVar(&path, "scenario", "", "scenario file (YAML) with area boundaries")
	c.Flags().StringVar(&out, "out", "", "output folder (created if missing)")
	c.Flags().StringVar(&variable, "variable", "score", "numeric field of the areas table to test (e.g. score, fuel_poverty_value)")
	c.Flags().StringVar(&contig, "contiguity", "queen", "queen (shared edge or corner) or rook (shared edge)")
	c.Flags().Float64Var(&tol, "tolerance", 0.5, "metres within which boundary vertices count as one (generalised boundaries)")
	c.Flags().IntVar(&perms, "permutations", 999, "permutations for pseudo p-values (0: analytic p-values only)")
	c.Flags().Uint64Var(&seed, "seed", 1, "random seed of the permutations")
	c.Flags().Float64Var(&alpha, "alpha", 0.05, "significance level of each local test")
	c.Flags().Float64Var(&fdr, "fdr", 0, "false discovery rate q (e.g. 0.05): Benjamini-Hochberg instead of --alpha per area")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return c
}

func printClusters(w io.Writer, name string, c *analysis.Clusters) {
	s := c.Summary()
	fmt.Fprintf(w, "%s: %s of %d areas, %s contiguity (tolerance %g m): %d links, %d islands\n\n",
		name, s.Variable, s.Areas, s.Contiguity, s.Tolerance, s.Links, s.Islands)
	fmt.Fprintf(w, "global Moran's I %.4f (expected %.4f under no autocorrelation), z %.2f, p %.3g (randomisation, two-sided)",
		s.MoranI, s.ExpectedI, s.ZI, s.PI)
	if s.PSim != nil {
		fmt.Fprintf(w, "; pseudo p %.3g from %d permutations", *s.PSim, s.Permutations)
	}
	fmt.Fprintln(w)
	test := fmt.Sprintf("p <= %g", s.Alpha)
	if s.FDR > 0 {
		test = fmt.Sprintf("FDR q = %g (LISA p <= %.3g, Gi* p <= %.3g)", s.FDR, s.LisaCut, s.GiCut)
	}
	fmt.Fprintf(w, "local tests at %s:\n\n", test)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "LISA cluster\tareas\t")
	for _, l := range []string{"High-High", "Low-Low", "High-Low", "Low-High", "Not significant"} {
		fmt.Fprintf(tw, "%s\t%d\t\n", l, s.Clusters[l])
	}
	fmt.Fprintf(tw, "Gi* hot spots\t%d\t\nGi* cold spots\t%d\t\n", s.HotSpots, s.ColdSpots)
	tw.Flush()
}
