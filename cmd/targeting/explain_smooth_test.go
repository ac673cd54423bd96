package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// explain shows an area's raw and smoothed rate, in text and JSON.
func TestExplainSmoothedRate(t *testing.T) {
	if testing.Short() {
		t.Skip("scores cost-of-living from the national files twice; runs without -short")
	}
	b, err := os.ReadFile(costOfLiving)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := filepath.Abs("../../data")
	td, _ := filepath.Abs("../../testdata")
	text := strings.NewReplacer("../data/", data+"/", "../testdata/", td+"/",
		"    scale: 100\n", "    scale: 100\n    smooth: {method: spatial_eb}\n").Replace(string(b))
	path := filepath.Join(t.TempDir(), "smoothed.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := run(t, "explain", "--scenario", path, "E01005065")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "household_deprivation: raw rate ") || !strings.Contains(out, "smoothed (spatial_eb) to ") {
		t.Errorf("explain lacks the smoothed rate:\n%s", out)
	}
	out, _, code = run(t, "explain", "--scenario", path, "E01005065", "--json")
	var v struct {
		Smoothed []struct {
			Indicator     string
			Raw, Smoothed *float64
		} `json:"smoothed"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil || code != 0 {
		t.Fatalf("exit %d, %v: %s", code, err, out)
	}
	if len(v.Smoothed) != 1 || v.Smoothed[0].Indicator != "household_deprivation" || v.Smoothed[0].Raw == nil || *v.Smoothed[0].Raw == *v.Smoothed[0].Smoothed {
		t.Errorf("json smoothed %+v", v.Smoothed)
	}
}
