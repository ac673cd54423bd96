package progress

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"
)

func TestIsTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f) || IsTerminal(&bytes.Buffer{}) {
		t.Error("a file or a buffer counted as a terminal")
	}
	if dev, err := os.OpenFile("/dev/null", os.O_WRONLY, 0); err == nil {
		defer dev.Close()
		if !IsTerminal(dev) {
			t.Error("/dev/null (a character device) did not count as a terminal")
		}
	}
}

// On a terminal: nothing in the first second, then a bar with the count
// and the time left, cleared at the end.
func TestBarOnTerminal(t *testing.T) {
	var w, logs bytes.Buffer
	p := &Bar{w: &w, log: slog.New(slog.NewTextHandler(&logs, nil)), label: "robustness", terminal: true, start: time.Now()}
	p.Update(10, 100)
	if w.Len() != 0 {
		t.Fatalf("drawn within the first second: %q", w.String())
	}
	p.start = time.Now().Add(-2 * time.Second)
	p.Update(50, 100)
	if got := w.String(); !strings.HasPrefix(got, "\rrobustness [===============               ]  50% 50/100 (2") {
		t.Errorf("bar %q", got)
	}
	p.Update(60, 100) // within 100 ms of the last redraw: skipped
	p.Update(100, 100)
	if got := w.String(); strings.Count(got, "\r") != 2 || !strings.Contains(got, "] 100% 100/100 (2") {
		t.Errorf("bars %q", got)
	}
	p.Done()
	if !strings.HasSuffix(w.String(), "\r"+strings.Repeat(" ", 90)+"\r") {
		t.Errorf("bar not cleared: %q", w.String())
	}
	if logs.Len() != 0 {
		t.Errorf("logged on a terminal: %s", logs.String())
	}
}

// Elsewhere: a structured log line at each quarter after the first second,
// and one when done; nothing on w.
func TestBarLogs(t *testing.T) {
	var w, logs bytes.Buffer
	p := &Bar{w: &w, log: slog.New(slog.NewTextHandler(&logs, nil)), label: "robustness", start: time.Now().Add(-2 * time.Second)}
	for done := 0; done <= 100; done += 10 {
		p.Update(done, 100)
	}
	p.Done()
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 4 || w.Len() != 0 {
		t.Fatalf("%d log lines, %d bytes on w; want 4 and 0:\n%s", len(lines), w.Len(), logs.String())
	}
	for i, want := range []string{"msg=robustness done=30 of=100", "msg=robustness done=50 of=100", "msg=robustness done=80 of=100", `msg="robustness done" elapsed=2`} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("line %d %q lacks %q", i, lines[i], want)
		}
	}
}

func TestStage(t *testing.T) {
	boom := errors.New("boom")
	var w bytes.Buffer
	if err := Stage(&w, "scoring", func() error { return boom }); err != boom || w.Len() != 0 {
		t.Errorf("not a terminal: %v, %q", err, w.String())
	}
	if err := stage(&w, true, time.Hour, "scoring", func() error { return nil }); err != nil || w.Len() != 0 {
		t.Errorf("quick stage: %v, %q", err, w.String())
	}
	err := stage(&w, true, time.Millisecond, "scoring x", func() error { time.Sleep(100 * time.Millisecond); return boom })
	if want := "\rscoring x ...\r" + strings.Repeat(" ", 13) + "\r"; err != boom || w.String() != want {
		t.Errorf("slow stage: %v, %q, want %q", err, w.String(), want)
	}
}

// The status line, finished lines above it, and log lines that clear the
// status line before they are written and redraw it after.
func TestStatus(t *testing.T) {
	var b bytes.Buffer
	s := NewStatus(&b)
	s.Set("hashing 3 inputs")
	s.Finish("hashed")
	s.Set("[1/1] a")
	s.Writer().Write([]byte("level=WARN msg=careful\n"))
	s.Done()
	s.Done()
	out := b.String()
	for _, want := range []string{"\r\033[Khashing 3 inputs ... 0.0s", "\r\033[Khashed\n", "\r\033[K[1/1] a ... 0.0s\r\033[Klevel=WARN msg=careful\n\r\033[K[1/1] a ... "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q: %q", want, out)
		}
	}
	if !strings.HasSuffix(out, "\r\033[K") {
		t.Errorf("status line not cleared at the end: %q", out)
	}
}
