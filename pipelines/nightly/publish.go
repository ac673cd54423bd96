package nightly

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"
)

// Layout of an output root:
//
//	ROOT/.lock              lock file (see rootLock)
//	ROOT/.staging/<run>/    a run being built; never read by anyone else
//	ROOT/runs/<run>/        published runs, each complete with manifest.json
//	ROOT/latest -> runs/<run>   symlink to the published run
//	ROOT/last-failure.json  the most recent failed run's error
//
// A run is built entirely in .staging (same filesystem as runs/), then
// published by two atomic renames: the staging folder to runs/<run>, then a
// new symlink made under a temporary name over `latest`. A reader that
// resolves `latest` sees the old run or the new one, never a mixture, and a
// run killed at any point before the second rename leaves `latest` as it was.
const (
	StagingDir  = ".staging"
	RunsDir     = "runs"
	LatestName  = "latest"
	FailureName = "last-failure.json"
	tmpLinkPfx  = ".latest-"
)

// runIDLayout names runs by their UTC start, so names sort by time.
const runIDLayout = "20060102T150405.000Z"

var runIDRE = regexp.MustCompile(`^\d{8}T\d{6}\.\d{3}Z(-\d+)?$`)

// newRunID names a run after its start time, unique among the root's runs.
func newRunID(root string, t time.Time) string {
	base := t.UTC().Format(runIDLayout)
	id := base
	for n := 2; exists(filepath.Join(root, RunsDir, id)) || exists(filepath.Join(root, StagingDir, id)); n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	return id
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// Latest returns the run id `latest` points to, or "" if there is none.
func Latest(root string) (string, error) {
	target, err := os.Readlink(filepath.Join(root, LatestName))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	dir, id := filepath.Split(filepath.Clean(target))
	if filepath.Clean(dir) != RunsDir || !runIDRE.MatchString(id) {
		return "", fmt.Errorf("%s points to %s, not to a run in %s/", filepath.Join(root, LatestName), target, RunsDir)
	}
	return id, nil
}

// cleanStale removes what killed runs left behind: staging folders and
// temporary latest links. Only a lock holder calls it, so none of them
// belongs to a run in progress.
func cleanStale(root string, log *slog.Logger) error {
	staging := filepath.Join(root, StagingDir)
	entries, err := os.ReadDir(staging)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, e := range entries {
		log.Warn("removing an incomplete run left by a run that did not finish", "staging", filepath.Join(staging, e.Name()))
		if err := os.RemoveAll(filepath.Join(staging, e.Name())); err != nil {
			return err
		}
	}
	top, err := os.ReadDir(root)
	if err != nil {
		return err
	}
	for _, e := range top {
		if strings.HasPrefix(e.Name(), tmpLinkPfx) {
			if err := os.Remove(filepath.Join(root, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// publish moves a complete staged run into runs/ and makes it `latest`.
func publish(root, id string) error {
	runs := filepath.Join(root, RunsDir)
	if err := os.MkdirAll(runs, 0o755); err != nil {
		return err
	}
	if err := syncTree(filepath.Join(root, StagingDir, id)); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(root, StagingDir, id), filepath.Join(runs, id)); err != nil {
		return err
	}
	if err := syncDir(runs); err != nil {
		return err
	}
	pause("publish")
	tmp := filepath.Join(root, tmpLinkPfx+id)
	os.Remove(tmp)
	if err := os.Symlink(filepath.Join(RunsDir, id), tmp); err != nil {
		return err
	}
	pause("link")
	if err := os.Rename(tmp, filepath.Join(root, LatestName)); err != nil {
		os.Remove(tmp)
		return err
	}
	os.Remove(filepath.Join(root, StagingDir)) // only if empty: tidy, not needed
	return syncDir(root)
}

// syncTree flushes every file and folder of a staged run to disk, so a
// power cut after the renames cannot leave a published run with empty files.
func syncTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return syncDir(p)
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		err = f.Sync()
		f.Close()
		return err
	})
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	// Windows cannot sync a folder; elsewhere a failure is a real I/O error.
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) && runtime.GOOS != "windows" {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
