package nightly

import (
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"time"
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
	return &Terminal{w: w}
}

// Terminal is the progress display for a terminal.
type Terminal struct {
	mu    sync.Mutex
	w     io.Writer
	line  string
	since time.Time
	stop  chan struct{}
}

func (t *Terminal) Phase(what string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.line, t.since = what, time.Now()
	t.draw()
	t.tick()
}

func (t *Terminal) StepStart(i, n int, name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.line, t.since = fmt.Sprintf("[%d/%d] %s", i+1, n, name), time.Now()
	t.draw()
	t.tick()
}

func (t *Terminal) StepDone(i, n int, rec *StepRecord) {
	t.mu.Lock()
	defer t.mu.Unlock()
	what := "computed"
	if rec.Reused {
		what = "reused from " + rec.ReusedFrom
	}
	detail := ""
	if a, ok := rec.Rows["areas"]; ok {
		detail = fmt.Sprintf(", %d areas, %d selected", a, rec.Rows["selected"])
	}
	fmt.Fprintf(t.w, "\r\033[K[%d/%d] %s: %s in %.2fs%s\n", i+1, n, rec.Name, what, rec.Seconds, detail)
	t.line = ""
}

func (t *Terminal) Done() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stop != nil {
		close(t.stop)
		t.stop = nil
	}
	if t.line != "" {
		fmt.Fprint(t.w, "\r\033[K")
		t.line = ""
	}
}

// Writer returns a writer for log lines on the same terminal: each write
// clears the status line first and redraws it after, so a warning does not
// land in the middle of it.
func (t *Terminal) Writer() io.Writer { return logWriter{t} }

type logWriter struct{ t *Terminal }

func (l logWriter) Write(p []byte) (int, error) {
	l.t.mu.Lock()
	defer l.t.mu.Unlock()
	if l.t.line != "" {
		fmt.Fprint(l.t.w, "\r\033[K")
	}
	n, err := l.t.w.Write(p)
	l.t.draw()
	return n, err
}

// draw rewrites the status line; the caller holds mu.
func (t *Terminal) draw() {
	if t.line != "" {
		fmt.Fprintf(t.w, "\r\033[K%s ... %.1fs", t.line, time.Since(t.since).Seconds())
	}
}

// tick starts the redraw loop once; the caller holds mu.
func (t *Terminal) tick() {
	if t.stop != nil {
		return
	}
	stop := make(chan struct{})
	t.stop = stop
	go func() {
		tk := time.NewTicker(250 * time.Millisecond)
		defer tk.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tk.C:
				t.mu.Lock()
				t.draw()
				t.mu.Unlock()
			}
		}
	}()
}

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
