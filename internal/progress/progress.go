// Package progress shows long work as it happens. On a terminal a line is
// redrawn in place: a bar for work with a known total (Bar), a notice for
// a stage that takes over a second (Stage), or a status line with the
// elapsed time and finished lines above it (Status). Anywhere else (cron,
// systemd, a pipe) nothing is redrawn: Bar logs structured lines through
// slog instead, so logs stay greppable, and the callers' own log lines
// say what a Status would.
package progress

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"
)

// IsTerminal reports whether w is a terminal (a character device), where a
// redrawn line makes sense.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Bar reports work with a known total: a bar redrawn in place on a
// terminal, once the work has run for a second (shorter work shows
// nothing), or a log line at each quarter otherwise. Update is safe from
// many goroutines.
type Bar struct {
	w        io.Writer
	log      *slog.Logger
	label    string
	terminal bool
	start    time.Time

	mu      sync.Mutex
	drawn   time.Time
	quarter int
	shown   bool
}

// NewBar reports on w (a terminal gets the bar) or through log.
func NewBar(w io.Writer, log *slog.Logger, label string) *Bar {
	return &Bar{w: w, log: log, label: label, terminal: IsTerminal(w), start: time.Now()}
}

// Update records that done of total units are complete.
func (p *Bar) Update(done, total int) {
	if total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	elapsed := now.Sub(p.start)
	if !p.terminal {
		if q := 4 * done / total; q > p.quarter && q < 4 && elapsed >= time.Second {
			p.quarter = q
			p.log.Info(p.label, "done", done, "of", total, "elapsed", elapsed.Round(time.Millisecond).String())
		}
		return
	}
	if elapsed < time.Second || now.Sub(p.drawn) < 100*time.Millisecond && done < total {
		return
	}
	p.drawn, p.shown = now, true
	const width = 30
	fill := width * done / total
	eta := ""
	if done > 0 && done < total {
		eta = fmt.Sprintf(", %s left", (time.Duration(float64(elapsed) * float64(total-done) / float64(done))).Round(100*time.Millisecond))
	}
	fmt.Fprintf(p.w, "\r%s [%s%s] %3d%% %d/%d (%s%s) ", p.label, strings.Repeat("=", fill), strings.Repeat(" ", width-fill),
		100*done/total, done, total, elapsed.Round(100*time.Millisecond), eta)
}

// Done finishes the report: clears the bar, or logs the total time.
func (p *Bar) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.terminal {
		if p.shown {
			fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", 90))
		}
		return
	}
	p.log.Info(p.label+" done", "elapsed", time.Since(p.start).Round(time.Millisecond).String())
}

// Stage runs f, showing label on a terminal w if it takes over a second
// (a notice without a bar: the stage has no known total).
func Stage(w io.Writer, label string, f func() error) error {
	return stage(w, IsTerminal(w), time.Second, label, f)
}

func stage(w io.Writer, terminal bool, after time.Duration, label string, f func() error) error {
	if !terminal {
		return f()
	}
	done := make(chan struct{})
	shown := false
	var mu sync.Mutex
	go func() {
		select {
		case <-done:
		case <-time.After(after):
			mu.Lock()
			fmt.Fprintf(w, "\r%s ...", label)
			shown = true
			mu.Unlock()
		}
	}()
	err := f()
	close(done)
	mu.Lock()
	if shown {
		fmt.Fprintf(w, "\r%s\r", strings.Repeat(" ", len(label)+4))
	}
	mu.Unlock()
	return err
}

// Status is a status line on a terminal: what is being done and for how
// long, redrawn four times a second, with finished lines left above it.
type Status struct {
	mu    sync.Mutex
	w     io.Writer
	line  string
	since time.Time
	stop  chan struct{}
}

// NewStatus shows a status line on w, a terminal.
func NewStatus(w io.Writer) *Status { return &Status{w: w} }

// Set shows what is being done now, with the time since this call.
func (s *Status) Set(what string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.line, s.since = what, time.Now()
	s.draw()
	s.tick()
}

// Finish replaces the status line with line, which stays.
func (s *Status) Finish(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(s.w, "\r\033[K%s\n", line)
	s.line = ""
}

// Done clears the status line and stops redrawing it.
func (s *Status) Done() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stop != nil {
		close(s.stop)
		s.stop = nil
	}
	if s.line != "" {
		fmt.Fprint(s.w, "\r\033[K")
		s.line = ""
	}
}

// Writer returns a writer for log lines on the same terminal: each write
// clears the status line first and redraws it after, so a warning does not
// land in the middle of it.
func (s *Status) Writer() io.Writer { return statusWriter{s} }

type statusWriter struct{ s *Status }

func (l statusWriter) Write(p []byte) (int, error) {
	l.s.mu.Lock()
	defer l.s.mu.Unlock()
	if l.s.line != "" {
		fmt.Fprint(l.s.w, "\r\033[K")
	}
	n, err := l.s.w.Write(p)
	l.s.draw()
	return n, err
}

// draw rewrites the status line; the caller holds mu.
func (s *Status) draw() {
	if s.line != "" {
		fmt.Fprintf(s.w, "\r\033[K%s ... %.1fs", s.line, time.Since(s.since).Seconds())
	}
}

// tick starts the redraw loop once; the caller holds mu.
func (s *Status) tick() {
	if s.stop != nil {
		return
	}
	stop := make(chan struct{})
	s.stop = stop
	go func() {
		tk := time.NewTicker(250 * time.Millisecond)
		defer tk.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tk.C:
				s.mu.Lock()
				s.draw()
				s.mu.Unlock()
			}
		}
	}()
}
