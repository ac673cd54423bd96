package analysis

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"
)

// Progress reports a long computation: a bar redrawn in place on a
// terminal, once the work has run for a second (shorter work shows
// nothing), or a plain log line at each quarter otherwise, so logs stay
// greppable. Update is safe from many goroutines.
type Progress struct {
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

// NewProgress reports on w (a terminal gets the bar) or through log.
func NewProgress(w io.Writer, log *slog.Logger, label string) *Progress {
	return &Progress{w: w, log: log, label: label, terminal: IsTerminal(w), start: time.Now()}
}

// IsTerminal reports whether w is a character device (a terminal), where a
// redrawn bar makes sense.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Update records that done of total units are complete.
func (p *Progress) Update(done, total int) {
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
func (p *Progress) Done() {
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

// Stage runs f, showing label on a terminal if it takes over a second
// (a spinner-free notice: loading has no known total).
func Stage(w io.Writer, log *slog.Logger, label string, f func() error) error {
	if !IsTerminal(w) {
		return f()
	}
	done := make(chan struct{})
	shown := false
	var mu sync.Mutex
	go func() {
		select {
		case <-done:
		case <-time.After(time.Second):
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
