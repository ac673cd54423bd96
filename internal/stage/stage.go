// Package stage publishes a command's output files all or nothing: files are
// written into a hidden folder inside the output folder and renamed into
// place only when every one of them is complete, so a failed run leaves
// earlier outputs untouched. The folder is on the same file system as the
// outputs, so each rename is atomic.
//
// Every command that writes files (score, summarise, the analysis commands,
// notebook and report exports, aggregate) publishes through a Stage.
package stage

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Stage is a hidden folder inside an output folder, holding files until
// they are published.
type Stage struct {
	dir, tmp string
	files    []string
}

// New creates the output folder dir if needed and a staging folder inside
// it named .tmp-<prefix>-*.
func New(dir, prefix string) (*Stage, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(dir, ".tmp-"+prefix+"-")
	if err != nil {
		return nil, err
	}
	return &Stage{dir: dir, tmp: tmp}, nil
}

// Path is where a file (or folder) named name is written before publishing.
func (s *Stage) Path(name string) string { return filepath.Join(s.tmp, name) }

// Add records a written file or folder for publishing, in order.
func (s *Stage) Add(name string) { s.files = append(s.files, name) }

// Write runs write on the staged path of name and records it; the error
// names the file.
func (s *Stage) Write(name string, write func(path string) error) error {
	if err := write(s.Path(name)); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	s.Add(name)
	return nil
}

// Files are the names recorded so far, in order.
func (s *Stage) Files() []string { return s.files }

// Publish renames every recorded file into the output folder, in order,
// and removes the staging folder. An earlier output folder of the same
// name (a partitioned layer) is replaced, since a rename cannot replace a
// folder. It returns the published paths.
func (s *Stage) Publish() ([]string, error) {
	defer s.Abort()
	var out []string
	for _, f := range s.files {
		dst := filepath.Join(s.dir, f)
		if st, err := os.Lstat(dst); err == nil && st.IsDir() {
			if err := os.RemoveAll(dst); err != nil {
				return out, err
			}
		}
		if err := os.Rename(s.Path(f), dst); err != nil {
			return out, err
		}
		out = append(out, dst)
	}
	return out, nil
}

// Abort removes the staging folder and everything in it.
func (s *Stage) Abort() { os.RemoveAll(s.tmp) }

// WriteFile writes one file all or nothing: fill writes into a hidden
// temporary file beside path (buffered), which is renamed into place once
// complete and removed otherwise.
func WriteFile(path string, fill func(w io.Writer) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := fill(bw); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
