package analysis

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/format"
	"github.com/manchester-insight/targeting/internal/result"
)

// Every command that writes layers writes every registered format: none is
// skipped (the issue was geoparquet-partitioned, accepted by validation and
// dropped by the analysis commands).
func TestEveryFormatFromEveryCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("writes every format from every analysis command; runs without -short")
	}
	res := allFormats(t, scored(t, costOfLiving))
	other := allFormats(t, scored(t, fuelHeavy))
	rob, err := RunRobustness(res, RobustnessOptions{Draws: 20, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := ScenarioClusters(res, ClusterOptions{Tolerance: 0.5, Permutations: 9, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	al, err := Allocate(res, AllocateOptions{Budget: 1_000_000, By: "ward"})
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := Compare(res, other)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		layer func() (*geo.Layer, error)
		write func(dir string) ([]string, error)
	}{
		{"robustness", func() (*geo.Layer, error) { return rob.Layer(res) }, func(d string) ([]string, error) { return WriteRobustness(res, rob, d) }},
		{"clusters", func() (*geo.Layer, error) { return ClusterLayer(res, cl) }, func(d string) ([]string, error) { return WriteClusters(res, cl, d) }},
		{"allocation", func() (*geo.Layer, error) { return al.Layer(res) }, func(d string) ([]string, error) { return WriteAllocation(res, al, d) }},
		{"comparison", func() (*geo.Layer, error) { return cmp.Layer(res, other) }, func(d string) ([]string, error) { return WriteComparison(res, other, cmp, d) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files, err := tc.write(dir)
			if err != nil {
				t.Fatal(err)
			}
			l, err := tc.layer()
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range format.Formats {
				for _, want := range f.Files(stemOf(t, files), []*geo.Layer{l}) {
					if !slices.Contains(files, filepath.Join(dir, want)) {
						t.Errorf("format %s: %s not written (wrote %v)", f.Name, want, files)
					} else if _, err := os.Stat(filepath.Join(dir, want)); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
}

// allFormats is a copy of res whose scenario asks for every format.
func allFormats(t *testing.T, res *result.Result) *result.Result {
	t.Helper()
	c := *res
	sc := *res.Scenario
	sc.Outputs.Formats = format.Names()
	c.Scenario = &sc
	return &c
}

// stemOf is the stem of a command's files: its .json report's name.
func stemOf(t *testing.T, files []string) string {
	t.Helper()
	for _, f := range files {
		if filepath.Ext(f) == ".json" {
			return filepath.Base(f[:len(f)-len(".json")])
		}
	}
	t.Fatalf("no .json among %v", files)
	return ""
}

// The robustness file has one definition (internal/result): what
// WriteRobustness writes, result.ReadRobustness reads back unchanged, so a
// briefing or notebook made later shows the same intervals.
func TestRobustnessRoundTrip(t *testing.T) {
	res := scored(t, fuelHeavy)
	rob, err := RunRobustness(res, RobustnessOptions{Draws: 40, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := WriteRobustness(res, rob, dir); err != nil {
		t.Fatal(err)
	}
	back, err := result.ReadRobustness(result.RobustnessPath(dir, res.Scenario.Slug()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Draws != rob.Draws || back.Scenario != res.Scenario.Name || len(back.Areas) != len(rob.Areas) || !slices.Equal(back.Varied, rob.Varied) {
		t.Fatalf("read back draws %d scenario %q areas %d varied %v; wrote %d %q %d %v",
			back.Draws, back.Scenario, len(back.Areas), back.Varied, rob.Draws, res.Scenario.Name, len(rob.Areas), rob.Varied)
	}
	for _, a := range rob.Areas {
		want := result.RankInterval{Median: float64(a.Median), P5: float64(a.P05), P95: float64(a.P95), PSelected: a.PSelected}
		if got := back.Areas[a.Code]; got != want {
			t.Fatalf("%s: read %+v, wrote %+v", a.Code, got, want)
		}
	}
}
