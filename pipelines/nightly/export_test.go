package nightly

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Summary and notebook steps publish their outputs like score steps, and
// are reused when nothing changed.
func TestSummaryAndNotebookSteps(t *testing.T) {
	if testing.Short() {
		t.Skip("runs summary and notebook steps twice on the national files; runs without -short")
	}
	f := newFixture(t, nil, "")
	text, _ := os.ReadFile(f.pipeline)
	steps := "  - kind: summary\n    scenario: " + stepCost + ".yaml\n    by: [ward, msoa]\n" +
		"  - kind: notebook\n    scenario: " + stepCost + ".yaml\n"
	write(t, f.pipeline, string(text)+steps)
	f.mustRun(t, false)
	run := filepath.Join(f.root, "runs", f.latest(t))
	for _, want := range []string{
		"cost-of-living-summary/cost-of-living_ward_summary.csv",
		"cost-of-living-summary/cost-of-living_ward_summary.gpkg",
		"cost-of-living-summary/cost-of-living_msoa_summary.csv",
		"cost-of-living-notebook/cost-of-living.ipynb",
		"cost-of-living-notebook/cost-of-living_areas.arrow",
		"cost-of-living-notebook/cost-of-living_briefing.html",
	} {
		if _, err := os.Stat(filepath.Join(run, want)); err != nil {
			t.Errorf("missing %s", want)
		}
	}
	res := f.mustRun(t, false)
	for name, reused := range reusedFlags(res.Manifest) {
		if !reused {
			t.Errorf("step %s recomputed with nothing changed", name)
		}
	}
	// A step kind needs its keys.
	write(t, f.pipeline, string(text)+"  - kind: summary\n    scenario: "+stepCost+".yaml\n")
	if _, err := Load(f.pipeline); err == nil || !strings.Contains(err.Error(), "by") {
		t.Errorf("summary without by: %v", err)
	}
}
