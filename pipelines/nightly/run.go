package nightly

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/internal/scenario"
)

// Options control a run.
type Options struct {
	Root     string // output root; overrides the pipeline file's root when set
	Force    bool   // recompute every step and re-check every input
	Log      *slog.Logger
	Progress Progress // nil: no progress display
}

// Result is a published run.
type Result struct {
	Root     string
	Dir      string // ROOT/runs/<run>
	Manifest *Manifest
	// Changed counts inputs new or different since the previous run.
	Changed int
	Removed []string // runs deleted by retention
}

// Run builds every step of the pipeline into a staging folder under the
// output root and publishes it atomically (see publish). Errors:
// *LockedError when another run holds the root, *indicators.DataError for a
// bad input, *scenario.ConfigError for a bad pipeline file; anything else
// is internal (disk, permissions, a bug). On any error `latest` is
// unchanged, the staging folder is removed and ROOT/last-failure.json says
// why.
func Run(ctx context.Context, p *Pipeline, opt Options) (*Result, error) {
	log := opt.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	root := p.RootDir()
	if opt.Root != "" {
		var err error
		if root, err = filepath.Abs(opt.Root); err != nil {
			return nil, err
		}
	}
	if root == "" {
		return nil, &scenario.ConfigError{File: p.Path, Key: "root", Msg: "no output root: set root: in the pipeline file or pass --root"}
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("output root: %w", err)
	}
	start := time.Now().UTC()
	id := newRunID(root, start)
	lock, err := acquireLock(root, id, log)
	if err != nil {
		return nil, err
	}
	defer lock.release()
	r := &runner{p: p, root: root, id: id, start: start, opt: opt, log: log, prog: opt.Progress}
	if r.prog == nil {
		r.prog = noProgress{}
	}
	res, err := r.run(ctx)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			err = fmt.Errorf("run interrupted (%w); the previous run stays published", err)
		}
		r.fail(err)
		return nil, err
	}
	return res, nil
}

type runner struct {
	p         *Pipeline
	root, id  string
	start     time.Time
	opt       Options
	log       *slog.Logger
	prog      Progress
	prev      *Manifest
	prevID    string
	staged    string
	published bool
}

func (r *runner) run(ctx context.Context) (*Result, error) {
	if err := cleanStale(r.root, r.log); err != nil {
		return nil, fmt.Errorf("cleaning up after an earlier run: %w", err)
	}
	var err error
	if r.prevID, err = Latest(r.root); err != nil {
		return nil, err
	}
	if r.prevID != "" {
		if r.prev, err = ReadManifest(filepath.Join(r.root, RunsDir, r.prevID)); err != nil {
			r.log.Warn("the published run has no readable manifest: recomputing everything", "run", r.prevID, "error", err)
			r.prev = nil
		}
	}
	r.staged = filepath.Join(r.root, StagingDir, r.id)
	if err := os.MkdirAll(r.staged, 0o755); err != nil {
		return nil, err
	}
	pipelinePath, _ := filepath.Abs(r.p.Path)
	man := &Manifest{Run: r.id, Pipeline: pipelinePath, PipelineSHA256: sha256Hex(r.p.Text),
		EngineVersion: engine.Version, Started: r.start, Forced: r.opt.Force, Previous: r.prevID, Timings: map[string]float64{}}
	r.log.Info("run started", "run", r.id, "root", r.root, "steps", len(r.p.Steps), "previous", r.prevID, "force", r.opt.Force)

	files, changed, err := r.inputs(ctx, man)
	if err != nil {
		return nil, err
	}
	pause("inputs")
	hashes := map[string]string{}
	suppressed := map[string]int{}
	for _, f := range files {
		hashes[f.Path], suppressed[f.Path] = f.SHA256, f.Suppressed
	}

	t := time.Now()
	for i, st := range r.p.Steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec, err := r.step(ctx, i, st, hashes, suppressed)
		if err != nil {
			return nil, err
		}
		man.Steps = append(man.Steps, *rec)
	}
	man.Timings["steps"] = since(t)
	man.Finished = time.Now().UTC()
	man.Seconds = man.Finished.Sub(man.Started).Seconds()
	if err := writeManifest(r.staged, man); err != nil {
		return nil, err
	}
	pause("manifest")
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.prog.Phase("publishing")
	if err := publish(r.root, r.id); err != nil {
		return nil, fmt.Errorf("publishing: %w", err)
	}
	r.published = true
	res := &Result{Root: r.root, Dir: filepath.Join(r.root, RunsDir, r.id), Manifest: man, Changed: changed}
	pause("retention")
	if res.Removed, err = prune(r.root, r.p.Keep(), r.log); err != nil {
		// The run is published; old runs are only taking space.
		r.log.Error("retention: could not remove old runs", "error", err)
	}
	r.prog.Done()
	return res, nil
}

// inputs hashes every input and checks those whose content (or checks) changed
// since the previous run; unchanged ones passed the same checks then.
func (r *runner) inputs(ctx context.Context, man *Manifest) ([]*inputFile, int, error) {
	files, err := r.p.inputs()
	if err != nil {
		return nil, 0, err
	}
	r.prog.Phase(fmt.Sprintf("hashing %d inputs", len(files)))
	t := time.Now()
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		if f.Bytes, f.SHA256, err = hashFile(f.Path); err != nil {
			return nil, 0, &indicators.DataError{File: f.Path, Msg: strings.TrimPrefix(err.Error(), f.Path+": ")}
		}
	}
	man.Timings["hash_inputs"] = since(t)
	r.prog.Phase("checking inputs")
	t = time.Now()
	changed, checked := 0, 0
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		pr := r.prev.input(f.Path)
		if pr == nil || pr.SHA256 != f.SHA256 {
			changed++
		}
		if pr != nil && !r.opt.Force && pr.SHA256 == f.SHA256 && pr.Checks == f.checks() && pr.CheckedIn != "" {
			f.CheckedIn, f.Suppressed = pr.CheckedIn, pr.SuppressedCells
			continue
		}
		if f.Suppressed, err = check(f); err != nil {
			return nil, 0, err
		}
		f.CheckedIn = r.id
		checked++
	}
	man.Timings["check_inputs"] = since(t)
	for _, f := range files {
		man.Inputs = append(man.Inputs, InputRecord{Path: f.Path, Format: f.Format, Vintage: f.Vintage, Bytes: f.Bytes,
			SHA256: f.SHA256, Declared: f.Declared, UsedBy: f.UsedBy, Checks: f.checks(), CheckedIn: f.CheckedIn,
			SuppressedCells: f.Suppressed})
	}
	r.log.Info("inputs", "files", len(files), "changed", changed, "checked", checked)
	return files, changed, nil
}

// step carries a step's outputs from the previous run when its key is
// unchanged, and computes it otherwise.
func (r *runner) step(ctx context.Context, i int, st Step, hashes map[string]string, suppressed map[string]int) (*StepRecord, error) {
	b := st.base()
	rec := &StepRecord{Name: b.Name, Kind: b.Kind, Started: time.Now().UTC()}
	uses := st.uses()
	for _, u := range uses {
		if abs, _ := filepath.Abs(u.Path); !slices.Contains(rec.Inputs, abs) {
			rec.Inputs = append(rec.Inputs, abs)
		}
	}
	slices.Sort(rec.Inputs)
	rec.Key = stepKey(st, uses, hashes)
	r.prog.StepStart(i, len(r.p.Steps), b.Name)
	dir := filepath.Join(r.staged, b.Name)
	reused := false
	if ps := r.prev.step(b.Name); !r.opt.Force && ps != nil && ps.Key == rec.Key {
		if err := carry(filepath.Join(r.root, RunsDir, r.prevID), r.staged, ps.Outputs); err != nil {
			r.log.Warn("cannot reuse the previous outputs: recomputing", "step", b.Name, "error", err)
			if err := os.RemoveAll(dir); err != nil {
				return nil, err
			}
		} else {
			reused = true
			rec.Reused, rec.ReusedFrom = true, ps.ReusedFrom
			if rec.ReusedFrom == "" {
				rec.ReusedFrom = r.prevID
			}
			rec.Scenario, rec.ScenarioSHA256, rec.Rows, rec.PeopleCovered, rec.Warnings, rec.Outputs =
				ps.Scenario, ps.ScenarioSHA256, ps.Rows, ps.PeopleCovered, ps.Warnings, ps.Outputs
		}
	}
	if !reused {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		env := &stepEnv{log: r.log.With("step", b.Name), suppressed: suppressed, hashes: hashes}
		if err := st.run(ctx, env, dir, rec); err != nil {
			return nil, fmt.Errorf("step %s: %w", b.Name, err)
		}
		outs, err := hashOutputs(r.staged, dir)
		if err != nil {
			return nil, err
		}
		rec.Outputs = outs
	}
	rec.Finished = time.Now().UTC()
	rec.Seconds = rec.Finished.Sub(rec.Started).Seconds()
	r.prog.StepDone(i, len(r.p.Steps), rec)
	r.log.Info("step", "step", b.Name, "kind", b.Kind, "reused", rec.Reused, "reused_from", rec.ReusedFrom,
		"seconds", round3(rec.Seconds), "outputs", len(rec.Outputs))
	return rec, nil
}

// stepKey hashes what decides a step's outputs: the engine version, the
// step's settings and the content of every file it reads, each named by
// its role (not its absolute path, so moving the data tree keeps the cache).
func stepKey(st Step, uses []Use, hashes map[string]string) string {
	h := sha256.New()
	fmt.Fprintf(h, "engine %s\nkind %s\nsettings %s\n", engine.Version, st.base().Kind, st.settings())
	for _, u := range uses {
		abs, _ := filepath.Abs(u.Path)
		fmt.Fprintf(h, "file %s %s\n", u.Role, hashes[abs])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Failure is ROOT/last-failure.json: why the most recent failed run failed.
type Failure struct {
	Run      string    `json:"run"`
	Started  time.Time `json:"started"`
	Failed   time.Time `json:"failed"`
	Class    string    `json:"class"` // data, config, interrupted, internal
	Error    string    `json:"error"`
	Previous string    `json:"latest_unchanged"`
}

// fail removes the staging folder and records the failure. It never
// touches `latest`.
func (r *runner) fail(err error) {
	r.prog.Done()
	if r.staged != "" && !r.published {
		if rmErr := os.RemoveAll(r.staged); rmErr != nil {
			r.log.Warn("could not remove the staging folder; the next run will", "staging", r.staged, "error", rmErr)
		}
	}
	f := Failure{Run: r.id, Started: r.start, Failed: time.Now().UTC(), Class: Class(err), Error: err.Error(), Previous: r.prevID}
	r.log.Error("run failed; latest is unchanged", "run", r.id, "class", f.Class, "latest", r.prevID, "error", err.Error())
	if b, jerr := jsonIndent(f); jerr == nil {
		tmp := filepath.Join(r.root, "."+FailureName+".tmp")
		if werr := writeFileSync(tmp, b); werr == nil {
			os.Rename(tmp, filepath.Join(r.root, FailureName))
		} else {
			os.Remove(tmp)
		}
	}
}

// Class names the kind of a run error the way exit codes do: data (1),
// config (2), locked (4), interrupted or internal (3).
func Class(err error) string {
	var de *indicators.DataError
	var ce *scenario.ConfigError
	var le *LockedError
	switch {
	case errors.As(err, &le):
		return "locked"
	case errors.As(err, &ce):
		return "config"
	case errors.As(err, &de):
		return "data"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "interrupted"
	}
	return "internal"
}

func since(t time.Time) float64 { return round3(time.Since(t).Seconds()) }

func round3(s float64) float64 { return float64(int64(s*1000+0.5)) / 1000 }
