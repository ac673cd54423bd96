package result

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fixture has engine/uncertainty's column names, extra columns and a
// different order than RobustnessColumns.
func TestReadRobustnessFixture(t *testing.T) {
	r, err := ReadRobustness("testdata/robustness_small.csv")
	if err != nil {
		t.Fatal(err)
	}
	if r.Draws != 1000 || len(r.Areas) != 4 {
		t.Fatalf("draws %d, areas %d", r.Draws, len(r.Areas))
	}
	if got := r.Areas["E01005101"]; got != (RankInterval{Median: 59, P5: 47, P95: 71, PSelected: 0.31}) {
		t.Errorf("E01005101: %+v", got)
	}
	if err := r.Check("cost-of-living", []string{"E01005088", "E01005141", "E01005101", "E01005091", "E01005092"}); err != nil {
		t.Errorf("check: %v", err)
	}
	if err := r.Check("cost-of-living", []string{"E01005088"}); err == nil || !strings.Contains(err.Error(), "another scenario") {
		t.Errorf("areas of another scenario accepted: %v", err)
	}
}

// The settings come from the JSON that `targeting robustness` writes beside
// its CSV; a result for another scenario is refused.
func TestReadRobustnessSettings(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "cost-of-living_robustness.csv")
	os.WriteFile(p, []byte("area_code,median_rank,rank_p05,rank_p95,p_selected\nE01005088,2,1,7,1\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "cost-of-living_robustness.json"),
		[]byte(`{"scenario": "imd2019", "draws": 200, "varied": ["weights: Dirichlet around the scenario's"]}`), 0o644)
	r, err := ReadRobustness(p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Draws != 200 || len(r.Varied) != 1 || r.Scenario != "imd2019" {
		t.Errorf("settings %+v", r)
	}
	if err := r.Check("cost-of-living", []string{"E01005088"}); err == nil || !strings.Contains(err.Error(), `scenario "imd2019"`) {
		t.Errorf("result of another scenario accepted: %v", err)
	}
}

func TestReadRobustnessRejects(t *testing.T) {
	for _, tc := range []struct{ name, csv, want string }{
		{"missing column", "area_code,median_rank,rank_p05,p_selected\nE01,2,1,0.5\n", `missing column "rank_p95"`},
		{"not a number", "area_code,median_rank,rank_p05,rank_p95,p_selected\nE01,two,1,3,0.5\n", ":2: column median_rank"},
		{"interval out of order", "area_code,median_rank,rank_p05,rank_p95,p_selected\nE01,2,1,3,0.5\nE02,5,6,7,0.5\n", ":3: area E02"},
		{"share above one", "area_code,median_rank,rank_p05,rank_p95,p_selected\nE01,2,1,3,50\n", "p_selected 50"},
		{"duplicate", "area_code,median_rank,rank_p05,rank_p95,p_selected\nE01,2,1,3,0.5\nE01,2,1,3,0.5\n", "appears twice"},
		{"empty code", "area_code,median_rank,rank_p05,rank_p95,p_selected\n,2,1,3,0.5\n", "area_code is empty"},
		{"bad draws", "area_code,median_rank,rank_p05,rank_p95,p_selected,runs\nE01,2,1,3,0.5,many\n", "column draws"},
		{"no rows", "area_code,median_rank,rank_p05,rank_p95,p_selected\n", "no areas"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "r.csv")
			os.WriteFile(p, []byte(tc.csv), 0o644)
			_, err := ReadRobustness(p)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), p) {
				t.Errorf("error %v, want it to name the file and say %q", err, tc.want)
			}
		})
	}
}

// No file means "not run", not an error.
func TestFindRobustnessMissing(t *testing.T) {
	r, err := FindRobustness(RobustnessPath(t.TempDir(), "cost-of-living"))
	if r != nil || err != nil {
		t.Errorf("got %v, %v", r, err)
	}
}
