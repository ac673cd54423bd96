package nightly

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// carry brings a step's outputs from the previous run into the staged run:
// a hard link where the filesystem allows (no copy, no extra space; runs
// are never modified after publishing), else a copy. Every carried file is
// hashed again and must match the previous manifest, so a published file
// that was changed or damaged since is recomputed, never passed on.
func carry(prevRun, stagedRun string, outs []OutputRecord) error {
	for _, o := range outs {
		src, dst := filepath.Join(prevRun, o.Path), filepath.Join(stagedRun, o.Path)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.Link(src, dst); err != nil {
			if err := copyFile(src, dst); err != nil {
				return err
			}
		}
		n, sum, err := hashFile(dst)
		if err != nil {
			return err
		}
		if n != o.Bytes || sum != o.SHA256 {
			return fmt.Errorf("%s no longer matches its manifest (sha256 %s, want %s)", src, sum, o.SHA256)
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// hashOutputs lists the files under a step's folder with their hashes,
// paths relative to the run folder.
func hashOutputs(runDir, stepDir string) ([]OutputRecord, error) {
	var outs []OutputRecord
	err := filepath.WalkDir(stepDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n, sum, err := hashFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(runDir, p)
		if err != nil {
			return err
		}
		outs = append(outs, OutputRecord{Path: filepath.ToSlash(rel), Bytes: n, SHA256: sum})
		return nil
	})
	sort.Slice(outs, func(i, j int) bool { return outs[i].Path < outs[j].Path })
	return outs, err
}
