package analysis

import (
	"os"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/score"
)

// Outlier treatment and rate smoothing enter robustness as alternatives of
// the normalisation step: the scenario as scored, without its treatment,
// and with raw rates. The scenario's own ranks are still the scored ones.
func TestRobustnessUntreatedUnsmoothed(t *testing.T) {
	if testing.Short() {
		t.Skip("scores cost-of-living and runs 50 draws; runs without -short")
	}
	text, err := os.ReadFile(costOfLiving)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.NewReplacer("aggregation: arithmetic\n",
		"aggregation: arithmetic\ntreat: {winsorise: {skew: 1, kurtosis: -5, max_points: 3}}\nrobustness: {alternatives: {untreated: true, unsmoothed: true}}\n",
		"    scale: 100\n", "    scale: 100\n    smooth: {method: empirical_bayes}\n").Replace(string(text))
	sc, err := scenario.Parse(costOfLiving, []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	res, err := score.Run(sc, score.Options{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Report.Treated) == 0 || len(res.Report.Smoothed) != 1 {
		t.Fatalf("treated %d, smoothed %d", len(res.Report.Treated), len(res.Report.Smoothed))
	}
	r, err := RunRobustness(res, RobustnessOptions{Draws: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := "normalisation: scenario (percentile), scenario without outlier treatment, scenario with raw (unsmoothed) rates"
	found := false
	for _, v := range r.Varied {
		found = found || v == want
	}
	if !found {
		t.Errorf("varied %v, want %q", r.Varied, want)
	}
	tb := table{rec: res.Areas}
	rank := tb.ints("rank")
	for i, a := range r.Areas {
		if a.Rank != rank[i] {
			t.Fatalf("area %s: rank %d, scored %d", a.Code, a.Rank, rank[i])
		}
	}
	// Validation: an alternative with nothing to leave out is refused.
	if _, err := scenario.Parse(costOfLiving, []byte(strings.Replace(string(text), "aggregation: arithmetic\n",
		"aggregation: arithmetic\nrobustness: {alternatives: {untreated: true}}\n", 1))); err == nil || !strings.Contains(err.Error(), "treats no outliers") {
		t.Errorf("untreated without treat: %v", err)
	}
}
