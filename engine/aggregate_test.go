package engine

import (
	"math"
	"testing"

	"github.com/manchester-insight/targeting/engine/audit"
)

func TestAggregations(t *testing.T) {
	codes := []string{"a", "b", "c"}
	items := []item{
		{id: "x", weight: 0.5, values: []float64{1, 4, 2}},
		{id: "y", weight: 0.25, values: []float64{4, 1, 2}},
		{id: "z", weight: 0.25, values: []float64{2, 2, 2}},
	}
	for _, c := range []struct {
		agg  Aggregation
		p    float64
		want []float64
	}{
		// Harmonic, by hand: a: 1 / (.5/1 + .25/4 + .25/2) = 1/0.6875;
		// b: 1 / (.5/4 + .25/1 + .25/2) = 1/0.5; c: 2.
		{Harmonic, 0, []float64{1 / 0.6875, 2, 2}},
		// Generalised p = 2: a: sqrt(.5 + .25*16 + .25*4) = sqrt(5.5);
		// b: sqrt(.5*16 + .25 + 1) = sqrt(9.25); c: 2.
		{Generalised, 2, []float64{math.Sqrt(5.5), math.Sqrt(9.25), 2}},
		// p = -1 is the harmonic mean; p = 1 the weighted mean
		// (a: .5 + 1 + .5 = 2; b: 2 + .25 + .5 = 2.75).
		{Generalised, -1, []float64{1 / 0.6875, 2, 2}},
		{Generalised, 1, []float64{2, 2.75, 2}},
		// p = 0 is the geometric mean: a: 1^.5 4^.25 2^.25 = 8^.25.
		{Generalised, 0, []float64{math.Pow(8, 0.25), math.Pow(32, 0.25), 2}},
		// Copeland, by hand (weights .5 .25 .25): a vs b: a higher on y
		// (.25), tie on z (.125): e_ab = .375 < .5, b beats a. a vs c: a
		// higher on y (.25) + tie z (.125) = .375: c beats a. b vs c: b
		// higher on x (.5) + tie z (.125) = .625: b beats c. Scores: a -2,
		// b +2, c 0.
		{Copeland, 0, []float64{-2, 2, 0}},
	} {
		got, err := combine(items, c.agg, c.p, codes)
		if err != nil {
			t.Fatalf("%s p=%g: %v", c.agg, c.p, err)
		}
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > 1e-12 {
				t.Errorf("%s p=%g: %v, want %v", c.agg, c.p, got, c.want)
				break
			}
		}
	}
	zero := []item{{id: "x", weight: 1, values: []float64{0, 1, 2}}}
	if _, err := combine(zero, Harmonic, 0, codes); err == nil {
		t.Error("harmonic of 0: want an error")
	}
	if _, err := combine(zero, Generalised, 2, codes); err != nil {
		t.Errorf("p = 2 with a 0: %v", err)
	}
}

// weights: pca sets each input's weight to its squared PC1 loading, the
// loadings being gonum's (engine/audit.PrincipalComponents), and reports
// them; the weights sum to 1.
func TestPCAWeights(t *testing.T) {
	codes := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	x := []float64{3, 4, 3, 5, 2, 4, 5, 1}
	y := []float64{2, 4, 3, 5, 3, 4, 4, 2}
	z := []float64{3, 5, 2, 4, 2, 5, 5, 1}
	in := input(t, codes, make([]string, 8), map[string][]float64{"x": x, "y": y, "z": z})
	m := Model{WeightsPCA: true, Indicators: []Indicator{
		{ID: "x", Norm: Normalisation{Method: None}, Weight: 1},
		{ID: "y", Norm: Normalisation{Method: None}, Weight: 1},
		{ID: "z", Norm: Normalisation{Method: None}, Weight: 1}}}
	res, err := Score(in.Record, m)
	if err != nil {
		t.Fatal(err)
	}
	p, err := audit.PrincipalComponents([][]float64{x, y, z})
	if err != nil {
		t.Fatal(err)
	}
	pw := res.Report.PCAWeights
	if len(pw) != 1 || pw[0].Level != "index" || math.Abs(pw[0].Explained-0.8844448778847518) > 1e-12 {
		t.Fatalf("report %+v", pw)
	}
	var sum float64
	score, _ := Floats(res.Record, "score")
	want := make([]float64, 8)
	for k, id := range []string{"x", "y", "z"} {
		l := p.Loadings[k][0]
		if math.Abs(pw[0].Weights[id]-l*l) > 1e-12 || res.Items[k].Weight != pw[0].Weights[id] {
			t.Errorf("%s: weight %g, item weight %g, want loading² %g", id, pw[0].Weights[id], res.Items[k].Weight, l*l)
		}
		sum += pw[0].Weights[id]
		for i, v := range [][]float64{x, y, z}[k] {
			want[i] += l * l * v
		}
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("weights sum to %g", sum)
	}
	for i := range want {
		if math.Abs(score[i]-want[i]) > 1e-12 {
			t.Errorf("score %v, want %v", score, want)
			break
		}
	}
	if len(res.Report.Warnings) > 0 {
		t.Errorf("unexpected warnings %v", res.Report.Warnings)
	}
}

// weights: pca in a domain weights the domain's indicators; explain shows
// the weights used.
func TestPCAWeightsInDomain(t *testing.T) {
	codes := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	cols := map[string][]float64{"x": {3, 4, 3, 5, 2, 4, 5, 1}, "y": {2, 4, 3, 5, 3, 4, 4, 2}, "z": {3, 5, 2, 4, 2, 5, 5, 1}, "u": {1, 2, 3, 4, 5, 6, 7, 8}}
	in := input(t, codes, make([]string, 8), cols)
	m := Model{
		Domains: []Domain{{ID: "d", Weight: 0.5, WeightsPCA: true}},
		Indicators: []Indicator{
			{ID: "x", Norm: Normalisation{Method: None}, Weight: 1, Domain: "d"},
			{ID: "y", Norm: Normalisation{Method: None}, Weight: 1, Domain: "d"},
			{ID: "z", Norm: Normalisation{Method: None}, Weight: 1, Domain: "d"},
			{ID: "u", Norm: Normalisation{Method: None}, Weight: 0.5}}}
	res, err := Score(in.Record, m)
	if err != nil {
		t.Fatal(err)
	}
	pw := res.Report.PCAWeights
	if len(pw) != 1 || pw[0].Level != "d" || len(pw[0].Weights) != 3 {
		t.Fatalf("report %+v", pw)
	}
	if m.Indicators[0].Weight != 1 {
		t.Error("Score changed the caller's model")
	}
	e, err := res.Explain("a")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range e.Parts {
		for _, q := range p.Parts {
			if q.Weight != pw[0].Weights[q.ID] {
				t.Errorf("explain: %s weight %g, PCA %g", q.ID, q.Weight, pw[0].Weights[q.ID])
			}
		}
	}
	d, _ := Floats(res.Record, "d_score")
	want := pw[0].Weights["x"]*3 + pw[0].Weights["y"]*2 + pw[0].Weights["z"]*3
	if math.Abs(d[0]-want) > 1e-12 {
		t.Errorf("domain score %g, want %g", d[0], want)
	}
}
