package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func example(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../examples/cost-of-living.yaml")
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("../../data")
	td, _ := filepath.Abs("../../testdata")
	return strings.NewReplacer("../data/", abs+"/", "../testdata/", td+"/").Replace(string(b))
}

func TestExampleValid(t *testing.T) {
	s, err := Load("../../examples/cost-of-living.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "cost-of-living" || len(s.Indicators) != 5 || s.Model().Selection == nil {
		t.Errorf("unexpected scenario %q with %d indicators", s.Name, len(s.Indicators))
	}
}

// Every bad scenario is rejected with the file, the line and the key.
func TestRejects(t *testing.T) {
	for _, tc := range []struct {
		name      string
		old, new  string
		key, want string
		line      bool
	}{
		{"unknown key", "aggregation: arithmetic", "aggregation: arithmetic\nagregation: geometric", "", `unknown field "agregation"`, true},
		{"unknown nested key", "    weight: 0.30", "    weight: 0.35\n    wieght: 1", "", `unknown field "wieght"`, true},
		{"missing file", "fuel_poverty_2020_lsoa11_england.csv.gz", "nope.csv", "sources.fuel_poverty.file", "does not exist", true},
		{"negative weight", "    weight: 0.30", "    weight: -0.30", "indicators[0].weight", "must be a number >= 0", true},
		{"weight not a number", "    weight: 0.30", "    weight: lots", "", "weight", true},
		{"missing weight", "    weight: 0.30\n", "", "indicators[0].weight", "is required", false},
		{"all weights zero", "weight: 0.30", "weight: 0", "", "", false},
		{"bad direction", "direction: higher_is_worse", "direction: up", "indicators[2].direction", `"up" must be`, true},
		{"unknown source", "    source: fuel_poverty\n", "    source: fuel\n", "indicators[2].source", `"fuel" is not a source`, true},
		{"unknown method", "normalise: {method: percentile}", "normalise: {method: cubic}", "indicators[0].normalise.method", `"cubic" is not one of`, true},
		{"bad selection", "top_percent: 20", "top_percent: 200", "selection", "top_percent must be in", true},
		{"unknown format", "formats: [gpkg, csv]", "formats: [gpkg, shp]", "outputs.formats[1]", `"shp" is not one of`, true},
		{"bad name", "name: cost-of-living", "name: Cost Of Living", "name", "lower case", true},
		{"weights not summing to 1", "    weight: 0.30", "    weight: 0.35", "indicators", "sum to 1.05, not 1", true},
		{"bad bands weight", "aggregation: arithmetic", "aggregation: arithmetic\nbands: {weight: people}", "bands.weight", `"people" must be areas or population`, true},
		{"unknown bands key", "aggregation: arithmetic", "aggregation: arithmetic\nbands: {weight: population, by: ward}", "", `unknown field "by"`, true},
		{"bad smooth method", "    scale: 100\n", "    scale: 100\n    smooth: {method: kriging}\n", "indicators[3].smooth.method", `"kriging" is not one of`, true},
		{"smooth a value", "    unit: percent of households\n    direction: higher_is_worse\n    normalise: {method: percentile}\n    weight: 0.20\n  - id: household", "    unit: percent of households\n    smooth: {method: empirical_bayes}\n    direction: higher_is_worse\n    normalise: {method: percentile}\n    weight: 0.20\n  - id: household", "indicators[2].smooth", "needs the counts", true},
		{"bad treatment", "    weight: 0.30", "    weight: 0.30\n    treat: {winsorise: {max_points: -1}}", "indicators[0].treat.winsorise.max_points", "must be >= 0", true},
		{"unknown treatment", "    weight: 0.30", "    weight: 0.30\n    treat: {trim: 5}", "", `unknown field "trim"`, true},
		{"unknown aggregation", "aggregation: arithmetic", "aggregation: median", "aggregation", `"median" is not one of`, true},
		{"p without generalised", "aggregation: arithmetic", "aggregation: arithmetic\naggregation_p: 2", "aggregation_p", "is the power of aggregation: generalised", true},
		{"bad weights", "aggregation: arithmetic", "aggregation: arithmetic\nweights: entropy", "weights", `the only value is pca`, true},
		{"bad smooth reference", "    scale: 100\n", "    scale: 100\n    smooth: {method: empirical_bayes, reference: region}\n", "indicators[3].smooth.reference", `"region" is not one of all, district, ward or a geography.groupings name`, true},
		{"national ranks without n", "normalise: {method: percentile}", "normalise: {method: exponential, ranks: national}", "indicators[0].normalise.n", "national ranks need n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := example(t)
			if !strings.Contains(text, tc.old) {
				t.Fatalf("example has no %q", tc.old)
			}
			if tc.name == "all weights zero" {
				text = regexp.MustCompile(`weight: [0-9.]+`).ReplaceAllString(text, "weight: 0")
				tc.key, tc.want = "indicators", "at least one weight must be positive"
			} else {
				text = strings.Replace(text, tc.old, tc.new, 1)
			}
			path := filepath.Join(t.TempDir(), "bad.yaml")
			os.WriteFile(path, []byte(text), 0o644)
			_, err := Load(path)
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a ConfigError", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, path) || !strings.Contains(msg, tc.want) || (tc.key != "" && ce.Key != tc.key) {
				t.Errorf("error %q\nwant file %s, key %q, text %q", msg, path, tc.key, tc.want)
			}
			if tc.line && ce.Line == 0 {
				t.Errorf("error %q has no line number", msg)
			}
		})
	}
}

// Numerator and denominator take a name, a list, {source, column}, or a
// list mixing both.
func TestColumnsShapes(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		want string
	}{
		{`a`, "a"},
		{`[a, b]`, "a + b"},
		{`{source: iod, column: "Total population"}`, "iod:Total population"},
		{`[a, {source: iod, column: b}]`, "a + iod:b"},
	} {
		var c Columns
		if err := c.UnmarshalYAML([]byte(tc.yaml)); err != nil || c.String() != tc.want {
			t.Errorf("%s: %v (%v), want %s", tc.yaml, c, err, tc.want)
		}
	}
	for _, bad := range []string{`{source: iod}`, `{source: iod, column: b, extra: 1}`, `[[a]]`} {
		var c Columns
		if err := c.UnmarshalYAML([]byte(bad)); err == nil {
			t.Errorf("%s accepted as %v", bad, c)
		}
	}
}
