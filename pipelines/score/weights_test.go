package score

import (
	"math"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/engine"
)

// weights: pca and the new aggregations run end to end on cost-of-living:
// the report states the PCA weights (summing to 1, the given weights
// ignored), and Copeland scores are wins minus losses over 281 rivals.
func TestDataDrivenWeightsAndAggregations(t *testing.T) {
	if testing.Short() {
		t.Skip("scores cost-of-living twice from the national files (~2-4 s); runs without -short")
	}
	sc, err := costOfLiving(t, func(s string) string {
		return strings.Replace(s, "aggregation: arithmetic\n", "aggregation: generalised\naggregation_p: 0.5\nweights: pca\n", 1)
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc, Options{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	pw := res.Report.PCAWeights
	if len(pw) != 1 || pw[0].Level != "index" || len(pw[0].Weights) != 5 || pw[0].Explained < 0.5 {
		t.Fatalf("pca weights %+v", pw)
	}
	var sum float64
	for _, w := range pw[0].Weights {
		sum += w
	}
	if math.Abs(sum-1) > 1e-12 || len(res.Report.Warnings) != 1 { // the SYNTHETIC warning only
		t.Errorf("weights sum %g, warnings %v", sum, res.Report.Warnings)
	}

	sc, err = costOfLiving(t, func(s string) string {
		return strings.Replace(s, "aggregation: arithmetic\n", "aggregation: copeland\n", 1)
	})
	if err != nil {
		t.Fatal(err)
	}
	if res, err = Run(sc, Options{}, quiet); err != nil {
		t.Fatal(err)
	}
	score, _ := engine.Floats(res.Areas, engine.ColScore)
	var total float64
	for _, s := range score {
		if s != math.Trunc(s) || math.Abs(s) > 281 {
			t.Fatalf("copeland score %g", s)
		}
		total += s
	}
	if total != 0 {
		t.Errorf("copeland scores sum to %g; wins and losses must cancel", total)
	}
}
