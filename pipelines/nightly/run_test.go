package nightly

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/engine"
)

// The first run computes every step; a second run with nothing changed
// computes nothing and hard-links every output; a changed input recomputes
// only the steps that read it; a changed scenario only its step; a new
// engine version or --force recompute everything.
func TestIncremental(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the two-step pipeline seven times (cost-of-living reads the national files); runs without -short")
	}
	f := newFixture(t, []string{stepCost, stepIMD}, "")
	first := f.mustRun(t, false)
	want := func(res *Result, cost, imd bool, why string) {
		t.Helper()
		got := reusedFlags(res.Manifest)
		if got[stepCost] != cost || got[stepIMD] != imd {
			t.Errorf("%s: reused %v, want %s=%v %s=%v", why, got, stepCost, cost, stepIMD, imd)
		}
		if id := f.latest(t); id != res.Manifest.Run {
			t.Errorf("%s: latest is %s, want the new run %s", why, id, res.Manifest.Run)
		}
	}
	want(first, false, false, "first run")

	second := f.mustRun(t, false)
	want(second, true, true, "nothing changed")
	if second.Changed != 0 {
		t.Errorf("nothing changed, but %d inputs counted as changed", second.Changed)
	}
	for _, st := range second.Manifest.Steps {
		prev := first.Manifest.step(st.Name)
		if st.ReusedFrom != first.Manifest.Run || st.Key != prev.Key || len(st.Outputs) != len(prev.Outputs) {
			t.Errorf("%s: reused from %q with key %s, want from %s with key %s", st.Name, st.ReusedFrom, st.Key, first.Manifest.Run, prev.Key)
		}
		for k, o := range st.Outputs {
			if o != prev.Outputs[k] {
				t.Errorf("%s: output %+v differs from the first run's %+v", st.Name, o, prev.Outputs[k])
			}
			a, _ := os.Stat(filepath.Join(first.Dir, o.Path))
			b, _ := os.Stat(filepath.Join(second.Dir, o.Path))
			if !os.SameFile(a, b) {
				t.Errorf("%s is a copy, want a hard link to the first run's file", o.Path)
			}
		}
	}
	for _, in := range second.Manifest.Inputs {
		if in.CheckedIn != first.Manifest.Run {
			t.Errorf("%s: checked in %q, want the first run (unchanged content is not re-read)", in.Path, in.CheckedIn)
		}
	}

	// A changed input: only the step that reads it.
	iod := filepath.Join(f.dir, "iod2025.csv")
	b, _ := os.ReadFile(iod)
	write(t, iod, string(b)+"\n")
	third := f.mustRun(t, false)
	want(third, true, false, "iod2025.csv changed")
	if third.Changed != 1 {
		t.Errorf("one input changed, counted %d", third.Changed)
	}
	if st := third.Manifest.step(stepCost); st.ReusedFrom != first.Manifest.Run {
		t.Errorf("reused_from %s, want the run that computed it, %s", st.ReusedFrom, first.Manifest.Run)
	}

	// A changed scenario text: only its step.
	sc := filepath.Join(f.dir, stepCost+".yaml")
	b, _ = os.ReadFile(sc)
	write(t, sc, string(b)+"# edited\n")
	want(f.mustRun(t, false), false, true, "cost-of-living.yaml changed")

	// A damaged published output is recomputed, not carried on.
	latest := filepath.Join(f.root, RunsDir, f.latest(t))
	areas := filepath.Join(latest, stepIMD, stepIMD+"_areas.csv")
	b, _ = os.ReadFile(areas)
	os.Remove(areas) // break the hard link first: the earlier runs keep their file
	write(t, areas, strings.Replace(string(b), "true", "false", 1))
	res, log, err := f.run(t, false)
	if err != nil {
		t.Fatal(err)
	}
	want(res, true, false, "a published output was changed")
	if !strings.Contains(log, "cannot reuse the previous outputs") {
		t.Errorf("no log line about the damaged output:\n%s", log)
	}

	want(f.mustRun(t, true), false, false, "--force")

	old := engine.Version
	engine.Version = old + "-next"
	defer func() { engine.Version = old }()
	want(f.mustRun(t, false), false, false, "engine version changed")
}

// manifest.json holds the engine version, times, every input with size and
// sha256, each step's scenario hash, rows, warnings, outputs with sha256
// (matching the files) and timings.
func TestManifest(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the cost-of-living pipeline on the national files; runs without -short")
	}
	f := newFixture(t, []string{stepCost, stepIMD}, "inputs:\n  - path: iod2025.csv\n    format: csv\n    vintage: lsoa21\n    code: LSOA code (2021)\n    na: [\"..\"]\n")
	res := f.mustRun(t, false)
	m, err := ReadManifest(res.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.EngineVersion != engine.Version || m.Run != filepath.Base(res.Dir) || !m.Finished.After(m.Started) {
		t.Errorf("header: %+v", m)
	}
	for _, k := range []string{"hash_inputs", "check_inputs", "steps"} {
		if _, ok := m.Timings[k]; !ok {
			t.Errorf("no %s timing", k)
		}
	}
	if len(m.Inputs) < 8 {
		t.Errorf("%d inputs, want every file both scenarios read", len(m.Inputs))
	}
	declared := 0
	for _, in := range m.Inputs {
		n, sum, err := hashFile(in.Path)
		if err != nil || n != in.Bytes || sum != in.SHA256 {
			t.Errorf("input %s: manifest %d bytes %s, file %d bytes %s (%v)", in.Path, in.Bytes, in.SHA256, n, sum, err)
		}
		if in.Declared {
			declared++
			if in.Vintage != "lsoa21" || in.Format != "csv" || in.CheckedIn != m.Run {
				t.Errorf("declared input %+v", in)
			}
		}
	}
	if declared != 1 {
		t.Errorf("%d declared inputs, want 1", declared)
	}
	if err := Verify(res.Dir); err != nil {
		t.Error(err)
	}
	cost, imd := m.step(stepCost), m.step(stepIMD)
	if cost.Rows["areas"] != 282 || imd.Rows["areas"] != 295 || cost.Rows["selected"] == 0 || cost.Rows["wards"] == 0 {
		t.Errorf("rows: %s %v, %s %v", stepCost, cost.Rows, stepIMD, imd.Rows)
	}
	text, _ := os.ReadFile(filepath.Join(f.dir, stepCost+".yaml"))
	if cost.ScenarioSHA256 != sha256Hex(text) || cost.Kind != "score" || cost.Seconds <= 0 {
		t.Errorf("%s: scenario sha256 %s, kind %s, %.3fs", stepCost, cost.ScenarioSHA256, cost.Kind, cost.Seconds)
	}
	// cost-of-living converts Census 2021 counts (LSOA 2021) to LSOA 2011.
	if cost.Warnings == nil || len(cost.Warnings.Apportioned) == 0 || cost.Warnings.Apportioned[0].Count != len(cost.Warnings.Apportioned[0].Areas) {
		t.Errorf("%s: warnings %+v, want the apportioned areas", stepCost, cost.Warnings)
	}
	names := map[string]bool{}
	for _, o := range imd.Outputs {
		names[filepath.Base(o.Path)] = true
	}
	for _, n := range []string{"imd2025-manchester.gpkg", "imd2025-manchester_areas.csv", "imd2025-manchester_wards.csv",
		"imd2025-manchester_fields.csv", "imd2025-manchester_report.json"} {
		if !names[n] {
			t.Errorf("%s not among the outputs %v", n, names)
		}
	}
}

// Retention keeps the newest K runs, and always the one latest points to.
func TestRetention(t *testing.T) {
	f := newFixture(t, []string{stepIMD}, "retention: 2\n")
	var ids []string
	for range 4 {
		ids = append(ids, f.mustRun(t, false).Manifest.Run)
	}
	if got := f.runs(t); strings.Join(got, ",") != strings.Join(ids[2:], ",") {
		t.Errorf("runs %v, want the last two %v", got, ids[2:])
	}

	// latest pointing at an older run (as after a run killed between its
	// two renames) is kept as well.
	root := t.TempDir()
	for _, id := range []string{"20250101T000000.000Z", "20250102T000000.000Z", "20250103T000000.000Z", "20250104T000000.000Z"} {
		os.MkdirAll(filepath.Join(root, RunsDir, id), 0o755)
	}
	os.MkdirAll(filepath.Join(root, StagingDir, "20250105T000000.000Z"), 0o755)
	os.Symlink(filepath.Join(RunsDir, "20250101T000000.000Z"), filepath.Join(root, LatestName))
	removed, err := prune(root, 1, discard())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(removed, ",") != "20250102T000000.000Z,20250103T000000.000Z" {
		t.Errorf("removed %v", removed)
	}
	if !exists(filepath.Join(root, StagingDir, "20250105T000000.000Z")) {
		t.Error("retention removed a run in progress")
	}
}

// status lists runs and the areas that entered or left each selection.
func TestStatusChanges(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the cost-of-living pipeline twice on the national files; runs without -short")
	}
	f := newFixture(t, []string{stepCost, stepIMD}, "")
	first := f.mustRun(t, false)
	sc := filepath.Join(f.dir, stepIMD+".yaml")
	b, _ := os.ReadFile(sc)
	if !strings.Contains(string(b), "max_decile: 1") {
		t.Fatal("the imd2025 example no longer selects max_decile: 1")
	}
	write(t, sc, strings.Replace(string(b), "max_decile: 1", "max_decile: 2", 1))
	second := f.mustRun(t, false)

	s, err := Status(f.root, 10)
	if err != nil {
		t.Fatal(err)
	}
	if s.Latest != second.Manifest.Run || len(s.Runs) != 2 || !s.Runs[0].Latest || s.Runs[1].Run != first.Manifest.Run {
		t.Fatalf("status runs %+v latest %s", s.Runs, s.Latest)
	}
	c := s.Changes
	if c == nil || c.From != first.Manifest.Run || c.To != second.Manifest.Run {
		t.Fatalf("changes %+v", c)
	}
	for _, st := range c.Steps {
		switch st.Step {
		case stepCost:
			if st.Recomputed || len(st.Entered)+len(st.Left) != 0 {
				t.Errorf("%s: %+v, want reused and unchanged", st.Step, st)
			}
		case stepIMD:
			if !st.Recomputed || len(st.Left) != 0 || len(st.Entered) != st.After-st.Before || st.After <= st.Before {
				t.Errorf("%s: recomputed %v, %d -> %d, entered %d, left %d", st.Step, st.Recomputed, st.Before, st.After, len(st.Entered), len(st.Left))
			}
			if len(st.Entered) > 0 && (!strings.HasPrefix(st.Entered[0].Code, "E01") || st.Entered[0].Name == "") {
				t.Errorf("entered %+v, want LSOA codes with names", st.Entered[0])
			}
		}
	}
	var out bytes.Buffer
	s.WriteText(&out)
	for _, want := range []string{"latest", first.Manifest.Run, "cost-of-living (reused): selection unchanged",
		"imd2025-manchester (recomputed):", "areas entered, 0 left the selection", "      + E01", "input changed: " + sc} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("status text lacks %q:\n%s", want, out.String())
		}
	}
}

// A run cleans up what a killed run left: a staging folder and a temporary
// latest link; it never touches them while it does not hold the lock.
func TestLeftoversRemoved(t *testing.T) {
	f := newFixture(t, []string{stepIMD}, "")
	f.mustRun(t, false)
	junk := filepath.Join(f.root, StagingDir, "20250101T000000.000Z", stepIMD)
	os.MkdirAll(junk, 0o755)
	write(t, filepath.Join(junk, "half.csv"), "x")
	os.Symlink("runs/nowhere", filepath.Join(f.root, tmpLinkPfx+"20250101T000000.000Z"))
	s, _ := Status(f.root, 10)
	if len(s.Incomplete) != 1 {
		t.Errorf("status shows incomplete %v, want the staging folder", s.Incomplete)
	}
	_, log, err := f.run(t, false)
	if err != nil {
		t.Fatal(err)
	}
	if exists(filepath.Dir(junk)) || exists(filepath.Join(f.root, tmpLinkPfx+"20250101T000000.000Z")) {
		t.Error("leftovers of a killed run are still there")
	}
	if !strings.Contains(log, "removing an incomplete run") {
		t.Errorf("no log line for the removal:\n%s", log)
	}
}

func TestTerminalProgress(t *testing.T) {
	var b bytes.Buffer
	p := NewTerminal(&b)
	p.Phase("hashing 3 inputs")
	p.StepStart(0, 2, "a")
	p.StepDone(0, 2, &StepRecord{Name: "a", Seconds: 0.5, Rows: map[string]int{"areas": 282, "selected": 57}})
	p.StepStart(1, 2, "b")
	p.StepDone(1, 2, &StepRecord{Name: "b", Reused: true, ReusedFrom: "R1"})
	p.Done()
	out := b.String()
	for _, want := range []string{"\r\033[Khashing 3 inputs ...", "[1/2] a: computed in 0.50s, 282 areas, 57 selected\n", "[2/2] b: reused from R1 in 0.00s\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("progress output lacks %q: %q", want, out)
		}
	}
}
