package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `targeting notebook` writes the notebook and its data files and lists them.
func TestNotebookCommand(t *testing.T) {
	dir := t.TempDir()
	stdout, stderr, code := run(t, "notebook", "--scenario", "../../examples/cost-of-living.yaml", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"cost-of-living.ipynb", "cost-of-living_areas.arrow", "cost-of-living_wards.parquet", "cost-of-living.gpkg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if !strings.Contains(stdout, filepath.Join(dir, f)) {
			t.Errorf("stdout does not list %s:\n%s", f, stdout)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "cost-of-living.ipynb"))
	if !strings.Contains(string(b), `\"robustness\": None`) {
		t.Error("notebook expects a robustness result that was not given")
	}
}

// A robustness result next to the outputs is picked up; a bad one named
// with --robustness is a data error (exit 1); missing flags are usage
// errors (exit 2).
func TestNotebookCommandRobustness(t *testing.T) {
	dir := t.TempDir()
	csv := "area_code,median_rank,rank_p05,rank_p95,p_selected\nE01005088,2,1,7,1\n"
	os.WriteFile(filepath.Join(dir, "cost-of-living_robustness.csv"), []byte(csv), 0o644)
	if _, stderr, code := run(t, "notebook", "--scenario", "../../examples/cost-of-living.yaml", "--out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "cost-of-living.ipynb"))
	if !strings.Contains(string(b), `\"robustness\": \"cost-of-living_robustness.csv\"`) {
		t.Error("robustness result beside the outputs not used")
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("area_code,median_rank\nE01005088,2\n"), 0o644)
	if _, stderr, code := run(t, "notebook", "--scenario", "../../examples/cost-of-living.yaml", "--out", dir, "--robustness", bad); code != exitData || !strings.Contains(stderr, "bad.csv") {
		t.Errorf("bad robustness file: exit %d, %s", code, stderr)
	}
	if _, _, code := run(t, "notebook", "--out", dir); code != exitConfig {
		t.Errorf("missing --scenario: exit %d", code)
	}
}

func TestNotebookCommandHelpHasExample(t *testing.T) {
	stdout, _, _ := run(t, "notebook", "--help")
	if !strings.Contains(stdout, "targeting notebook --scenario examples/cost-of-living.yaml --out out") {
		t.Errorf("help has no example:\n%s", stdout)
	}
}
