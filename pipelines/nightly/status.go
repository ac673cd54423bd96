package nightly

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// ErrNotRoot: the folder given to Status holds no runs.
var ErrNotRoot = errors.New("not a pipeline output root")

// StatusReport is what `targeting pipeline status ROOT` shows.
type StatusReport struct {
	Root        string     `json:"root"`
	Latest      string     `json:"latest"`
	Runs        []RunInfo  `json:"runs"` // newest first
	Incomplete  []string   `json:"incomplete,omitempty"`
	Lock        *LockOwner `json:"lock,omitempty"` // the lock file names an owner: a run in progress, or a killed one
	LockAlive   bool       `json:"lock_pid_alive,omitempty"`
	LastFailure *Failure   `json:"last_failure,omitempty"` // only when newer than latest
	Changes     *Changes   `json:"changes,omitempty"`
}

// RunInfo is one published run.
type RunInfo struct {
	Run      string    `json:"run"`
	Latest   bool      `json:"latest"`
	Started  time.Time `json:"started"`
	Seconds  float64   `json:"seconds"`
	Steps    int       `json:"steps"`
	Reused   int       `json:"reused"`
	Outputs  int       `json:"outputs"`
	Warnings int       `json:"warnings"`
	Error    string    `json:"error,omitempty"` // the manifest cannot be read
}

// Status reads an output root without locking it (so it never makes a
// starting run exit 4): the last n runs, leftovers of killed runs, the last
// failure and what changed between the last two runs.
func Status(root string, n int) (*StatusReport, error) {
	if st, err := os.Stat(root); err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", root)
	}
	ids, err := listRuns(root)
	if err != nil {
		return nil, err
	}
	latest, err := Latest(root)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 && latest == "" && !exists(filepath.Join(root, LockName)) {
		return nil, fmt.Errorf("%s: %w (no %s/, no %s)", root, ErrNotRoot, RunsDir, LatestName)
	}
	s := &StatusReport{Root: root, Latest: latest}
	manifests := map[string]*Manifest{}
	for k := len(ids) - 1; k >= 0 && len(s.Runs) < n; k-- {
		id := ids[k]
		info := RunInfo{Run: id, Latest: id == latest}
		m, err := ReadManifest(filepath.Join(root, RunsDir, id))
		if err != nil {
			info.Error = err.Error()
		} else {
			manifests[id] = m
			info.Started, info.Seconds, info.Steps = m.Started, m.Seconds, len(m.Steps)
			for _, st := range m.Steps {
				info.Outputs += len(st.Outputs)
				if st.Reused {
					info.Reused++
				}
				if st.Warnings != nil && !st.Warnings.empty() {
					info.Warnings++
				}
			}
		}
		s.Runs = append(s.Runs, info)
	}
	if entries, err := os.ReadDir(filepath.Join(root, StagingDir)); err == nil {
		for _, e := range entries {
			s.Incomplete = append(s.Incomplete, filepath.Join(StagingDir, e.Name()))
		}
	}
	if b, err := os.ReadFile(filepath.Join(root, LockName)); err == nil && len(b) > 0 {
		var o LockOwner
		if json.Unmarshal(b, &o) == nil && o.PID != 0 {
			s.Lock, s.LockAlive = &o, processAlive(o.PID)
		}
	}
	if b, err := os.ReadFile(filepath.Join(root, FailureName)); err == nil {
		var f Failure
		if json.Unmarshal(b, &f) == nil {
			lm := manifests[latest]
			if lm == nil || f.Failed.After(lm.Finished) {
				s.LastFailure = &f
			}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	to := latest
	if to == "" && len(ids) > 0 {
		to = ids[len(ids)-1]
	}
	from := ""
	for _, id := range ids {
		if id < to {
			from = id
		}
	}
	if from != "" && to != "" {
		if s.Changes, err = compareRuns(root, from, to); err != nil {
			return nil, err
		}
	}
	return s, nil
}
