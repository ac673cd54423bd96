package pipelines

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Report is the run report: what went in, what was converted, imputed,
// dropped and warned about. It is written next to the outputs as JSON.
type Report struct {
	Scenario    string           `json:"scenario"`
	Title       string           `json:"title"`
	ScenarioSHA string           `json:"scenario_sha256"`
	Version     string           `json:"engine_version"`
	Started     time.Time        `json:"started"`
	Finished    time.Time        `json:"finished"`
	Inputs      []Input          `json:"inputs"`
	Conversions []ConversionNote `json:"conversions,omitempty"`
	Areas       int              `json:"areas"`
	Wards       int              `json:"wards"`
	Selected    int              `json:"areas_selected"`
	People      float64          `json:"people_covered"`
	Selection   string           `json:"selection"`
	Imputed     map[string]int   `json:"imputed,omitempty"`
	Dropped     []string         `json:"dropped,omitempty"`
	Warnings    []string         `json:"warnings,omitempty"`
	Attribution []string         `json:"attribution"`
	// Synthetic lists the sources made by a generator, not real records:
	// every output computed from them says so.
	Synthetic []string `json:"synthetic_sources,omitempty"`
	Outputs   []string `json:"outputs"`

	hashed map[string]Input // inputs hashed ahead, by path
}

// Input is one input file with its content hash.
type Input struct {
	Source string `json:"source"`
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// ConversionNote records a vintage conversion.
type ConversionNote struct {
	Source      string   `json:"source"`
	From        string   `json:"from"`
	To          string   `json:"to"`
	Lookup      string   `json:"lookup"`
	Apportioned []string `json:"apportioned,omitempty"`
}

func (r *Report) addInput(path, source string) {
	for _, in := range r.Inputs {
		if in.Path == path {
			return
		}
	}
	in, ok := r.hashed[path]
	if !ok {
		in = hashFile(path)
	}
	in.Source = source
	r.Inputs = append(r.Inputs, in)
}

// hashFile reads a file's size and sha256. A folder (a Hive-partitioned
// source) hashes every file in it, by relative path and content, in order.
func hashFile(path string) Input {
	in := Input{Path: path}
	h := sha256.New()
	add := func(p string) {
		if f, err := os.Open(p); err == nil {
			n, _ := io.Copy(h, f)
			in.Bytes += n
			f.Close()
		}
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(path, p)
				io.WriteString(h, rel+"\n")
				add(p)
			}
			return nil
		})
	} else {
		add(path)
	}
	in.SHA256 = hex.EncodeToString(h.Sum(nil))
	return in
}

// hashTasks hash files on the side while a run reads them (one task each),
// for addInput to find.
func (r *Report) hashTasks(paths []string) []func() error {
	r.hashed = make(map[string]Input, len(paths))
	var mu sync.Mutex
	var tasks []func() error
	for _, p := range paths {
		tasks = append(tasks, func() error {
			in := hashFile(p)
			mu.Lock()
			r.hashed[p] = in
			mu.Unlock()
			return nil
		})
	}
	return tasks
}
