package nightly

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// repoDir is the module root, absolute.
func repoDir(t testing.TB) string {
	t.Helper()
	d, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// fixture is a folder with copies of the example scenarios whose data
// paths point into the repository, except for the files a test may
// change or corrupt, which are local copies:
//
//	iod2025.csv    the IoD 2025 extract read by imd2025-manchester
//	areas.geojson  the LSOA 2021 boundaries read by imd2025-manchester
//
// and a pipeline file pipeline.yaml whose root is out/.
type fixture struct {
	dir, pipeline, root string
}

const (
	stepCost = "cost-of-living"
	stepIMD  = "imd2025-manchester"
)

// newFixture writes the scenarios and a pipeline running the given steps
// (scenario names), with extra text appended to the pipeline (e.g. inputs).
func newFixture(t testing.TB, steps []string, extra string) *fixture {
	t.Helper()
	repo := repoDir(t)
	dir := t.TempDir()
	copyTo(t, filepath.Join(repo, "data/iod2025/iod2025_lsoa21_manchester_file7.csv"), filepath.Join(dir, "iod2025.csv"))
	copyTo(t, filepath.Join(repo, "data/boundaries/manchester_lsoa21_generalised_wgs84.geojson"), filepath.Join(dir, "areas.geojson"))
	for _, name := range []string{stepCost, stepIMD} {
		b, err := os.ReadFile(filepath.Join(repo, "examples", name+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if name == stepIMD {
			s = strings.ReplaceAll(s, "../data/iod2025/iod2025_lsoa21_manchester_file7.csv", filepath.Join(dir, "iod2025.csv"))
			s = strings.ReplaceAll(s, "../data/boundaries/manchester_lsoa21_generalised_wgs84.geojson", filepath.Join(dir, "areas.geojson"))
		}
		s = strings.ReplaceAll(s, "../", repo+"/") // the scenario's paths are relative to examples/
		write(t, filepath.Join(dir, name+".yaml"), s)
	}
	var b strings.Builder
	b.WriteString("name: test\nroot: out\n")
	b.WriteString(extra)
	b.WriteString("\nsteps:\n")
	for _, s := range steps {
		b.WriteString("  - kind: score\n    scenario: " + s + ".yaml\n")
	}
	f := &fixture{dir: dir, pipeline: filepath.Join(dir, "pipeline.yaml"), root: filepath.Join(dir, "out")}
	write(t, f.pipeline, b.String())
	return f
}

// run loads the fixture's pipeline and runs it in-process.
func (f *fixture) run(t testing.TB, force bool) (*Result, string, error) {
	t.Helper()
	p, err := Load(f.pipeline)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	var log syncBuffer
	res, err := Run(context.Background(), p, Options{Force: force, Log: slog.New(slog.NewTextHandler(&log, nil))})
	return res, log.String(), err
}

// mustRun runs and fails the test on error.
func (f *fixture) mustRun(t testing.TB, force bool) *Result {
	t.Helper()
	res, log, err := f.run(t, force)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, log)
	}
	return res
}

// latest is the run `latest` points to, checked against its manifest.
func (f *fixture) latest(t testing.TB) string {
	t.Helper()
	id, err := Latest(f.root)
	if err != nil {
		t.Fatal(err)
	}
	if id != "" {
		if err := Verify(filepath.Join(f.root, RunsDir, id)); err != nil {
			t.Fatalf("latest run %s does not match its manifest: %v", id, err)
		}
	}
	return id
}

func (f *fixture) runs(t testing.TB) []string {
	t.Helper()
	ids, err := listRuns(f.root)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func write(t testing.TB, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyTo(t testing.TB, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// reusedFlags maps step name -> reused, from a manifest.
func reusedFlags(m *Manifest) map[string]bool {
	out := map[string]bool{}
	for _, s := range m.Steps {
		out[s.Name] = s.Reused
	}
	return out
}

// syncBuffer is a bytes.Buffer safe for a logger and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
