package analysis

import (
	"math"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/score"
)

// TestRobustnessManchester: on the shipped data the scenario's ranks are
// the scored ranks, a seed reproduces the result, and every varied step of
// the fuel-heavy scenario's robustness block is reported.
func TestRobustnessManchester(t *testing.T) {
	res := scored(t, fuelHeavy)
	opt := RobustnessOptions{Draws: 200, Seed: 42, DropOne: true}
	a, err := RunRobustness(res, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := RunRobustness(res, RobustnessOptions{Draws: 200, Seed: 42, DropOne: true, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Result, b.Result) {
		t.Fatal("the same seed gave different results")
	}
	tb := table{rec: res.Areas}
	rank, sel := tb.ints("rank"), tb.bools("selected")
	for i, ar := range a.Areas {
		if ar.Rank != rank[i] || ar.Selected != sel[i] {
			t.Fatalf("area %s: rank %d selected %v, scored %d %v", ar.Code, ar.Rank, ar.Selected, rank[i], sel[i])
		}
	}
	if len(a.Varied) != 4 { // weights, normalisation, aggregation, drop-one
		t.Errorf("varied: %v", a.Varied)
	}
	kinds := map[string]int{}
	for _, f := range a.Factors {
		kinds[f.Kind]++
		if math.IsNaN(f.S1) || math.IsNaN(f.ST) {
			t.Errorf("factor %s: NaN index", f.Name)
		}
	}
	if kinds["weight"] != 4 || kinds["normalisation"] != 1 || kinds["aggregation"] != 1 || kinds["drop_one"] != 1 {
		t.Errorf("factors by kind: %v", kinds)
	}
	if a.Uncertain == 0 {
		t.Error("with normalisation, aggregation and drop-one varied, some selections should be uncertain")
	}
	files, err := WriteRobustness(res, a, t.TempDir())
	if err != nil || len(files) != 4 { // gpkg, csv (the scenario's formats), fields, json
		t.Errorf("wrote %v, %v", files, err)
	}
}

// TestRobustnessShrinksWithConcentration is the property test on
// the Manchester data: with only the weights varied, the mean 5-95% rank
// interval narrows as the Dirichlet concentration grows.
func TestRobustnessShrinksWithConcentration(t *testing.T) {
	res := scored(t, costOfLiving)
	prev := math.Inf(1)
	for _, c := range []float64{5, 50, 500, 5000} {
		r, err := RunRobustness(res, RobustnessOptions{Draws: 300, Seed: 9, Concentration: c})
		if err != nil {
			t.Fatal(err)
		}
		w := 0.0
		for _, a := range r.Areas {
			w += float64(a.P95 - a.P05)
		}
		w /= float64(len(r.Areas))
		t.Logf("concentration %5g: mean interval %.2f ranks, %d uncertain", c, w, r.Uncertain)
		if w >= prev {
			t.Fatalf("concentration %g: interval %.2f did not shrink from %.2f", c, w, prev)
		}
		prev = w
	}
}

// TestRobustnessFailsLoudly: an alternative that cannot apply is an error,
// never a skipped draw.
func TestRobustnessFailsLoudly(t *testing.T) {
	res := scoreEdited(t, costOfLiving, "outputs:\n", "robustness:\n  alternatives:\n    normalisations: [zscore]\n    aggregations: [geometric]\noutputs:\n")
	if _, err := RunRobustness(res, RobustnessOptions{Draws: 10, Seed: 1}); err == nil {
		t.Error("zscore (negative values) with geometric aggregation should fail")
	}
	for _, bad := range []string{
		"robustness:\n  alternatives:\n    normalisations: [distance]\n",
		"robustness:\n  alternatives:\n    normalisations: [percentile]\n",
		"robustness:\n  alternatives:\n    aggregations: [arithmetic]\n",
		"robustness:\n  alternatives:\n    normalisations: [softmax]\n",
		"robustness:\n  concentration: -1\n",
	} {
		_, err := scenario.Parse(costOfLiving, []byte(mustRead(t, costOfLiving)+bad))
		if err == nil {
			t.Errorf("scenario with %q should not validate", bad)
		}
	}
}

// BenchmarkRobustnessNational is the target: 1,000 draws over all
// 32,844 LSOAs of examples/imd2019.yaml (7 exponentially transformed
// domains), under 5 s on the 2-core machine. Scoring is outside the timer.
func BenchmarkRobustnessNational(b *testing.B) {
	sc, err := scenario.Load(filepath.Join("..", "..", "examples", "imd2019.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	res, err := score.Run(sc, score.Options{}, quiet)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r, err := RunRobustness(res, RobustnessOptions{Draws: 1000, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(r.Runs), "runs/op")
	}
}
