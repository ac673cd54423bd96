package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/pipelines/nightly"
)

// pipeline run publishes, a second run reuses, status shows both; the
// exit codes a scheduler sees. (Kill, lock, corrupt-input and disk tests
// run the binary in pipelines/nightly.)
func TestPipelineRunAndStatus(t *testing.T) {
	dir := t.TempDir()
	sc, err := filepath.Abs("../../examples/imd2025-manchester.yaml")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "nightly.yaml")
	if err := os.WriteFile(file, []byte("steps:\n  - kind: score\n    scenario: "+sc+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "out")
	for i, want := range []string{"published: 1 steps (1 computed, 0 reused)", "published: 1 steps (0 computed, 1 reused)"} {
		out, stderr, code := run(t, "pipeline", "run", file, "--root", root)
		if code != 0 || !strings.Contains(out, want) || strings.Count(out, "\n") != 1 {
			t.Fatalf("run %d: exit %d, stdout %q (want one line with %q)\n%s", i+1, code, out, want, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "latest", "imd2025-manchester", "imd2025-manchester_areas.csv")); err != nil {
		t.Errorf("latest does not hold the outputs: %v", err)
	}
	out, stderr, code := run(t, "pipeline", "status", root)
	if code != 0 || !strings.Contains(out, "latest") || !strings.Contains(out, "imd2025-manchester (reused): selection unchanged") {
		t.Errorf("status: exit %d\n%s%s", code, out, stderr)
	}
	out, _, code = run(t, "pipeline", "status", root, "--json")
	if code != 0 || !strings.Contains(out, `"latest": "`) || !strings.Contains(out, `"changes": {`) {
		t.Errorf("status --json: exit %d\n%s", code, out)
	}

	// A missing file root is a config error; so is no root at all.
	if _, stderr, code := run(t, "pipeline", "run", file); code != exitConfig || !strings.Contains(stderr, "no output root") {
		t.Errorf("no root: exit %d, %s", code, stderr)
	}
}

func TestPipelineExitCodes(t *testing.T) {
	locked := &nightly.LockedError{Root: "/r"}
	if exitCode(locked) != 4 || exitCode(fmt.Errorf("run: %w", locked)) != 4 {
		t.Errorf("locked: exit %d, want 4", exitCode(locked))
	}
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"pipeline", "run"}, exitConfig, "want 1 argument"},
		{[]string{"pipeline", "run", filepath.Join(dir, "missing.yaml")}, exitConfig, "no such file"},
		{[]string{"pipeline", "frobnicate"}, exitConfig, "unknown subcommand"},
		{[]string{"pipeline", "status"}, exitConfig, "want 1 argument"},
		{[]string{"pipeline", "status", filepath.Join(dir, "nowhere")}, exitConfig, "not a folder"},
		{[]string{"pipeline", "status", dir}, exitConfig, "not a pipeline output root"},
	} {
		_, stderr, code := run(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, want %d and %q: %s", c.args, code, c.code, c.want, stderr)
		}
	}
}

// Every pipeline command documents itself with a runnable example, and
// run's help lists the exit codes.
func TestPipelineHelp(t *testing.T) {
	for _, args := range [][]string{{"pipeline"}, {"pipeline", "run"}, {"pipeline", "status"}} {
		out, _, code := run(t, append(args, "--help")...)
		if code != 0 || !strings.Contains(out, "Examples:") || !strings.Contains(out, "targeting pipeline ") {
			t.Errorf("%v --help: exit %d, no example:\n%s", args, code, out)
		}
	}
	out, _, _ := run(t, "pipeline", "run", "--help")
	for _, want := range []string{"0  ok", "1  bad input data", "2  bad pipeline", "3  internal", "4  another run holds"} {
		if !strings.Contains(out, want) {
			t.Errorf("pipeline run --help lacks %q", want)
		}
	}
}
