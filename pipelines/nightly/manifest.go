package nightly

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// ManifestName is the file in every run that says what the run holds.
const ManifestName = "manifest.json"

// Manifest is manifest.json: everything needed to trust, reproduce or
// compare a run without opening its outputs.
type Manifest struct {
	Run            string             `json:"run"`
	Pipeline       string             `json:"pipeline"`
	PipelineSHA256 string             `json:"pipeline_sha256"`
	EngineVersion  string             `json:"engine_version"`
	Started        time.Time          `json:"started"`
	Finished       time.Time          `json:"finished"`
	Seconds        float64            `json:"seconds"`
	Forced         bool               `json:"forced"`
	Previous       string             `json:"previous,omitempty"` // the run `latest` pointed to when this one started
	Timings        map[string]float64 `json:"timings"`            // seconds per phase: hash_inputs, check_inputs, steps, publish
	Inputs         []InputRecord      `json:"inputs"`
	Steps          []StepRecord       `json:"steps"`
}

// InputRecord is one input file.
type InputRecord struct {
	Path     string   `json:"path"`
	Format   string   `json:"format,omitempty"`
	Vintage  string   `json:"vintage,omitempty"`
	Bytes    int64    `json:"bytes"`
	SHA256   string   `json:"sha256"`
	Declared bool     `json:"declared"`
	UsedBy   []string `json:"used_by,omitempty"`
	Checks   string   `json:"checks"` // what was checked: format, code columns, required columns, NA tokens
	// CheckedIn is the run whose checks passed on this exact content (this
	// run, or an earlier one when the file is unchanged).
	CheckedIn       string `json:"checked_in,omitempty"`
	SuppressedCells int    `json:"suppressed_cells,omitempty"`
}

// StepRecord is one step of a run.
type StepRecord struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	// Key is the sha256 of the engine version, the step's settings and the
	// sha256 of every file it reads: equal keys mean equal outputs.
	Key    string   `json:"key"`
	Inputs []string `json:"inputs"`
	// Reused: outputs carried from ReusedFrom (the run that computed them)
	// instead of recomputed.
	Reused         bool           `json:"reused"`
	ReusedFrom     string         `json:"reused_from,omitempty"`
	Started        time.Time      `json:"started"`
	Finished       time.Time      `json:"finished"`
	Seconds        float64        `json:"seconds"`
	Scenario       string         `json:"scenario,omitempty"`
	ScenarioSHA256 string         `json:"scenario_sha256,omitempty"`
	Rows           map[string]int `json:"rows,omitempty"`
	PeopleCovered  float64        `json:"people_covered,omitempty"`
	Warnings       *Warnings      `json:"warnings,omitempty"`
	Outputs        []OutputRecord `json:"outputs"`
}

// Warnings are what a reader of the results should know about.
type Warnings struct {
	Imputed         map[string]int `json:"imputed,omitempty"` // indicator -> areas imputed
	Dropped         []string       `json:"dropped,omitempty"`
	SuppressedCells int            `json:"suppressed_cells,omitempty"`
	Apportioned     []Apportioned  `json:"apportioned,omitempty"`
	Messages        []string       `json:"messages,omitempty"`
}

func (w *Warnings) empty() bool {
	return len(w.Imputed) == 0 && len(w.Dropped) == 0 && w.SuppressedCells == 0 && len(w.Apportioned) == 0 && len(w.Messages) == 0
}

// Apportioned lists the areas whose values were split or merged when a
// source was converted between LSOA vintages.
type Apportioned struct {
	Source string   `json:"source"`
	From   string   `json:"from"`
	To     string   `json:"to"`
	Count  int      `json:"count"`
	Areas  []string `json:"areas,omitempty"`
}

// OutputRecord is one output file; Path is relative to the run folder.
type OutputRecord struct {
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// ReadManifest reads a run folder's manifest.
func ReadManifest(runDir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(runDir, ManifestName))
	if err != nil {
		return nil, err
	}
	m := &Manifest{}
	if err := json.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(runDir, ManifestName), err)
	}
	return m, nil
}

// step finds a step record by name.
func (m *Manifest) step(name string) *StepRecord {
	if m == nil {
		return nil
	}
	for i := range m.Steps {
		if m.Steps[i].Name == name {
			return &m.Steps[i]
		}
	}
	return nil
}

func (m *Manifest) input(path string) *InputRecord {
	if m == nil {
		return nil
	}
	for i := range m.Inputs {
		if m.Inputs[i].Path == path {
			return &m.Inputs[i]
		}
	}
	return nil
}

// writeManifest writes and syncs the manifest into a run folder.
func writeManifest(runDir string, m *Manifest) error {
	b, err := jsonIndent(m)
	if err != nil {
		return err
	}
	return writeFileSync(filepath.Join(runDir, ManifestName), b)
}

func jsonIndent(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	return append(b, '\n'), err
}

// writeFileSync writes a new file and syncs it to disk before returning.
func writeFileSync(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Verify checks every output of a run against its manifest's sizes and
// hashes, returning the first mismatch.
func Verify(runDir string) error {
	m, err := ReadManifest(runDir)
	if err != nil {
		return err
	}
	for _, st := range m.Steps {
		for _, o := range st.Outputs {
			n, sum, err := hashFile(filepath.Join(runDir, o.Path))
			if err != nil {
				return err
			}
			if n != o.Bytes || sum != o.SHA256 {
				return fmt.Errorf("%s: %d bytes sha256 %s, manifest says %d bytes sha256 %s", o.Path, n, sum, o.Bytes, o.SHA256)
			}
		}
	}
	return nil
}
