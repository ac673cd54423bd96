package main

import (
	"encoding/json"
	"strings"
	"testing"
)

const (
	costOfLiving = "../../examples/cost-of-living.yaml"
	fuelHeavy    = "../../examples/cost-of-living-fuel-heavy.yaml"
)

func TestCompareCommand(t *testing.T) {
	out, stderr, code := run(t, "compare", "--scenario", costOfLiving, "--scenario", fuelHeavy)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"A = cost-of-living, B = cost-of-living-fuel-heavy: 282 areas in common", "Spearman rho", "Kendall tau-b", "entering the selection in B", "biggest rank moves"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, stderr, code = run(t, "compare", "--scenario", costOfLiving, "--scenario", fuelHeavy, "--json", "--top", "3")
	if code != 0 {
		t.Fatalf("--json: exit %d: %s", code, stderr)
	}
	var v struct {
		Entering []struct {
			RankB int64 `json:"rank_b"`
		} `json:"entering"`
		Leaving []struct {
			RankA int64 `json:"rank_a"`
		} `json:"leaving"`
		Moves []any   `json:"biggest_moves"`
		Rho   float64 `json:"spearman_rho"`
		Tau   float64 `json:"kendall_tau_b"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Entering) == 0 || len(v.Entering) != len(v.Leaving) || len(v.Moves) != 3 || v.Rho <= v.Tau || v.Rho >= 1 {
		t.Errorf("json: %+v", v)
	}
	for _, e := range v.Entering {
		if e.RankB > 57 {
			t.Errorf("an area entering B's top 57 has rank %d in B", e.RankB)
		}
	}
	if _, _, code := run(t, "compare", "--scenario", costOfLiving); code != exitConfig {
		t.Errorf("one scenario: exit %d, want %d", code, exitConfig)
	}
}
