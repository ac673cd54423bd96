package nightly

import (
	"log/slog"
	"os"
	"path/filepath"
	"sort"
)

// prune keeps the newest keep runs in ROOT/runs and deletes older ones,
// but never the run `latest` points to (it may be older than the newest
// after a run killed between its two renames). Runs in progress live in
// .staging and are never looked at. It returns the runs removed.
func prune(root string, keep int, log *slog.Logger) ([]string, error) {
	ids, err := listRuns(root)
	if err != nil {
		return nil, err
	}
	latest, err := Latest(root)
	if err != nil {
		return nil, err
	}
	var removed []string
	for i, id := range ids {
		if i >= len(ids)-keep || id == latest {
			continue
		}
		if err := os.RemoveAll(filepath.Join(root, RunsDir, id)); err != nil {
			return removed, err
		}
		log.Info("retention: removed run", "run", id, "keep", keep)
		removed = append(removed, id)
	}
	return removed, nil
}

// listRuns lists published run ids, oldest first.
func listRuns(root string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(root, RunsDir))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, e := range entries {
		if e.IsDir() && runIDRE.MatchString(e.Name()) {
			ids = append(ids, e.Name())
		}
	}
	sort.Strings(ids)
	return ids, nil
}
