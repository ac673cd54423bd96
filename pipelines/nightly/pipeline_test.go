package nightly

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/internal/scenario"
)

// Pipeline files: what loads, and that every mistake is a ConfigError
// (exit 2) naming the key and, where the key is written, its line.
func TestParsePipeline(t *testing.T) {
	f := newFixture(t, []string{stepIMD}, "")
	step := "steps:\n  - kind: score\n    scenario: imd2025-manchester.yaml\n"
	cases := []struct {
		name, text string
		key, msg   string // wanted in the error; both empty = loads
		line       int
	}{
		{name: "minimal", text: step},
		{name: "all keys", text: "name: n\nroot: out\nretention: 3\ninputs:\n  - path: iod2025.csv\n    format: csv\n    vintage: lsoa21\n    code: LSOA code (2021)\n    columns: [\"Income Score (rate)\"]\n    na: [\"..\"]\n" + step},
		{name: "unknown top-level key", text: "retension: 3\n" + step, key: "retension", msg: "unknown field", line: 1},
		{name: "no steps", text: "root: out\n", key: "steps", msg: "at least one step"},
		{name: "unknown kind", text: "steps:\n  - kind: summarize\n    scenario: x.yaml\n", key: "steps[0].kind", msg: `"summarize" is not a step kind; known kinds: notebook, score, summary`, line: 2},
		{name: "missing kind", text: "steps:\n  - scenario: imd2025-manchester.yaml\n", key: "steps[0].kind", msg: "is required"},
		{name: "unknown step key", text: step + "    formats: [csv]\n", key: "formats", msg: "unknown field", line: 4},
		{name: "missing scenario", text: "steps:\n  - kind: score\n", key: "steps[0].scenario", msg: "is required"},
		{name: "scenario file absent", text: "steps:\n  - kind: score\n    scenario: nope.yaml\n", msg: "no such file"},
		{name: "duplicate names", text: step + "  - kind: score\n    scenario: imd2025-manchester.yaml\n", key: "steps[1].name", msg: "also the name of steps[0]"},
		{name: "bad name", text: "steps:\n  - kind: score\n    name: Big Name\n    scenario: imd2025-manchester.yaml\n", key: "steps[0].name", msg: "lower case", line: 3},
		{name: "retention zero", text: "retention: 0\n" + step, key: "retention", msg: "at least 1", line: 1},
		{name: "retention not a number", text: "retention: two\n" + step, key: "retention", msg: "", line: 1},
		{name: "input format", text: "inputs:\n  - path: iod2025.csv\n    format: xlsx\n    vintage: lsoa21\n" + step, key: "inputs[0].format", msg: `"xlsx" is not one of csv, parquet, geojson`, line: 3},
		{name: "input vintage missing", text: "inputs:\n  - path: iod2025.csv\n    format: csv\n" + step, key: "inputs[0].vintage", msg: "is required"},
		{name: "input file absent", text: "inputs:\n  - path: gone.csv\n    format: csv\n    vintage: lsoa21\n" + step, key: "inputs[0].path", msg: "no such file", line: 2},
		{name: "geojson needs code", text: "inputs:\n  - path: areas.geojson\n    format: geojson\n    vintage: lsoa21\n" + step, key: "inputs[0].code", msg: "is required for geojson"},
		{name: "vintage differs from scenario", text: "inputs:\n  - path: iod2025.csv\n    format: csv\n    vintage: lsoa11\n" + step, key: "inputs[0].vintage", msg: "reads this file as lsoa21 (sources.iod2025)", line: 4},
		{name: "format differs from scenario", text: "inputs:\n  - path: areas.geojson\n    format: csv\n    vintage: lsoa21\n" + step, key: "inputs[0].format", msg: "reads this file as geojson", line: 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(f.dir, "p.yaml")
			p, err := Parse(path, []byte(c.text))
			if c.key == "" && c.msg == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if len(p.Steps) != 1 || p.Steps[0].base().Name != stepIMD {
					t.Fatalf("steps %+v, want one named %s", p.Steps, stepIMD)
				}
				return
			}
			t.Log(err)
			var ce *scenario.ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T), want a *scenario.ConfigError", err, err)
			}
			if !strings.Contains(ce.Key, c.key) || !strings.Contains(ce.Msg, c.msg) {
				t.Errorf("error %q: want key %q and message containing %q", err, c.key, c.msg)
			}
			if c.line > 0 && ce.Line != c.line {
				t.Errorf("error %q: line %d, want %d", err, ce.Line, c.line)
			}
		})
	}
}

func TestRetentionDefault(t *testing.T) {
	f := newFixture(t, []string{stepIMD}, "")
	p, err := Load(f.pipeline)
	if err != nil {
		t.Fatal(err)
	}
	if p.Keep() != DefaultRetention || DefaultRetention != 14 {
		t.Errorf("Keep() = %d, want 14", p.Keep())
	}
	if p.RootDir() != f.root {
		t.Errorf("root %s, want %s (relative to the pipeline file)", p.RootDir(), f.root)
	}
}

// The shipped examples/nightly.yaml loads, and runs every shipped scenario
// (every examples/*.yaml that loads as a scenario).
func TestExampleNightlyLoads(t *testing.T) {
	p, err := Load(filepath.Join(repoDir(t), "examples/nightly.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	scenarios, _ := filepath.Glob(filepath.Join(repoDir(t), "examples/*.yaml"))
	want := map[string]bool{}
	for _, s := range scenarios {
		if strings.HasPrefix(filepath.Base(s), ".") {
			continue // another package's test scenario, written beside the examples while it runs
		}
		if _, err := scenario.Load(s); err == nil {
			want[s] = true
		}
	}
	for _, st := range p.Steps {
		if s, ok := st.(*scoreStep); ok {
			delete(want, s.sc.Path)
		}
	}
	for s := range want {
		t.Errorf("examples/nightly.yaml does not run %s", filepath.Base(s))
	}
	if p.Keep() != 14 {
		t.Errorf("retention %d, want 14", p.Keep())
	}
}
