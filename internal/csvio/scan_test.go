package csvio

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// reference reads text with encoding/csv, the behaviour the scanner keeps.
func reference(text string) ([][]string, []int, error) {
	r := csv.NewReader(strings.NewReader(text))
	var recs [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return recs, lines, nil
		}
		if err != nil {
			return recs, lines, err
		}
		line, _ := r.FieldPos(0)
		recs = append(recs, rec)
		lines = append(lines, line)
	}
}

func scan(text string) ([][]string, []int, error) {
	s := newScanner(strings.NewReader(text))
	var recs [][]string
	var lines []int
	for {
		fields, line, err := s.next()
		if err == io.EOF {
			return recs, lines, nil
		}
		if err != nil {
			return recs, lines, err
		}
		rec := make([]string, len(fields))
		for i, f := range fields {
			rec[i] = string(f)
		}
		recs = append(recs, rec)
		lines = append(lines, line)
	}
}

func TestScannerCases(t *testing.T) {
	for _, text := range []string{
		"a,b\n1,2\n",
		"a,b\r\n1,2\r\n",
		"a,b\n1,2",
		"a,b\n\n1,2\n\n",
		"a,\"b,c\"\n\"x\"\"y\",2\n",
		"a,b\n\"multi\nline\",2\n3,4\n",
		"a,b\n1,2,3\n",
		"a,b\n1,\"2\"x\n",
		"a,b\n1,2\"\n",
		"a,b\n\"open,2\n",
		"\"\",\"\"\n,\n",
		"a\n\r\n1\n",
	} {
		want, wl, werr := reference(text)
		got, gl, gerr := scan(text)
		if (werr == nil) != (gerr == nil) || !equalRecs(got, want) || !slices.Equal(gl, wl) {
			t.Errorf("%q:\nscanner %q %v %v\ncsv     %q %v %v", text, got, gl, gerr, want, wl, werr)
		}
	}
}

// FuzzScanner holds the scanner to encoding/csv: the same records, the same
// line numbers, and an error exactly when encoding/csv has one.
func FuzzScanner(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "a,\"b\nc\"\n", "x\r\n\r\n\"\"\"\",y\n", "a,b\n1,2,3\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		want, wl, werr := reference(text)
		got, gl, gerr := scan(text)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%q: scanner error %v, encoding/csv error %v", text, gerr, werr)
		}
		if !equalRecs(got, want) || !slices.Equal(gl, wl) {
			t.Fatalf("%q:\nscanner %q %v\ncsv     %q %v", text, got, gl, want, wl)
		}
	})
}

func equalRecs(a, b [][]string) bool {
	return slices.EqualFunc(a, b, func(x, y []string) bool { return slices.Equal(x, y) })
}

// Files hashes what a loader reads, gzip or not, read to the end or not,
// as a separate read of the file's bytes would.
func TestFilesHashWhatIsRead(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "a.csv")
	os.WriteFile(plain, []byte("code,x\nA,1\nB,2\n"), 0o644)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("code,x\nA,1\nB,2\n"))
	zw.Close()
	gz := filepath.Join(dir, "a.csv.gz")
	os.WriteFile(gz, buf.Bytes(), 0o644)
	fs := NewFiles()
	for _, p := range []string{plain, gz} {
		rd, err := fs.NewReader(p)
		if err != nil {
			t.Fatal(err)
		}
		rd.Next() // one row of two: Close reads the rest for the hash
		rd.Close()
		b, _ := os.ReadFile(p)
		want := sha256.Sum256(b)
		if got, ok := fs.Sum(p); !ok || got.SHA256 != hex.EncodeToString(want[:]) || got.Bytes != int64(len(b)) {
			t.Errorf("%s: sum %+v, want %x (%d bytes)", p, got, want, len(b))
		}
	}
	f, err := fs.OpenFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if s, _ := fs.Sum(plain); s.Bytes != 15 {
		t.Errorf("OpenFile: %+v", s)
	}
}
