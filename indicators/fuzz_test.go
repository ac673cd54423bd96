package indicators

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// FuzzLoadCSV: any input either loads into a consistent table or fails with
// an error; it never panics, and loaded values are finite or null.
func FuzzLoadCSV(f *testing.F) {
	f.Add("code,v\nE1,1\nE2,2.5\n")
	f.Add("code,v\nE1,\nE1,3\n")
	f.Add("\ufeffcode,v\n\"E1\",\"1,000\"\n")
	f.Add("code,v\nE1,1,2\n")
	f.Add("code\n")
	f.Add("")
	f.Add("code,v\nE1,NaN\n")
	f.Fuzz(func(t *testing.T, text string) {
		p := write(t, "f.csv", text)
		tab, err := LoadCSV(Spec{File: p, Code: "code", Columns: []string{"v"}})
		if err != nil {
			var de *DataError
			if errors.As(err, &de) && de.File != p {
				t.Fatalf("DataError names %q, not the file", de.File)
			}
			return
		}
		codes := tab.Codes()
		v, _ := tab.Column("v")
		if len(codes) != len(v) || len(tab.Rows) != len(v) {
			t.Fatalf("inconsistent table: %d codes, %d values, %d rows", len(codes), len(v), len(tab.Rows))
		}
		seen := map[string]bool{}
		for i, c := range codes {
			if c == "" || c != strings.TrimSpace(c) || seen[c] {
				t.Fatalf("bad code %q at %d", c, i)
			}
			seen[c] = true
			if math.IsInf(v[i], 0) {
				t.Fatalf("infinite value loaded")
			}
		}
	})
}
