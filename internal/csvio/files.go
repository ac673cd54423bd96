package csvio

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"os"
	"sync"
)

// Files opens a run's input files and hashes each file's bytes as its
// loader reads them, so one read of a file gives both its content and its
// provenance (size and sha256 for the run report). A nil *Files opens
// files without hashing.
type Files struct {
	mu   sync.Mutex
	sums map[string]Sum
}

// Sum is a file's size and content hash.
type Sum struct {
	Bytes  int64
	SHA256 string
}

// NewFiles returns an empty set of hashed files.
func NewFiles() *Files { return &Files{sums: map[string]Sum{}} }

// Sum is the size and sha256 of a file read through fs, once its reader is
// closed.
func (fs *Files) Sum(path string) (Sum, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	s, ok := fs.sums[path]
	return s, ok
}

func (fs *Files) record(path string, n int64, h hash.Hash) {
	fs.mu.Lock()
	fs.sums[path] = Sum{Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}
	fs.mu.Unlock()
}

// Open is csvio.Open through fs: the file's raw bytes (compressed, for a
// gzip file) are hashed as they are read; Close reads what the caller left
// unread, so the hash is of the whole file, and records it.
func (fs *Files) Open(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if fs == nil {
		return decode(path, f, f)
	}
	t := &teeFile{f: f, h: sha256.New(), path: path, fs: fs}
	return decode(path, t, t)
}

// NewReader is csvio.NewReader through fs.
func (fs *Files) NewReader(path string) (*Reader, error) {
	rc, err := fs.Open(path)
	if err != nil {
		return nil, err
	}
	return newReader(path, rc)
}

// OpenFile opens a file for random access (Parquet reads only the column
// chunks it needs). Through fs, the whole file is first hashed through the
// same handle.
func (fs *Files) OpenFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil || fs == nil {
		return f, err
	}
	h := sha256.New()
	n, err := io.Copy(h, io.NewSectionReader(f, 0, 1<<62))
	if err != nil {
		f.Close()
		return nil, Errorf("%s: %w", path, err)
	}
	fs.record(path, n, h)
	return f, nil
}

// teeFile hashes a file's bytes as they are read.
type teeFile struct {
	f    *os.File
	h    hash.Hash
	n    int64
	path string
	fs   *Files
}

func (t *teeFile) Read(p []byte) (int, error) {
	n, err := t.f.Read(p)
	t.h.Write(p[:n])
	t.n += int64(n)
	return n, err
}

func (t *teeFile) Close() error {
	n, err := io.Copy(t.h, t.f)
	t.n += n
	if err == nil {
		t.fs.record(t.path, t.n, t.h)
	}
	return t.f.Close()
}
