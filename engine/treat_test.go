package engine

import (
	"math"
	"slices"
	"testing"
)

// COINr's rule on hand-checkable data. Skew (G1) and excess kurtosis (G2)
// below were computed independently with numpy 1.24 from the textbook
// formulas (Joanes & Gill 1998, type 2).
func TestTreatCOINrRule(t *testing.T) {
	coinr := Treatment{Skew: 2, Kurtosis: 3.5, MaxPoints: 5}
	// 1..9, 100: skew 3.119, kurtosis 9.799 -> winsorise 100 to 9; then
	// 1..9, 9: skew -0.151, kurtosis -1.357: done after one point.
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 100}
	out, steps, points, logged := Treat(x, coinr)
	if points != 1 || logged || out[9] != 9 || steps[9] != "winsorised (point 1)" || steps[8] != "" || !slices.Equal(out[:9], x[:9]) {
		t.Errorf("one outlier: %v %v points %d logged %v", out, steps, points, logged)
	}
	// 1..18, 100, 200: skew 3.422, kurtosis 12.04. Point 1: 200 -> 100,
	// skew 2.717, kurtosis 6.404, still outside; point 2: both 100s (tied
	// maximum, one point) -> 18, skew -0.112, kurtosis -1.306.
	y := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 100, 200}
	out, steps, points, logged = Treat(y, coinr)
	if points != 2 || logged || out[18] != 18 || out[19] != 18 || steps[19] != "winsorised (point 2)" {
		t.Errorf("two outliers: %v %v points %d logged %v", out, steps, points, logged)
	}
	// With max_points 1 the first point is not enough: the original values
	// are log-transformed, ln(x - 1 + 1) = ln x.
	out, steps, points, logged = Treat(y, Treatment{Skew: 2, Kurtosis: 3.5, MaxPoints: 1})
	if !logged || points != 1 || math.Abs(out[19]-math.Log(200)) > 1e-15 || out[0] != 0 || steps[5] != "log" {
		t.Errorf("log fallback: %v points %d logged %v", out, points, logged)
	}
	// Negative skew mirrors: -ln(max - x + 1).
	neg := make([]float64, len(y))
	for i, v := range y {
		neg[i] = -v
	}
	out, _, _, logged = Treat(neg, Treatment{Skew: 2, Kurtosis: 3.5, MaxPoints: 0})
	if !logged || math.Abs(out[19]-(-math.Log(200))) > 1e-12 || out[0] != 0 {
		t.Errorf("negative skew log: %v", out)
	}
	// Within the limits: untouched.
	if out, _, points, logged := Treat([]float64{1, 2, 3, 4, 5}, coinr); points != 0 || logged || !slices.Equal(out, []float64{1, 2, 3, 4, 5}) {
		t.Errorf("symmetric: %v", out)
	}
}

// Score normalises the treated values, keeps the raw value in <id>_value
// and reports every treated value.
func TestScoreTreat(t *testing.T) {
	codes := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 100}
	in := input(t, codes, make([]string, 10), map[string][]float64{"x": x})
	m := Model{Indicators: []Indicator{{ID: "x", Norm: Normalisation{Method: MinMax}, Weight: 1,
		Treat: &Treatment{Skew: 2, Kurtosis: 3.5, MaxPoints: 5}}}}
	res, err := Score(in.Record, m)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := Floats(res.Record, "x_value")
	norm, _ := Floats(res.Record, "x_norm")
	if raw[9] != 100 || norm[9] != 100 || norm[8] != 100 || math.Abs(norm[4]-50) > 1e-12 {
		t.Errorf("raw %v norm %v", raw, norm)
	}
	want := []Treated{{Indicator: "x", Code: "j", Raw: 100, Treated: 9, Step: "winsorised (point 1)"}}
	if !slices.Equal(res.Report.Treated, want) {
		t.Errorf("treated %+v, want %+v", res.Report.Treated, want)
	}
}
