package nightly

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

// LockName is the lock file in the output root.
const LockName = ".lock"

// LockedError means another run holds the output root (exit code 4): a
// scheduler should simply try again later.
type LockedError struct {
	Root  string
	Owner LockOwner
}

func (e *LockedError) Error() string {
	who := "another run"
	if e.Owner.PID != 0 {
		who = fmt.Sprintf("run %s (pid %d on %s, since %s)", e.Owner.Run, e.Owner.PID, e.Owner.Host, e.Owner.Since.Format(time.RFC3339))
	}
	return fmt.Sprintf("%s is locked by %s; nothing was done", e.Root, who)
}

// LockOwner is what the lock file holds while a run owns the root. It is for
// people and for the stale-lock log line; the kernel lock decides.
type LockOwner struct {
	PID   int       `json:"pid"`
	Host  string    `json:"host"`
	Run   string    `json:"run"`
	Since time.Time `json:"since"`
}

// rootLock is a held lock on an output root.
//
// On Unix it is flock(2) on ROOT/.lock: the kernel releases it when the
// process dies however it dies (even SIGKILL), so a lock can never be held
// by a dead process. The file also records the owner's PID; a file that
// still names an owner while the flock is free was left by a run that died,
// which is logged as a stale lock being taken over. The file is never
// deleted (deleting a locked file lets a second process lock a new file of
// the same name); a clean exit empties it.
type rootLock struct {
	f *os.File
}

var errLockHeld = errors.New("lock held")

// acquireLock takes the root's lock or returns a *LockedError.
func acquireLock(root, run string, log *slog.Logger) (*rootLock, error) {
	path := filepath.Join(root, LockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := tryLock(f); err != nil {
		owner := readOwner(f)
		f.Close()
		if errors.Is(err, errLockHeld) {
			return nil, &LockedError{Root: root, Owner: owner}
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	prev := readOwner(f) // stable now: only the lock holder writes it
	if prev.PID != 0 {
		log.Warn("taking over a stale lock: the run that held it is no longer running",
			"lock", path, "pid", prev.PID, "host", prev.Host, "run", prev.Run, "since", prev.Since, "pid_alive", processAlive(prev.PID))
	}
	host, _ := os.Hostname()
	b, _ := json.Marshal(LockOwner{PID: os.Getpid(), Host: host, Run: run, Since: time.Now().UTC()})
	if err := f.Truncate(0); err != nil {
		unlock(f)
		f.Close()
		return nil, err
	}
	if _, err := f.WriteAt(append(b, '\n'), 0); err != nil {
		unlock(f)
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f.Sync()
	return &rootLock{f: f}, nil
}

// release empties the lock file (so the next run sees no stale owner) and
// unlocks it.
func (l *rootLock) release() {
	if l == nil || l.f == nil {
		return
	}
	l.f.Truncate(0)
	l.f.Sync()
	unlock(l.f)
	l.f.Close()
	l.f = nil
}

func readOwner(f *os.File) LockOwner {
	var o LockOwner
	b, err := io.ReadAll(io.NewSectionReader(f, 0, 1<<16))
	if err == nil && len(b) > 0 {
		json.Unmarshal(b, &o)
	}
	return o
}
