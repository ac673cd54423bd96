package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// targeting init writes a scenario that `score` runs without editing, for
// every Greater Manchester district (tables) and for Manchester (with maps),
// and refuses to replace a file or to take a code that is not a district.
func TestInitThenScore(t *testing.T) {
	if testing.Short() {
		t.Skip("scores ten districts; runs without -short")
	}
	dir := t.TempDir()
	for i := 1; i <= 10; i++ {
		district := fmt.Sprintf("E080000%02d", i)
		t.Run(district, func(t *testing.T) {
			file := filepath.Join(dir, district+".yaml")
			args := []string{"init", "--district", district, "--data", "../../data", "--out", file}
			if district == "E08000003" {
				args = append(args, "--indicators", "income,employment,imd,fuel_poverty,household_deprivation")
			}
			if _, stderr, code := run(t, args...); code != 0 {
				t.Fatalf("init exited %d: %s", code, stderr)
			}
			out := filepath.Join(dir, "out-"+district)
			stdout, stderr, code := run(t, "score", "--scenario", file, "--out", out)
			if code != 0 {
				t.Fatalf("score exited %d: %s", code, stderr)
			}
			if !strings.Contains(stdout, "selected") {
				t.Errorf("score printed %q", stdout)
			}
			want := "targeting-" + strings.ToLower(district) + ".xlsx"
			if district == "E08000003" {
				want = "targeting-e08000003.gpkg"
			}
			if _, err := os.Stat(filepath.Join(out, want)); err != nil {
				t.Error(err)
			}
		})
	}
	file := filepath.Join(dir, "E08000006.yaml")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"init", "--district", "E08000006", "--data", "../../data", "--out", file}, "exists"},
		{[]string{"init", "--district", "Salford", "--data", "../../data", "--out", filepath.Join(dir, "x.yaml")}, "district code"},
		{[]string{"init", "--district", "E08000006", "--indicators", "crime", "--data", "../../data", "--out", filepath.Join(dir, "y.yaml")}, `"crime" is not one of`},
	} {
		if _, stderr, code := run(t, tc.args...); code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

// inspect names the vintage and the districts a file covers.
func TestInspectCommand(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.csv")
	os.WriteFile(p, []byte("code,n\nE01005108,1\nE01005600,2\n"), 0o644)
	stdout, stderr, code := run(t, "inspect", "--data", "../../data", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"lsoa11: 2 of the codes", "E08000003 Manchester 1 of 282", "E08000006 Salford 1 of 150", "kind count?"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("inspect output has no %q:\n%s", want, stdout)
		}
	}
	if _, _, code := run(t, "inspect"); code != 2 {
		t.Errorf("inspect without a file: exit %d, want 2", code)
	}
}
