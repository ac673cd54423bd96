package nightly

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Changes is what changed between two runs.
type Changes struct {
	From   string        `json:"from"`
	To     string        `json:"to"`
	Steps  []StepChange  `json:"steps"`
	Inputs []InputChange `json:"inputs,omitempty"`
}

// StepChange is one step's change in selection between two runs.
type StepChange struct {
	Step       string `json:"step"`
	Note       string `json:"note,omitempty"` // new step, removed step, or why it cannot be compared
	Recomputed bool   `json:"recomputed"`
	Before     int    `json:"selected_before"`
	After      int    `json:"selected_after"`
	Entered    []Area `json:"entered"` // areas selected now, not before
	Left       []Area `json:"left"`    // areas selected before, not now
}

// Area is an area code and name.
type Area struct {
	Code string `json:"code"`
	Name string `json:"name,omitempty"`
}

// InputChange is an input whose content changed, appeared or went away
// (an empty hash).
type InputChange struct {
	Path string `json:"path"`
	From string `json:"sha256_before"`
	To   string `json:"sha256_after"`
}

// compareRuns compares each step's selection, read from the `selected`
// column of its <name>_areas.csv in both runs.
func compareRuns(root, from, to string) (*Changes, error) {
	a, err := ReadManifest(filepath.Join(root, RunsDir, from))
	if err != nil {
		return nil, err
	}
	b, err := ReadManifest(filepath.Join(root, RunsDir, to))
	if err != nil {
		return nil, err
	}
	c := &Changes{From: from, To: to}
	for _, sb := range b.Steps {
		ch := StepChange{Step: sb.Name, Recomputed: !sb.Reused}
		sa := a.step(sb.Name)
		if sa == nil {
			ch.Note = "new step"
			c.Steps = append(c.Steps, ch)
			continue
		}
		before, errA := selection(filepath.Join(root, RunsDir, from), sa)
		after, errB := selection(filepath.Join(root, RunsDir, to), &sb)
		if errA != nil || errB != nil {
			ch.Note = fmt.Sprintf("cannot compare: %v", firstErr(errA, errB))
			c.Steps = append(c.Steps, ch)
			continue
		}
		ch.Before, ch.After = len(before), len(after)
		ch.Entered, ch.Left = []Area{}, []Area{}
		for code, name := range after {
			if _, ok := before[code]; !ok {
				ch.Entered = append(ch.Entered, Area{code, name})
			}
		}
		for code, name := range before {
			if _, ok := after[code]; !ok {
				ch.Left = append(ch.Left, Area{code, name})
			}
		}
		sortAreas(ch.Entered)
		sortAreas(ch.Left)
		c.Steps = append(c.Steps, ch)
	}
	for _, sa := range a.Steps {
		if b.step(sa.Name) == nil {
			c.Steps = append(c.Steps, StepChange{Step: sa.Name, Note: "removed step"})
		}
	}
	for _, in := range b.Inputs {
		if old := a.input(in.Path); old == nil || old.SHA256 != in.SHA256 {
			ch := InputChange{Path: in.Path, To: in.SHA256}
			if old != nil {
				ch.From = old.SHA256
			}
			c.Inputs = append(c.Inputs, ch)
		}
	}
	for _, in := range a.Inputs {
		if b.input(in.Path) == nil {
			c.Inputs = append(c.Inputs, InputChange{Path: in.Path, From: in.SHA256})
		}
	}
	return c, nil
}

// selection reads the selected areas (code -> name) of a step from its
// areas CSV.
func selection(runDir string, st *StepRecord) (map[string]string, error) {
	path := ""
	for _, o := range st.Outputs {
		if strings.HasSuffix(o.Path, "_areas.csv") {
			path = filepath.Join(runDir, o.Path)
		}
	}
	if path == "" {
		return nil, fmt.Errorf("step %s has no areas CSV", st.Name)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	hdr, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	code, name, sel := -1, -1, -1
	for i, h := range hdr {
		switch h {
		case "area_code":
			code = i
		case "area_name":
			name = i
		case "selected":
			sel = i
		}
	}
	if code < 0 || sel < 0 {
		return nil, fmt.Errorf("%s: no area_code or selected column", path)
	}
	out := map[string]string{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if rec[sel] == "true" {
			n := ""
			if name >= 0 {
				n = rec[name]
			}
			out[rec[code]] = n
		}
	}
}

func sortAreas(a []Area) { sort.Slice(a, func(i, j int) bool { return a[i].Code < a[j].Code }) }

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
