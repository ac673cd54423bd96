package notebooksexport

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/geo/palette"
	"github.com/manchester-insight/targeting/internal/result"
)

// writeExampleReport writes the Manchester briefing, with the synthetic
// robustness result or without one, and returns its path and text.
func writeExampleReport(t *testing.T, dir string, withRobustness bool) (string, string) {
	t.Helper()
	res := example(t)
	var opt Options
	if withRobustness {
		rob, err := result.ReadRobustness(syntheticRobustness(t, res, t.TempDir()))
		if err != nil {
			t.Fatal(err)
		}
		opt.Robustness = rob
	}
	path := filepath.Join(dir, "report.html")
	if err := WriteReport(res, path, opt); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, string(b)
}

// The briefing is one file that asks for nothing: no scripts, no links,
// no images or fonts by URL, and a policy that forbids requests.
func TestReportIsSelfContained(t *testing.T) {
	_, html := writeExampleReport(t, t.TempDir(), true)
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", "<object", "@import", "url(", "src=", "href=", "@font-face"} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("report contains %q", bad)
		}
	}
	// The only URL allowed is the SVG namespace name, which is never fetched.
	for _, u := range regexp.MustCompile(`(?i)(https?|ftp|file)://[^\s"'<>)]*`).FindAllString(html, -1) {
		if u != "http://www.w3.org/2000/svg" {
			t.Errorf("report mentions URL %s", u)
		}
	}
	if !strings.Contains(html, `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`) {
		t.Error("no Content-Security-Policy")
	}
	if !strings.Contains(html, "@media print") || !strings.Contains(html, "@page") {
		t.Error("no print styles")
	}
}

// What a reader needs is there: the scenario, both maps with legend and
// ward labels, the tables, the rank intervals, sources and provenance.
func TestReportContents(t *testing.T) {
	res := example(t)
	_, html := writeExampleReport(t, t.TempDir(), true)
	for _, want := range []string{
		"Manchester cost-of-living need", "fuel poverty (BEIS 2020)", // title, description
		`aria-label="Map of small areas by decile"`, `aria-label="Map of wards by decile of mean score, with ward names"`,
		`class="legend"`, palette.Deciles()[0], palette.Deciles()[9], // both ends of the decile ramp
		"--accent: " + palette.Accent,                   // the briefing's accent is the palette's
		">Miles Platting</tspan>", ">Harpurhey</tspan>", // ward labels
		"57 of 282", "Moss Side", // key figures, ward table
		"Median rank", "Rank range (5th–95th %)", `class="chart"`, // rank intervals
		"Open Government Licence", "Crown copyright", // attribution
		res.Report.ScenarioSHA, res.Report.Inputs[0].SHA256, "targeting " + res.Report.Version, // provenance
		"Contains synthetic data:</strong> services_synthetic", // the example's synthetic source, flagged up front
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// No colour of the old ramp or its hard-coded accents is left: every
	// colour comes from geo/palette.
	for _, old := range []string{"#800026", "#bd0026", "#e31a1c", "#fc4e2a", "#ffffcc", "#ffffe5"} {
		if strings.Contains(strings.ToLower(html), old) {
			t.Errorf("report still uses %s", old)
		}
	}
	if n := strings.Count(html, `<tr><td class="num">`); n != 57 {
		t.Errorf("%d selected-area rows, want 57", n)
	}
	if strings.Contains(html, "not run") {
		t.Error("says not run although a robustness result was given")
	}
}

// Without a robustness result the briefing says so, and shows no interval
// columns.
func TestReportSaysRobustnessNotRun(t *testing.T) {
	_, html := writeExampleReport(t, t.TempDir(), false)
	if !strings.Contains(html, "Rank intervals: not run") || !strings.Contains(html, "cost-of-living_robustness.csv") {
		t.Error("report does not say the robustness run is missing")
	}
	if strings.Contains(html, "Median rank") || strings.Contains(html, `class="chart"`) {
		t.Error("interval columns or chart without a robustness result")
	}
}
