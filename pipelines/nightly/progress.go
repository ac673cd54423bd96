package nightly

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/manchester-insight/targeting/internal/progress"
)

// Progress is told what a run is doing. On a terminal the command shows it
// as one updating line per step; under a scheduler the log lines say the
// same, so there it is left out.
type Progress interface {
	Phase(what string)
	StepStart(i, n int, name string)
	StepDone(i, n int, rec *StepRecord)
	Done()
}

type noProgress struct{}

func (noProgress) Phase(string)                   {}
func (noProgress) StepStart(int, int, string)     {}
func (noProgress) StepDone(int, int, *StepRecord) {}
func (noProgress) Done()                          {}

// NewTerminal returns a Progress that redraws a status line on w (a
// terminal) with the elapsed time, and leaves one finished line per step.
func NewTerminal(w io.Writer) *Terminal {
	return &Terminal{progress.NewStatus(w)}
}

// Terminal is the progress display for a terminal.
type Terminal struct{ s *progress.Status }

func (t *Terminal) Phase(what string) { t.s.Set(what) }

func (t *Terminal) StepStart(i, n int, name string) { t.s.Set(fmt.Sprintf("[%d/%d] %s", i+1, n, name)) }

func (t *Terminal) StepDone(i, n int, rec *StepRecord) {
	what := "computed"
	if rec.Reused {
		what = "reused from " + rec.ReusedFrom
	}
	detail := ""
	if a, ok := rec.Rows["areas"]; ok {
		detail = fmt.Sprintf(", %d areas, %d selected", a, rec.Rows["selected"])
	}
	t.s.Finish(fmt.Sprintf("[%d/%d] %s: %s in %.2fs%s", i+1, n, rec.Name, what, rec.Seconds, detail))
}

func (t *Terminal) Done() { t.s.Done() }

// Writer returns a writer for log lines on the same terminal: each write
// clears the status line first and redraws it after, so a warning does not
// land in the middle of it.
func (t *Terminal) Writer() io.Writer { return t.s.Writer() }

// Summary is the one line printed at the end of a successful run.
func Summary(res *Result) string {
	m := res.Manifest
	reused := 0
	for _, s := range m.Steps {
		if s.Reused {
			reused++
		}
	}
	outs := 0
	for _, s := range m.Steps {
		outs += len(s.Outputs)
	}
	line := fmt.Sprintf("run %s published: %d steps (%d computed, %d reused), %d inputs (%d changed), %d outputs, %.1fs; %s -> %s",
		m.Run, len(m.Steps), len(m.Steps)-reused, reused, len(m.Inputs), res.Changed, outs, m.Seconds,
		filepath.Join(res.Root, LatestName), RunsDir+"/"+m.Run)
	if len(res.Removed) > 0 {
		line += fmt.Sprintf("; retention removed %d old run(s)", len(res.Removed))
	}
	return line
}
