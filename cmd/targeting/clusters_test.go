package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestClustersCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("scores cost-of-living from the national files three times, with permutations; runs without -short")
	}
	dir := t.TempDir()
	out, stderr, code := run(t, "clusters", "--scenario", costOfLiving, "--out", dir, "--permutations", "199", "--fdr", "0.05")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"global Moran's I", "High-High", "Gi* hot spots", "wrote"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	csv, err := os.ReadFile(filepath.Join(dir, "cost-of-living_clusters.csv"))
	if err != nil {
		t.Fatal(err)
	}
	header := strings.SplitN(string(csv), "\n", 2)[0]
	for _, f := range []string{"lisa_cluster", "lisa_p", "gi_star_z", "lisa_code"} {
		if !strings.Contains(header, f) {
			t.Errorf("clusters.csv header lacks %s: %s", f, header)
		}
	}
	out, _, code = run(t, "clusters", "--scenario", costOfLiving, "--out", dir, "--contiguity", "rook", "--permutations", "0", "--json")
	var v struct {
		Summary struct {
			MoranI float64  `json:"moran_i"`
			PSim   *float64 `json:"moran_p_sim"`
			Links  int      `json:"links"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil || code != 0 {
		t.Fatalf("exit %d, %v: %s", code, err, out)
	}
	if v.Summary.MoranI < 0.3 || v.Summary.PSim != nil || v.Summary.Links == 0 {
		t.Errorf("rook summary %+v", v.Summary)
	}
	if _, _, code := run(t, "clusters", "--scenario", costOfLiving, "--out", dir, "--contiguity", "hex"); code != exitConfig {
		t.Errorf("--contiguity hex: exit %d", code)
	}
}
