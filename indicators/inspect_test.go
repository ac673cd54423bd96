package indicators

import (
	"strings"
	"testing"
)

// Inspect classifies columns and says what the loaders would refuse and
// how to read it.
func TestInspect(t *testing.T) {
	p := write(t, "x.csv", "code,households,share,note,empty\nE01005108,\"1,234\",\"8,4\",ok,\nE01005600,500,*,x,\nE01034111,12,7%,,\n")
	prof, err := Inspect(p)
	if err != nil {
		t.Fatal(err)
	}
	if prof.Rows != 3 || prof.CodeColumn != "code" || len(prof.Codes) != 3 {
		t.Fatalf("rows %d, code column %q %v", prof.Rows, prof.CodeColumn, prof.Codes)
	}
	kinds := map[string]string{}
	for _, c := range prof.Columns {
		kinds[c.Name] = c.Kind
	}
	want := map[string]string{"code": "code", "households": "number", "share": "number", "note": "text", "empty": "empty"}
	for k, v := range want {
		if kinds[k] != v {
			t.Errorf("%s: kind %q, want %q", k, kinds[k], v)
		}
	}
	hh, share := prof.Columns[1], prof.Columns[2]
	if hh.Min != 12 || hh.Max != 1234 || !hh.Whole || !strings.Contains(hh.Summary(prof.Rows), "count") {
		t.Errorf("households: %+v %q", hh, hh.Summary(prof.Rows))
	}
	all := strings.Join(share.Suspicious, "\n")
	for _, hint := range []string{`decimal: ","`, "na:", "percent: true"} {
		if !strings.Contains(all, hint) {
			t.Errorf("share: no hint %q in %s", hint, all)
		}
	}
	if share.Refused != 3 || len(prof.Columns[0].Suspicious) != 0 {
		t.Errorf("refused %d; code column suspicious %v", share.Refused, prof.Columns[0].Suspicious)
	}
}
