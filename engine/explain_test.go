package engine

import (
	"math"
	"testing"
)

func TestExplain(t *testing.T) {
	codes := []string{"a", "b", "c", "d", "e"}
	x := []float64{1, 2, 3, 4, 5}
	y := []float64{5, 1, 1, 1, 1}
	in := input(t, codes, codes, map[string][]float64{"x": x, "y": y})
	m := Model{
		Indicators: []Indicator{
			{ID: "x", Norm: Normalisation{Method: None}, Weight: 0.5},
			{ID: "y", Norm: Normalisation{Method: None}, Weight: 0.5},
		},
		Selection: &Rule{TopN: 2},
	}
	res, err := Score(in.Record, m)
	if err != nil {
		t.Fatal(err)
	}
	// scores: a 3, b 1.5, c 2, d 2.5, e 3 -> ranks a 1, e 2 (code order), d 3, c 4, b 5.
	e, err := res.Explain("d")
	if err != nil {
		t.Fatal(err)
	}
	if e.Rank != 3 || e.Selected || e.Score != 2.5 {
		t.Fatalf("d: %+v", e)
	}
	var sum float64
	for _, p := range e.Parts {
		sum += p.Contribution
	}
	if math.Abs(sum-e.Score) > 1e-12 {
		t.Errorf("contributions sum to %g, score %g", sum, e.Score)
	}
	l := e.Selection[0]
	if l.Met || l.Threshold != 3 || l.Gap != 0.5 {
		t.Errorf("d's selection status %+v, want not met, threshold 3, gap 0.5", l)
	}
	if n := *e.Parts[0].Needed; n != 1 { // 0.5 gap / weight 0.5
		t.Errorf("needed change in x %g, want 1", n)
	}
	e, _ = res.Explain("a")
	if l := e.Selection[0]; !l.Met || l.Threshold != 2.5 || l.Gap != -0.5 {
		t.Errorf("a's selection status %+v, want met, threshold 2.5 (first unselected), gap -0.5", l)
	}
	if _, err := res.Explain("zz"); err == nil {
		t.Error("unknown area: no error")
	}
}

func TestDomainsAndRankWithin(t *testing.T) {
	codes := []string{"a", "b", "c", "d"}
	groups := []string{"g1", "g1", "g2", "g2"}
	in := input(t, codes, codes, map[string][]float64{"p": {1, 2, 3, 4}, "q": {4, 3, 2, 1}, "r": {1, 1, 1, 2}})
	rec := in.Record
	// add rank groups
	names := []string{ColCode, ColRankGroup, "p", "q", "r"}
	p, _ := Floats(rec, "p")
	q, _ := Floats(rec, "q")
	r, _ := Floats(rec, "r")
	rec2, _ := NewRecord(names, []any{codes, groups, p, q, r})
	m := Model{
		Domains: []Domain{{ID: "d1", Weight: 0.6, Aggregation: Arithmetic}},
		Indicators: []Indicator{
			{ID: "p", Norm: Normalisation{Method: None}, Weight: 0.5, Domain: "d1"},
			{ID: "q", Norm: Normalisation{Method: None}, Weight: 0.5, Domain: "d1"},
			{ID: "r", Norm: Normalisation{Method: None}, Weight: 0.4},
		},
		Selection: &Rule{TopN: 1},
	}
	res, err := Score(rec2, m)
	if err != nil {
		t.Fatal(err)
	}
	d1, _ := Floats(res.Record, "d1_score")
	for i, v := range d1 {
		if v != 2.5 {
			t.Errorf("d1_score[%d] = %g, want 2.5", i, v)
		}
	}
	// score = 0.6*2.5 + 0.4*r = 1.9, 1.9, 1.9, 2.3; within groups: a 1 (code), b 2; d 1, c 2.
	rank, _ := Ints(res.Record, "rank")
	if rank[0] != 1 || rank[1] != 2 || rank[2] != 2 || rank[3] != 1 {
		t.Errorf("ranks within groups %v, want [1 2 2 1]", rank)
	}
	if res.Report.Selected != 2 {
		t.Errorf("selected %d, want the top area of each group", res.Report.Selected)
	}
	e, _ := res.Explain("d")
	if e.Of != 2 || len(e.Parts) != 2 || len(e.Parts[1].Parts) != 2 {
		t.Errorf("explanation %+v", e)
	}
	// A domain without indicators is an error.
	m.Domains = append(m.Domains, Domain{ID: "empty", Weight: 0})
	if _, err := Score(rec2, m); err == nil {
		t.Error("empty domain: no error")
	}
}
