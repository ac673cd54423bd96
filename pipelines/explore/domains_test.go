package explore

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/score"
)

// A scenario with domains and no selection key: domain weights are edited
// in place, the rule is appended, and the file scores to the page's ranks.
func TestDomainsAndAppendedRule(t *testing.T) {
	if testing.Short() {
		t.Skip("loads and scores a Manchester scenario three times; skipped with -short")
	}
	text, err := os.ReadFile(manchester)
	if err != nil {
		t.Fatal(err)
	}
	y := string(text)
	// income and employment form an "iod" domain; no selection rule.
	y = strings.Replace(y, "    normalise: {method: percentile}\n    weight: 0.30\n", "    normalise: {method: percentile}\n    weight: 0.6\n    domain: iod\n", 1)
	y = strings.Replace(y, "    normalise: {method: percentile}\n    weight: 0.25\n", "    normalise: {method: percentile}\n    weight: 0.4\n    domain: iod\n", 1)
	y = strings.Replace(y, "aggregation: arithmetic\nselection:\n  top_percent: 20\n",
		"aggregation: arithmetic\ndomains:\n  - id: iod\n    label: IoD 2019 income and employment\n    weight: 0.55   # the two IoD domains together\n", 1)
	if !strings.Contains(y, "domain: iod") || strings.Contains(y, "top_percent: 20") {
		t.Fatal("the test's edits of the example no longer apply")
	}
	path := filepath.Join(filepath.Dir(manchester), ".explore-domains-test.yaml")
	if err := os.WriteFile(path, []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(path) })
	sc, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(sc, Options{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var m struct {
		Domains   []control
		Selection selectionMeta
	}
	json.Unmarshal(s.meta, &m)
	if len(m.Domains) != 1 || m.Domains[0].Weight != 0.55 || !m.Selection.Custom {
		t.Fatalf("meta: domains %+v, selection %+v", m.Domains, m.Selection)
	}

	req, err := DecodeRequest(strings.NewReader(`{"domain_weights": {"iod": 0.2}, "weights": {"income": 0.9}, "selection": {"top_n": 25}}`))
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Recompute(req)
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := s.ScenarioYAML(r.sc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"    weight: 0.2   # the two IoD domains together\n", "    weight: 0.9\n    domain: iod\n", "\nselection:\n  top_n: 25\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("edited scenario lacks %q", want)
		}
	}
	back, err := scenario.Parse(path, out)
	if err != nil {
		t.Fatal(err)
	}
	res, err := score.Run(back, score.Options{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	want := resultByCode(t, res)
	sel := 0
	for i, c := range s.codes {
		if want[c].rank != r.rank[i] || want[c].selected != r.selected[i] {
			t.Fatalf("%s: page rank %d, run of the edited file %d", c, r.rank[i], want[c].rank)
		}
		if r.selected[i] {
			sel++
		}
	}
	if sel != 25 {
		t.Errorf("%d selected, want 25", sel)
	}
	// Normalising: the composite's inputs and the domain's indicators each sum to 1.
	req.Normalise = true
	c, err := s.Apply(req)
	if err != nil {
		t.Fatal(err)
	}
	top, dom := *c.Domains[0].Weight, 0.0
	for _, ind := range c.Indicators {
		if ind.Domain == "" {
			top += *ind.Weight
		} else {
			dom += *ind.Weight
		}
	}
	if d := top - 1; d > 1e-12 || d < -1e-12 || dom-1 > 1e-12 || dom-1 < -1e-12 {
		t.Errorf("normalised sums: composite %g, domain %g", top, dom)
	}
}
