package indicators

import (
	"bytes"
	"compress/gzip"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t testing.TB, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadCSV(t *testing.T) {
	p := write(t, "x.csv", "\ufeffcode,a,b\nE1,1.5,\"1,200\"\nE2,,7%\nE3,..,3\n")
	tab, err := LoadCSV(Spec{File: p, Code: "code", Columns: []string{"a", "b"}, NA: []string{".."}, Percent: true})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := tab.Column("a")
	b, _ := tab.Column("b")
	if a[0] != 1.5 || !math.IsNaN(a[1]) || !math.IsNaN(a[2]) || b[0] != 1200 || b[1] != 7 || b[2] != 3 {
		t.Errorf("a = %v, b = %v", a, b)
	}
	if got := tab.Codes(); strings.Join(got, ",") != "E1,E2,E3" || tab.Rows[2] != 4 {
		t.Errorf("codes %v rows %v", got, tab.Rows)
	}
}

func TestLoadGzip(t *testing.T) {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	gz.Write([]byte("code,v\nE1,2\n"))
	gz.Close()
	p := write(t, "x.csv.gz", buf.String())
	tab, err := LoadCSV(Spec{File: p, Code: "code", Columns: []string{"v"}})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := tab.Column("v"); v[0] != 2 {
		t.Errorf("v = %v", v)
	}
}

func TestLoadLong(t *testing.T) {
	p := write(t, "long.csv", "code,k,n\nE1,0,10\nE1,1,5\nE2,1,3\nE2,0,1\nE2,9,100\n")
	tab, err := LoadCSV(Spec{File: p, Code: "code", Columns: []string{"0", "1"}, Pivot: &Pivot{Key: "k", Value: "n"}})
	if err != nil {
		t.Fatal(err)
	}
	c0, _ := tab.Column("0")
	c1, _ := tab.Column("1")
	if c0[0] != 10 || c1[0] != 5 || c0[1] != 1 || c1[1] != 3 {
		t.Errorf("0 = %v, 1 = %v", c0, c1)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		spec       Spec
		row        int
		col, code  string
		msg        string
	}{
		{"blank code", "code,v\nE1,1\n ,2\n", Spec{Code: "code", Columns: []string{"v"}}, 3, "code", "", "blank"},
		{"duplicate", "code,v\nE1,1\nE2,2\nE1,3\n", Spec{Code: "code", Columns: []string{"v"}}, 4, "code", "E1", "first at row 2"},
		{"not a number", "code,v\nE1,1\nE2,abc\n", Spec{Code: "code", Columns: []string{"v"}}, 3, "v", "E2", `"abc" is not a number`},
		{"infinity", "code,v\nE1,Inf\n", Spec{Code: "code", Columns: []string{"v"}}, 2, "v", "E1", "not a number"},
		{"long duplicate", "code,k,n\nE1,0,1\nE1,0,2\n", Spec{Code: "code", Columns: []string{"0"}, Pivot: &Pivot{"k", "n"}}, 3, "k", "E1", "more than once"},
		{"long missing category", "code,k,n\nE1,0,1\nE2,1,2\n", Spec{Code: "code", Columns: []string{"0", "1"}, Pivot: &Pivot{"k", "n"}}, 2, "k", "E1", `no row for category "1"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.spec.File = write(t, "bad.csv", tc.text)
			_, err := LoadCSV(tc.spec)
			var de *DataError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want DataError", err)
			}
			if de.Row != tc.row || de.Column != tc.col || de.Code != tc.code || !strings.Contains(de.Msg, tc.msg) {
				t.Errorf("got %+v, want row %d col %q code %q msg %q", *de, tc.row, tc.col, tc.code, tc.msg)
			}
		})
	}
}

func TestLoadMissingColumn(t *testing.T) {
	p := write(t, "x.csv", "code,v\nE1,1\n")
	_, err := LoadCSV(Spec{File: p, Code: "code", Columns: []string{"w"}})
	if err == nil || !strings.Contains(err.Error(), `no column "w"; the header has "code", "v"`) {
		t.Errorf("err = %v", err)
	}
	_, err = LoadCSV(Spec{File: write(t, "e.csv", ""), Code: "code"})
	if err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty file: err = %v", err)
	}
	_, err = LoadCSV(Spec{File: write(t, "r.csv", "code,v\nE1,1,9\n"), Code: "code", Columns: []string{"v"}})
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("ragged row: err = %v", err)
	}
}
