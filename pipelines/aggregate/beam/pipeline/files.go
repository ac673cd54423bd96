package pipeline

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
)

// ListFiles returns the files of an extract: the file itself; every
// extract file (.parquet, .csv, .csv.gz, .xlsx) under a folder, such as a
// Hive-partitioned one (names starting with "." or "_" are skipped, as
// Hive and Spark write them for bookkeeping); or the matches of a glob.
// A path with a scheme (gs://...) is listed through Beam's filesystems.
// Files are sorted by path: that order, then each file's rows, is the
// order of the records (the first of a duplicated record id is counted).
func ListFiles(path string) ([]string, error) {
	var files []string
	switch {
	case isRemote(path):
		fsys, err := filesystem.New(context.Background(), path)
		if err != nil {
			return nil, err
		}
		defer fsys.Close()
		if files, err = fsys.List(context.Background(), path); err != nil {
			return nil, err
		}
	case strings.ContainsAny(path, "*?["):
		var err error
		if files, err = filepath.Glob(path); err != nil {
			return nil, err
		}
	default:
		st, err := os.Stat(path)
		if err != nil {
			return nil, &indicators.DataError{File: path, Msg: "cannot read the extract: " + err.Error()}
		}
		if !st.IsDir() {
			return []string{path}, nil
		}
		err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if n := d.Name(); p != path && (strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_")) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && isExtract(p) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	files = slices.DeleteFunc(files, func(p string) bool {
		n := p[strings.LastIndexByte(p, '/')+1:]
		return !isExtract(p) || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_")
	})
	slices.Sort(files)
	if len(files) == 0 {
		return nil, &indicators.DataError{File: path, Msg: "no extract files (.parquet, .csv, .csv.gz, .xlsx) found"}
	}
	return files, nil
}

func isExtract(p string) bool {
	var m extract.Mapping
	_, err := m.FormatOf(p)
	return err == nil
}

func isRemote(p string) bool { return strings.Contains(p, "://") }

// localCopy makes a remote file readable by the extract loaders (which
// read local files): it copies the object to a temporary file and returns
// its path and a function that removes it. Local paths are returned as
// they are.
func localCopy(ctx context.Context, path string) (string, func(), error) {
	if !isRemote(path) {
		return path, func() {}, nil
	}
	fsys, err := filesystem.New(ctx, path)
	if err != nil {
		return "", nil, err
	}
	defer fsys.Close()
	r, err := fsys.OpenRead(ctx, path)
	if err != nil {
		return "", nil, err
	}
	defer r.Close()
	f, err := os.CreateTemp("", "extract-*-"+filepath.Base(path))
	if err != nil {
		return "", nil, err
	}
	done := func() { os.Remove(f.Name()) }
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		done()
		return "", nil, fmt.Errorf("copying %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		done()
		return "", nil, err
	}
	return f.Name(), done, nil
}
