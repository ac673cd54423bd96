package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAuditCommand(t *testing.T) {
	if _, _, code := run(t, "audit"); code != exitConfig {
		t.Errorf("audit without --scenario: exit %d, want %d", code, exitConfig)
	}
	if testing.Short() {
		t.Skip("scores cost-of-living from the national files twice; runs without -short")
	}
	dir := t.TempDir()
	out, stderr, code := run(t, "audit", "--scenario", costOfLiving, "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"What to look at", "redundant: income and employment", "Cronbach's alpha", "PC1", "wrote"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if i, j := strings.Index(out, "What to look at"), strings.Index(out, "Indicators (raw"); i < 0 || j < i {
		t.Errorf("the summary of what to look at comes first:\n%s", out)
	}
	out, _, code = run(t, "audit", "--scenario", costOfLiving, "--json")
	var v struct {
		Areas     int              `json:"areas"`
		Variables []string         `json:"variables"`
		Flags     []map[string]any `json:"flags"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil || code != 0 {
		t.Fatalf("exit %d, %v: %s", code, err, out)
	}
	if v.Areas != 282 || v.Variables[len(v.Variables)-1] != "score" || len(v.Flags) != 1 {
		t.Errorf("json %+v", v)
	}
}
