package engine

import (
	"slices"
	"testing"
)

func TestPopulationBands(t *testing.T) {
	for _, c := range []struct {
		name   string
		rank   []int64
		groups []string
		pop    []float64
		k      int
		want   []int64
	}{
		// By hand: P = 1000; in rank order C = 100, 400, 600, 850, 1000;
		// 5 C / P = 0.5, 2, 3, 4.25, 5 -> 1, 2, 3, 5, 5 (band 4, 600-800
		// residents, holds no area's last resident: the 250 of rank 4
		// straddle it and go to band 5).
		{"quintiles", []int64{1, 2, 3, 4, 5}, nil, []float64{100, 300, 200, 250, 150}, 5, []int64{1, 2, 3, 5, 5}},
		// 10 C / P = 1, 4, 6, 8.5, 10.
		{"deciles", []int64{1, 2, 3, 4, 5}, nil, []float64{100, 300, 200, 250, 150}, 10, []int64{1, 4, 6, 9, 10}},
		// Rows in any order: bands follow ranks.
		{"unordered", []int64{5, 1, 4, 2, 3}, nil, []float64{150, 100, 250, 300, 200}, 5, []int64{5, 1, 5, 2, 3}},
		// Equal populations: the area-count band ceil(rank k / n), even
		// where k C / P is an inexact quotient (10 * 0.1 * 3 / 0.7...).
		{"equal", []int64{1, 2, 3, 4, 5, 6, 7}, nil, []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, 10, Band([]int64{1, 2, 3, 4, 5, 6, 7}, 7, 10)},
		// Groups: each has its own total (w1: 10, 30 of 40; w2: 5, 5).
		{"groups", []int64{1, 2, 1, 2}, []string{"w1", "w1", "w2", "w2"}, []float64{10, 30, 5, 5}, 4, []int64{1, 4, 2, 4}},
		// A zero-population area takes the band of the cumulative total so far.
		{"zero", []int64{1, 2, 3}, nil, []float64{0, 50, 50}, 2, []int64{1, 1, 2}},
	} {
		got, err := PopulationBands(c.rank, c.groups, c.pop, c.k)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: bands %v, want %v", c.name, got, c.want)
		}
	}
	if _, err := PopulationBands([]int64{1, 2}, nil, []float64{0, 0}, 10); err == nil {
		t.Error("no population: want an error")
	}
	if _, err := PopulationBands([]int64{1, 2}, nil, []float64{5, -1}, 10); err == nil {
		t.Error("negative population: want an error")
	}
}

// Score with Bands: population fills the decile, quintile and percentile
// columns and max_decile selection; Explain's threshold agrees.
func TestScorePopulationBands(t *testing.T) {
	codes := []string{"a", "b", "c", "d", "e"}
	x := []float64{5, 4, 3, 2, 1} // a most in need
	pop := []float64{100, 300, 200, 250, 150}
	in := input(t, codes, []string{"w", "w", "w", "w", "w"}, map[string][]float64{"x": x, ColPopulation: pop})
	m := Model{Indicators: []Indicator{{ID: "x", Norm: Normalisation{Method: None}, Weight: 1}},
		Selection: &Rule{MaxDecile: 4}, Bands: BandPopulation}
	res, err := Score(in.Record, m)
	if err != nil {
		t.Fatal(err)
	}
	if d := int64s(res.Record, "decile"); !slices.Equal(d, []int64{1, 4, 6, 9, 10}) {
		t.Errorf("deciles %v", d)
	}
	if q := int64s(res.Record, "quintile"); !slices.Equal(q, []int64{1, 2, 3, 5, 5}) {
		t.Errorf("quintiles %v", q)
	}
	sel, _ := Bools(res.Record, "selected")
	if !slices.Equal(sel, []bool{true, true, false, false, false}) {
		t.Errorf("selected %v, want a and b (deciles 1 and 4)", sel)
	}
	for i, code := range codes {
		e, err := res.Explain(code)
		if err != nil {
			t.Fatal(err)
		}
		if e.Selection[0].Met != sel[i] {
			t.Errorf("%s: explain says met %v, selected %v", code, e.Selection[0].Met, sel[i])
		}
	}
	// Without the key: area-count deciles, unchanged.
	m.Bands = ""
	res, err = Score(in.Record, m)
	if err != nil {
		t.Fatal(err)
	}
	if d := int64s(res.Record, "decile"); !slices.Equal(d, []int64{2, 4, 6, 8, 10}) {
		t.Errorf("area deciles %v", d)
	}
	m.Bands = BandPopulation
	noPop := input(t, codes, []string{"w", "w", "w", "w", "w"}, map[string][]float64{"x": x})
	if _, err := Score(noPop.Record, m); err == nil {
		t.Error("population bands without a population column: want an error")
	}
}
