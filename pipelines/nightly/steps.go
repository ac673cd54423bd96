package nightly

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/manchester-insight/targeting/indicators"
)

// Step is one unit of a run: it names the files it reads and writes its
// outputs into its own folder of the run. A new kind is a type that
// implements Step plus one line in kinds; the runner does hashing, reuse,
// output hashes, timings and publishing for every kind alike.
type Step interface {
	base() *StepBase
	// prepare checks the decoded keys (key is the step's YAML path, for
	// errors), loads what the step names and sets a default name.
	prepare(p *Pipeline, key string) error
	// uses lists every file the step reads and how it reads it.
	uses() []Use
	// settings is the canonical text of the step's own settings; it is part
	// of the cache key, so a changed setting recomputes the step.
	settings() string
	// run computes the step into dir (created, empty) and fills in the
	// kind-specific parts of rec (rows, warnings).
	run(ctx context.Context, env *stepEnv, dir string, rec *StepRecord) error
}

// kinds maps a step's `kind:` to a constructor.
var kinds = map[string]func() Step{
	"score":    func() Step { return &scoreStep{} },
	"summary":  func() Step { return &summaryStep{} },
	"notebook": func() Step { return &notebookStep{} },
}

// StepBase holds the keys every step has.
type StepBase struct {
	Kind string `yaml:"kind"`
	// Name names the step's folder in a run; it defaults per kind (a score
	// step takes its scenario's name).
	Name string `yaml:"name"`
}

func (b *StepBase) base() *StepBase { return b }

// Use is a file a step reads and how it reads it, which decides the checks
// run on it before any step computes.
type Use struct {
	Path    string   // absolute
	Format  string   // csv, parquet, geojson; "" = hashed only (e.g. the scenario file)
	Vintage string   // checked against a declared input's vintage when set
	Code    string   // area-code column or property that must exist
	NA      []string // tokens counted as suppressed cells
	Role    string   // where the step names it, e.g. "sources.iod2019"
}

// stepEnv is what the runner hands a step.
type stepEnv struct {
	log *slog.Logger
	// suppressed counts suppressed cells per input path (from the checks).
	suppressed map[string]int
	// hashes is the sha256 of every input as hashed at the start of the
	// run, which the manifest records; a step checks it read the same bytes.
	hashes map[string]string
}

// changedDuringRun is the error for an input whose content is not what the
// run hashed: the manifest would not describe the outputs, so the run fails.
func (env *stepEnv) changedDuringRun(path, read string) error {
	if want, ok := env.hashes[path]; ok && read != "" && want != read {
		return &indicators.DataError{File: path, Msg: fmt.Sprintf("the file changed during the run (sha256 %.12s when hashed, %.12s when read): is another job writing it? Run again when it is complete", want, read)}
	}
	return nil
}
