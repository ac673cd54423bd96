package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRobustnessCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 500 robustness draws over the national files; runs without -short")
	}
	args := []string{"robustness", "--scenario", fuelHeavy, "--draws", "200", "--seed", "3", "--drop-one", "--json"}
	a, stderr, code := run(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _, _ := run(t, args...)
	if a != b {
		t.Error("the same seed printed different results")
	}
	var v struct {
		Draws   int      `json:"draws"`
		Varied  []string `json:"varied"`
		Factors []struct {
			Name string  `json:"name"`
			ST   float64 `json:"st_rank_shift"`
		} `json:"factors"`
		Areas []struct {
			Rank, Median, P05, P95 int64
			PSelected              float64 `json:"p_selected"`
		} `json:"areas"`
	}
	if err := json.Unmarshal([]byte(a), &v); err != nil {
		t.Fatal(err)
	}
	if v.Draws != 200 || len(v.Varied) != 4 || len(v.Factors) != 7 || len(v.Areas) != 282 {
		t.Errorf("draws %d, varied %v, %d factors, %d areas", v.Draws, v.Varied, len(v.Factors), len(v.Areas))
	}
	dir := t.TempDir()
	out, stderr, code := run(t, "robustness", "--scenario", costOfLiving, "--draws", "100", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"100 draws", "sensitivity", "S1 Saltelli 2010", "uncertain"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, f := range []string{"cost-of-living_robustness.gpkg", "cost-of-living_robustness.csv", "cost-of-living_robustness.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if _, _, code := run(t, "robustness", "--scenario", costOfLiving, "--draws", "1"); code != exitConfig {
		t.Errorf("--draws 1: exit %d, want %d", code, exitConfig)
	}
}
