package nightly

import (
	"errors"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// A held lock refuses a second holder with a *LockedError naming the owner;
// a lock file left by a dead process is taken over with a log line; a
// released lock leaves an empty file.
func TestLock(t *testing.T) {
	root := t.TempDir()
	l, err := acquireLock(root, "R1", discard())
	if err != nil {
		t.Fatal(err)
	}
	_, err = acquireLock(root, "R2", discard())
	var le *LockedError
	if !errors.As(err, &le) || le.Owner.PID != os.Getpid() || le.Owner.Run != "R1" {
		t.Fatalf("second lock: %v, want a LockedError naming pid %d and run R1", err, os.Getpid())
	}
	if !strings.Contains(err.Error(), "is locked by run R1") {
		t.Errorf("message %q", err)
	}
	l.release()
	if b, _ := os.ReadFile(filepath.Join(root, LockName)); len(b) != 0 {
		t.Errorf("released lock file holds %q, want it empty", b)
	}

	// A process that has exited: its PID names no process now.
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, LockName), `{"pid":`+strconv.Itoa(dead.Process.Pid)+`,"host":"h","run":"R0","since":"2025-01-01T02:00:00Z"}`)
	var log syncBuffer
	l, err = acquireLock(root, "R3", slog.New(slog.NewTextHandler(&log, nil)))
	if err != nil {
		t.Fatalf("stale lock not taken over: %v", err)
	}
	defer l.release()
	if !strings.Contains(log.String(), "taking over a stale lock") || !strings.Contains(log.String(), "pid="+strconv.Itoa(dead.Process.Pid)) ||
		!strings.Contains(log.String(), "pid_alive=false") {
		t.Errorf("log %q, want the stale-lock line with the dead pid", log.String())
	}
	if o := readOwner(l.f); o.PID != os.Getpid() || o.Run != "R3" {
		t.Errorf("lock file owner %+v, want this process and R3", o)
	}
}
