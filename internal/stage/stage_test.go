package stage

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestPublishAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte("old"), 0o644)
	os.MkdirAll(filepath.Join(dir, "part", "lad=x"), 0o755)

	// A failed run publishes nothing and leaves no staging folder.
	s, err := New(dir, "t")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write("a.csv", func(p string) error { return os.WriteFile(p, []byte("new"), 0o644) }); err != nil {
		t.Fatal(err)
	}
	err = s.Write("b.csv", func(string) error { return errors.New("disk full") })
	if err == nil || err.Error() != "writing b.csv: disk full" {
		t.Fatalf("err = %v", err)
	}
	s.Abort()
	if b, _ := os.ReadFile(filepath.Join(dir, "a.csv")); string(b) != "old" {
		t.Errorf("a failed run changed a.csv to %q", b)
	}
	assertNoStaging(t, dir)

	// A complete run replaces files and folders.
	s, _ = New(dir, "t")
	s.Write("a.csv", func(p string) error { return os.WriteFile(p, []byte("new"), 0o644) })
	s.Write("part", func(p string) error { return os.MkdirAll(filepath.Join(p, "lad=y"), 0o755) })
	out, err := s.Publish()
	if err != nil || len(out) != 2 {
		t.Fatalf("Publish = %v, %v", out, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.csv")); string(b) != "new" {
		t.Errorf("a.csv = %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "part", "lad=x")); err == nil {
		t.Error("the earlier partitioned folder's content survived")
	}
	assertNoStaging(t, dir)
}

func assertNoStaging(t *testing.T, dir string) {
	t.Helper()
	if m, _ := filepath.Glob(filepath.Join(dir, ".tmp-*")); len(m) > 0 {
		t.Errorf("staging folders left: %v", m)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "sub", "r.html")
	if err := WriteFile(p, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(p, func(w io.Writer) error { io.WriteString(w, "half"); return errors.New("boom") })
	if err == nil {
		t.Fatal("a failed fill reported success")
	}
	if b, _ := os.ReadFile(p); string(b) != "new" {
		t.Errorf("a failed write changed the file to %q", b)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "sub", ".tmp-*")); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", fi.Mode())
	}
}
