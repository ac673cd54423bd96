package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

var sample = []string{"--extract", "../../testdata/services/manchester_services_synthetic.csv.gz",
	"--mapping", "../../testdata/services/mapping.yaml"}

// Without targeting-beam, a Beam runner is a usage error that says how to
// build it.
func TestRunnerNeedsBeamBinary(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	args := append([]string{"aggregate", "--runner", "prism", "--out", filepath.Join(t.TempDir(), "s.csv")}, sample...)
	_, stderr, code := run(t, args...)
	if code != 2 || !strings.Contains(stderr, "go build -o targeting-beam ./pipelines/aggregate/beam/cmd/targeting-beam") {
		t.Errorf("exit %d, %s", code, stderr)
	}
}

// A Beam runner runs targeting-beam with the command's flags, and its exit
// code becomes targeting's.
func TestRunnerExecsBeamBinary(t *testing.T) {
	bin := t.TempDir()
	got := filepath.Join(t.TempDir(), "args")
	script := "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done > " + got + "\nexit ${FAKE_EXIT:-0}\n"
	if err := os.WriteFile(filepath.Join(bin, "targeting-beam"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	out := filepath.Join(t.TempDir(), "s.csv")
	args := append([]string{"aggregate", "--runner", "flink", "--endpoint", "localhost:8099", "--out", out, "--from", "2024-04-01"}, sample...)
	for _, tc := range []struct{ exit, code string }{{"0", "0"}, {"1", "1"}, {"2", "2"}, {"7", "3"}} {
		t.Setenv("FAKE_EXIT", tc.exit)
		_, stderr, code := run(t, args...)
		if code != int(tc.code[0]-'0') {
			t.Errorf("targeting-beam exit %s: targeting exit %d (%s), want %s", tc.exit, code, stderr, tc.code)
		}
	}
	b, err := os.ReadFile(got)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"aggregate", "--runner=flink", "--extract=" + sample[1], "--mapping=" + sample[3], "--out=" + out,
		"--from=2024-04-01", "--endpoint=localhost:8099"}
	if strings.Join(strings.Fields(string(b)), " ") != strings.Join(want, " ") {
		t.Errorf("targeting-beam got\n%s\nwant\n%s", b, strings.Join(want, "\n"))
	}
}

func TestLocalRejectsBeamFlags(t *testing.T) {
	args := append([]string{"aggregate", "--endpoint", "localhost:8099", "--out", filepath.Join(t.TempDir(), "s.csv")}, sample...)
	if _, stderr, code := run(t, args...); code != 2 || !strings.Contains(stderr, "--endpoint") {
		t.Errorf("exit %d, %s", code, stderr)
	}
}

// The default binary carries none of Beam's dependencies: they live in the
// pipelines/aggregate/beam module (its own go.mod, so the main module's
// packages cannot import it without requiring it) and its targeting-beam
// command, which beamBuild builds.
func TestNoBeamInDefaultBinary(t *testing.T) {
	const beamModule = "github.com/manchester-insight/targeting/pipelines/aggregate/beam"
	gomod, err := os.ReadFile("../../pipelines/aggregate/beam/go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(string(gomod), "\n"); first != "module "+beamModule {
		t.Errorf("pipelines/aggregate/beam/go.mod starts %q, want module %s", first, beamModule)
	}
	if !strings.Contains(beamBuild, "./pipelines/aggregate/beam/cmd/targeting-beam") {
		t.Errorf("beamBuild %q does not build the Beam module's command", beamBuild)
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Skip("no build info")
	}
	for _, m := range info.Deps {
		if strings.HasPrefix(m.Path, "github.com/apache/beam") || m.Path == beamModule {
			t.Errorf("the targeting binary links %s", m.Path)
		}
	}
}
