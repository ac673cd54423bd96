package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// validate reads every file and reports every data problem at once (exit
// 1), and warns about sources nothing uses.
func TestValidateReportsEveryProblem(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the Manchester example's national files twice; runs without -short")
	}
	b, err := os.ReadFile("../../examples/cost-of-living.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := filepath.Abs("../../data")
	td, _ := filepath.Abs("../../testdata")
	text := strings.NewReplacer("../data/", data+"/", "../testdata/", td+"/").Replace(string(b))
	good := filepath.Join(t.TempDir(), "good.yaml")
	os.WriteFile(good, []byte(strings.Replace(text, "\nsources:\n", "\nsources:\n  spare:\n    file: "+data+"/iod2019/iod2019_lsoa11_england.csv.gz\n    code: LSOA code (2011)\n    vintage: lsoa11\n", 1)), 0o644)
	stdout, stderr, code := run(t, "validate", "--scenario", good)
	if code != 0 || !strings.Contains(stdout, "282 areas read and scored") || !strings.Contains(stderr, "source spare is not used") {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	bad := strings.Replace(text, `value: Proportion of households fuel poor (%)`, `value: Fuel poor share`, 1)
	bad = strings.Replace(bad, `numerator: ["2", "3", "4"]`, `numerator: ["2", "3", "5"]`, 1)
	path := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(path, []byte(bad), 0o644)
	_, stderr, code = run(t, "validate", "--scenario", path)
	if code != 1 || !strings.Contains(stderr, `"Fuel poor share"`) || !strings.Contains(stderr, `"5"`) {
		t.Errorf("exit %d, want 1 and both problems named:\n%s", code, stderr)
	}
}
