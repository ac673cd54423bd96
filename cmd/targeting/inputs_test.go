package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A scenario run reads each input file once, and every file it reads is
// opened by the input stage (pipelines/score.Load), which hashes it as it
// reads: traced with strace on the built binary, `score` opens each file
// under data/, testdata/ and examples/ exactly once, and opens no file
// that the scenario names but the run does not need (the groupings lookup).
func TestEachInputOpenedOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI and traces it with strace; runs without -short")
	}
	strace, err := exec.LookPath("strace")
	if err != nil {
		if os.Getenv("TARGETING_REQUIRE_STRACE") != "" {
			t.Fatal("strace is required (TARGETING_REQUIRE_STRACE) but not installed")
		}
		t.Skip("strace is not installed")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "targeting")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	trace := filepath.Join(dir, "trace.txt")
	cmd := exec.Command(strace, "-f", "-e", "trace=openat", "-o", trace, bin, "-q", "score",
		"--scenario", "examples/cost-of-living.yaml", "--out", filepath.Join(dir, "out"), "--format", "gpkg,csv")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("score: %v\n%s", err, out)
	}
	b, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	opens := map[string]int{}
	for _, m := range regexp.MustCompile(`openat\([^"]*"((?:data|testdata|examples)/[^"]+)"`).FindAllStringSubmatch(string(b), -1) {
		opens[m[1]]++
	}
	for _, want := range []string{"examples/cost-of-living.yaml", "data/iod2019/iod2019_lsoa11_england.csv.gz",
		"data/lookups/lsoa11_ward19_lad19_england_wales.csv.gz", "data/boundaries/manchester_lsoa11_generalised_wgs84.geojson"} {
		if opens[want] == 0 {
			t.Errorf("%s was not opened: the trace is not what this test expects (%v)", want, opens)
		}
	}
	for f, n := range opens {
		if n != 1 {
			t.Errorf("%s opened %d times", f, n)
		}
		if strings.Contains(f, "gm_oa11") {
			t.Errorf("%s opened though no summary needs it", f)
		}
	}
	if len(opens) < 8 {
		t.Errorf("only %d input files opened: %v", len(opens), opens)
	}
}
