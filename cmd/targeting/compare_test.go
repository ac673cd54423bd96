package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	costOfLiving = "../../examples/cost-of-living.yaml"
	fuelHeavy    = "../../examples/cost-of-living-fuel-heavy.yaml"
)

func TestCompareCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("scores two scenarios from the national files, twice; runs without -short")
	}
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

// compare --out writes the comparison layer: one row per common area, with
// the entering and leaving areas coded as the terminal table lists them.
func TestCompareLayer(t *testing.T) {
	if testing.Short() {
		t.Skip("scores two scenarios from the national files and writes the comparison layer; runs without -short")
	}
	dir := t.TempDir()
	_, stderr, code := run(t, "compare", "--scenario", "../../examples/cost-of-living.yaml",
		"--scenario", "../../examples/cost-of-living-fuel-heavy.yaml", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := readCSV(t, filepath.Join(dir, "cost-of-living-fuel-heavy_comparison.csv"))
	if len(rows) != 283 || rows[0][len(rows[0])-1] != "selection_change" {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	var entering, leaving int
	for _, r := range rows[1:] {
		switch r[len(r)-1] {
		case "3":
			entering++
		case "2":
			leaving++
		}
	}
	if entering != 8 || leaving != 8 {
		t.Errorf("%d entering and %d leaving, want 8 and 8", entering, leaving)
	}
	if _, err := os.Stat(filepath.Join(dir, "cost-of-living-fuel-heavy_comparison.gpkg")); err != nil {
		t.Error(err)
	}
}
