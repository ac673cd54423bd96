package main

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `targeting report` writes the HTML briefing and, with --png, the map
// image, into folders it creates.
func TestReportCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("scores cost-of-living from the national files and draws the report and map; runs without -short")
	}
	dir := filepath.Join(t.TempDir(), "briefing")
	html, img := filepath.Join(dir, "report.html"), filepath.Join(dir, "map.png")
	stdout, stderr, code := run(t, "report", "--scenario", "../../examples/cost-of-living.yaml", "--out", html, "--png", img)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "wrote "+html) || !strings.Contains(stdout, "wrote "+img) {
		t.Errorf("stdout:\n%s", stdout)
	}
	b, err := os.ReadFile(html)
	if err != nil || !strings.Contains(string(b), "Manchester cost-of-living need") || !strings.Contains(string(b), "Rank intervals: not run") {
		t.Errorf("report: %v", err)
	}
	f, err := os.Open(img)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Errorf("map image: %v", err)
	}
}

func TestReportCommandHelpHasExample(t *testing.T) {
	stdout, _, _ := run(t, "report", "--help")
	for _, want := range []string{"targeting report --scenario examples/cost-of-living.yaml --out out/briefing.html", "--png out/map.png"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("help lacks %q:\n%s", want, stdout)
		}
	}
	if _, _, code := run(t, "report", "--scenario", "../../examples/cost-of-living.yaml"); code != exitConfig {
		t.Errorf("missing --out: exit %d", code)
	}
}
