package indicators

import (
	"math"
	"strings"
	"testing"
)

// One number grammar for every loader: each case is right (the number
// checked) or an error that names the text and the source key that would
// read it.
func TestNumberGrammar(t *testing.T) {
	for _, tc := range []struct {
		spec Spec
		in   string
		want float64 // NaN: missing
		err  string  // substring of the error; "" = no error
	}{
		{Spec{}, "84", 84, ""},
		{Spec{}, " -0.5 ", -0.5, ""},
		{Spec{}, ".5", 0.5, ""},
		{Spec{}, "1e-3", 0.001, ""},
		{Spec{}, "1,234", 1234, ""},
		{Spec{}, "1,234,567.25", 1234567.25, ""},
		{Spec{}, "", math.NaN(), ""},
		{Spec{}, "8,4", 0, `decimal: ","`},          // a decimal comma is not 84
		{Spec{}, "12,34,5", 0, "groups of three"},   // not 12345
		{Spec{}, "1,5", 0, "groups of three"},       // not 15
		{Spec{}, "1,2345", 0, "groups of three"},    // not 12345
		{Spec{}, "84%", 0, "percent: true"},         // not silently 84
		{Spec{}, "1_000", 0, "not a number"},        // not 1000
		{Spec{}, "0x10", 0, "not a number"},         // not 16
		{Spec{}, "Inf", 0, "not a number"},          // not +Inf
		{Spec{}, "NaN", 0, "not a number"},          // not missing
		{Spec{}, "1e400", 0, "out of range"},        // not +Inf
		{Spec{}, "*", 0, "na: [gss]"},               // a suppression mark: how to declare it
		{Spec{}, "[c]", 0, "na:"},                   // likewise
		{Spec{}, "twelve", 0, "not a number"},       // plain nonsense
		{Spec{Decimal: ","}, "8,4", 8.4, ""},        // declared decimal comma
		{Spec{Decimal: ","}, "1.234,5", 1234.5, ""}, // with point groups
		{Spec{Decimal: ","}, "1 234 567,5", 1234567.5, ""},
		{Spec{Decimal: ","}, "1\u00a0234,5", 1234.5, ""}, // a no-break space, as Excel exports
		{Spec{Decimal: ","}, "1.5", 0, "groups of three"},
		{Spec{Decimal: ","}, "1,2,3", 0, "one decimal comma"},
		{Spec{Decimal: ","}, "1.234 567,5", 0, "not a number"}, // mixed separators
		{Spec{Percent: true}, "84%", 84, ""},
		{Spec{Percent: true}, "84.5 %", 84.5, ""},
		{Spec{NA: []string{"gss"}}, "[x]", math.NaN(), ""},
		{Spec{NA: []string{"gss"}}, "..", math.NaN(), ""},
		{Spec{NA: []string{"gss"}}, "-", math.NaN(), ""},
		{Spec{NA: []string{"gss"}}, "-3", -3, ""},
		{Spec{NA: []string{"c"}}, "c", math.NaN(), ""},
	} {
		g, err := newNumbers(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		v, err := g.parse(tc.in)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), tc.in) {
				t.Errorf("%+v %q: got %v, %v; want an error naming the text and %q", tc.spec, tc.in, v, err, tc.err)
			}
		case err != nil:
			t.Errorf("%+v %q: %v", tc.spec, tc.in, err)
		case math.IsNaN(tc.want) != math.IsNaN(v) || !math.IsNaN(v) && v != tc.want:
			t.Errorf("%+v %q = %v, want %v", tc.spec, tc.in, v, tc.want)
		}
	}
	if _, err := newNumbers(Spec{Decimal: ";"}); err == nil {
		t.Error("decimal \";\" accepted")
	}
}

// The loader's error names file, row, column and area code as well.
func TestNumberErrorNamesTheCell(t *testing.T) {
	p := write(t, "x.csv", "code,v\nE01000001,\"8,4\"\n")
	_, err := LoadCSV(Spec{File: p, Code: "code", Columns: []string{"v"}})
	for _, want := range []string{p, "row 2", `"v"`, "E01000001", `"8,4"`, `decimal: ","`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not name %s", err, want)
		}
	}
	tab, err := LoadCSV(Spec{File: p, Code: "code", Columns: []string{"v"}, Decimal: ","})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := tab.Column("v"); v[0] != 8.4 {
		t.Errorf("decimal comma: %v", v)
	}
}

// Every text the loader accepts as a number is one strconv reads the same
// way once separators are removed, and the fast path agrees with the slow.
func FuzzNumberGrammar(f *testing.F) {
	for _, s := range []string{"84", "1,234.5", "8,4", "1e5", "-.5", "84%", "1.234,5", "[c]", " 7 "} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		spec := Spec{}
		if comma {
			spec.Decimal = ","
		}
		g, _ := newNumbers(spec)
		v, err := g.parse(s)
		if err != nil {
			return
		}
		if math.IsInf(v, 0) || math.IsNaN(v) && strings.TrimSpace(s) != "" {
			t.Fatalf("%q parsed to %v", s, v)
		}
		if !comma && strings.Count(s, ",") > 0 && !math.IsNaN(v) {
			// grouping commas only: every comma is followed by three digits
			for i := strings.IndexByte(s, ','); i >= 0; i = strings.IndexByte(s[i+1:], ',') + i + 1 {
				if i+4 > len(s) || strings.ContainsAny(s[i+1:i+4], ",.eE+-% ") {
					t.Fatalf("%q: comma at %d not before three digits, parsed to %v", s, i, v)
				}
				if strings.IndexByte(s[i+1:], ',') < 0 {
					break
				}
			}
		}
	})
}
