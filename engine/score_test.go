package engine

import (
	"errors"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
)

type inputRec struct{ Record arrow.RecordBatch }

func input(t *testing.T, codes, groups []string, cols map[string][]float64) *inputRec {
	t.Helper()
	names := []string{ColCode, ColGroup}
	vals := []any{codes, groups}
	for _, k := range slices.Sorted(maps.Keys(cols)) {
		names = append(names, k)
		vals = append(vals, cols[k])
	}
	rec, err := NewRecord(names, vals)
	if err != nil {
		t.Fatal(err)
	}
	return &inputRec{rec}
}

func TestScoreRankDecileSelect(t *testing.T) {
	codes := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}
	groups := []string{"w1", "w1", "w1", "w2", "w2", "w2", "w2", "w3", "w3", "w3"}
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	y := []float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}
	in := input(t, codes, groups, map[string][]float64{"x": x, "y": y})
	m := Model{
		Indicators: []Indicator{
			{ID: "x", Direction: HigherIsWorse, Norm: Normalisation{Method: None}, Weight: 0.75},
			{ID: "y", Direction: HigherIsWorse, Norm: Normalisation{Method: None}, Weight: 0.25},
		},
		Selection: &Rule{TopPercent: 20},
	}
	res, err := Score(in.Record, m)
	if err != nil {
		t.Fatal(err)
	}
	score, _ := Floats(res.Record, "score")
	// score = 0.75x + 0.25y = 0.5x + 2.75 -> j highest.
	if math.Abs(score[9]-7.75) > 1e-12 {
		t.Errorf("score[j] = %g, want 7.75", score[9])
	}
	rank := int64s(res.Record, "rank")
	if rank[9] != 1 || rank[0] != 10 {
		t.Errorf("ranks = %v", rank)
	}
	dec := int64s(res.Record, "decile")
	if dec[9] != 1 || dec[0] != 10 {
		t.Errorf("deciles = %v", dec)
	}
	if res.Report.Selected != 2 {
		t.Errorf("selected %d, want 2 (20%% of 10)", res.Report.Selected)
	}
	if len(res.Report.Warnings) != 0 {
		t.Errorf("unexpected warnings %v", res.Report.Warnings)
	}
}

func int64s(rec arrow.RecordBatch, name string) []int64 {
	v, err := Ints(rec, name)
	if err != nil {
		panic(err)
	}
	return v
}

// Property: scaling all weights by a constant leaves arithmetic ranks unchanged.
func TestWeightScaleInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n := 300
	codes := make([]string, n)
	cols := map[string][]float64{"a": make([]float64, n), "b": make([]float64, n), "c": make([]float64, n)}
	for i := range codes {
		codes[i] = string(rune('A'+i%26)) + string(rune('A'+i/26))
		for _, v := range cols {
			v[i] = rng.NormFloat64()
		}
	}
	in := input(t, codes, codes, cols)
	model := func(k float64) Model {
		return Model{AllowWeightSum: true, Indicators: []Indicator{
			{ID: "a", Norm: Normalisation{Method: Percentile}, Weight: 0.5 * k},
			{ID: "b", Norm: Normalisation{Method: ZScore}, Weight: 0.3 * k},
			{ID: "c", Direction: HigherIsBetter, Norm: Normalisation{Method: MinMax}, Weight: 0.2 * k},
		}}
	}
	base, err := Score(in.Record, model(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []float64{0.001, 3, 1000} {
		res, err := Score(in.Record, model(k))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(int64s(res.Record, "rank"), int64s(base.Record, "rank")) {
			t.Fatalf("weights x%g changed the ranks", k)
		}
	}
}

func TestMissingPolicies(t *testing.T) {
	codes := []string{"a", "b", "c", "d"}
	groups := []string{"g1", "g1", "g2", "g2"}
	nan := math.NaN()
	x := []float64{1, nan, 3, 5}
	for _, tc := range []struct {
		policy  Missing
		wantB   float64 // imputed raw value for b; NaN = dropped
		wantErr bool
	}{
		{MissingError, 0, true},
		{MissingMedian, 3, false},
		{MissingGroupMedian, 1, false},
		{MissingDrop, nan, false},
	} {
		t.Run(string(tc.policy), func(t *testing.T) {
			in := input(t, codes, groups, map[string][]float64{"x": x})
			res, err := Score(in.Record, Model{Indicators: []Indicator{{ID: "x", Norm: Normalisation{Method: None}, Weight: 1, Missing: tc.policy}}})
			if tc.wantErr {
				var mv *MissingValuesError
				if !errors.As(err, &mv) || mv.Codes[0] != "b" {
					t.Fatalf("err = %v, want MissingValuesError naming b", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, _ := Strings(res.Record, "area_code")
			vals, _ := Floats(res.Record, "x_value")
			if math.IsNaN(tc.wantB) {
				if slices.Contains(got, "b") || len(res.Report.Dropped) != 1 {
					t.Fatalf("b not dropped: %v", got)
				}
				return
			}
			if vals[1] != tc.wantB || res.Report.Imputed["x"] != 1 {
				t.Fatalf("b = %g (imputed %d), want %g", vals[1], res.Report.Imputed["x"], tc.wantB)
			}
		})
	}
}

func TestWeightSumWarning(t *testing.T) {
	in := input(t, []string{"a", "b"}, []string{"g", "g"}, map[string][]float64{"x": {1, 2}})
	res, err := Score(in.Record, Model{Indicators: []Indicator{{ID: "x", Norm: Normalisation{Method: None}, Weight: 0.999}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Report.Warnings) != 1 {
		t.Errorf("want a weight-sum warning, got %v", res.Report.Warnings)
	}
}

func TestGeometricNeedsPositive(t *testing.T) {
	in := input(t, []string{"a", "b"}, []string{"g", "g"}, map[string][]float64{"x": {1, 2}})
	_, err := Score(in.Record, Model{Aggregation: Geometric, Indicators: []Indicator{{ID: "x", Norm: Normalisation{Method: MinMax}, Weight: 1}}})
	if err == nil {
		t.Fatal("geometric over a zero value: no error")
	}
}
