package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAllocateCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("scores cost-of-living from the national files three times; runs without -short")
	}
	dir := t.TempDir()
	out, stderr, code := run(t, "allocate", "--scenario", costOfLiving, "--budget", "2000000", "--by", "ward",
		"--floor", "20000", "--cap", "150000", "--out", dir, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var v struct {
		Allocation struct {
			Units []struct {
				Amount int64 `json:"allocation"`
			} `json:"units"`
		} `json:"allocation"`
		Files []string `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, u := range v.Allocation.Units {
		sum += u.Amount
		if u.Amount < 20000 || u.Amount > 150000 {
			t.Errorf("allocation %d outside floor and cap", u.Amount)
		}
	}
	if sum != 2_000_000 || len(v.Allocation.Units) != 32 || len(v.Files) != 4 {
		t.Errorf("sum %d over %d wards, files %v", sum, len(v.Allocation.Units), v.Files)
	}
	out, _, code = run(t, "allocate", "--scenario", costOfLiving, "--budget", "2000000", "--out", dir)
	if code != 0 || !strings.Contains(out, "£2,000,000") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if _, msg, code := run(t, "allocate", "--scenario", costOfLiving, "--budget", "100000", "--floor", "5000", "--out", dir); code != exitConfig || !strings.Contains(msg, "floors") {
		t.Errorf("floors over budget: exit %d, %s", code, msg)
	}
}
