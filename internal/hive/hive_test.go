package hive

import (
	"fmt"
	"strings"
	"testing"
	"testing/quick"
)

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", Null},
		{"E08000003", "E08000003"},
		{"az-AZ_09.", "az-AZ_09."},
		{"a b", "a%20b"},
		{"a/b", "a%2Fb"},
		{"a=b", "a%3Db"},
		{"50%", "50%25"},
		{"a+b", "a%2Bb"},
		{"..", ".."},
		{"\x00\x7f\xff", "%00%7F%FF"},
		{"Manchester, City of", "Manchester%2C%20City%20of"},
		{"Ynys Môn", "Ynys%20M%C3%B4n"},
		{Null, Null},
	} {
		if got := Escape(tc.in); got != tc.want {
			t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDir(t *testing.T) {
	for _, tc := range []struct{ key, value, want string }{
		{"lad", "E08000003", "lad=E08000003"},
		{"lad", "", "lad=__HIVE_DEFAULT_PARTITION__"},
		{"lad", "E08 000/3", "lad=E08%20000%2F3"},
	} {
		if got := Dir(tc.key, tc.value); got != tc.want {
			t.Errorf("Dir(%q, %q) = %q, want %q", tc.key, tc.value, got, tc.want)
		}
	}
}

func TestUnescape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{Null, ""},
		{"E08000003", "E08000003"},
		{"a%20b", "a b"},
		{"a%2fb", "a/b"}, // lower-case hex, as other writers may spell it
		{"a+b", "a+b"},   // '+' is not a space in a path
		{"50%", "50%"},   // malformed escape: kept as written
		{"50%zz%20", "50%zz%20"},
		{"%5F%5FHIVE_DEFAULT_PARTITION%5F%5F", ""}, // Null however spelled
		{"", ""},
	} {
		if got := Unescape(tc.in); got != tc.want {
			t.Errorf("Unescape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Every value but Null's own text reads back as written.
func TestRoundTrip(t *testing.T) {
	check := func(v string) bool {
		return v == Null || Unescape(Escape(v)) == v
	}
	for _, v := range []string{"", "E08000003", "a b/c=d%e+f", "\x00\xff", "Ynys Môn", "%", "%25", Null + "x"} {
		if !check(v) {
			t.Errorf("Unescape(Escape(%q)) = %q", v, Unescape(Escape(v)))
		}
	}
	if err := quick.Check(check, &quick.Config{MaxCount: 5000}); err != nil {
		t.Error(err)
	}
	// Escape's output is a single, safe folder name.
	bytes := func(b []byte) bool {
		e := Escape(string(b))
		for i := 0; i < len(e); i++ {
			c := e[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '%') {
				return false
			}
		}
		return Unescape(e) == string(b) || string(b) == Null
	}
	if err := quick.Check(bytes, &quick.Config{MaxCount: 5000}); err != nil {
		t.Error(err)
	}
}

// Escape writes the same folder names as the copies it replaces (the Beam
// tables' hiveEscape, pipelines' hivePath), byte for byte.
func TestEscapeAsBefore(t *testing.T) {
	before := func(v string) string {
		if v == "" {
			return "__HIVE_DEFAULT_PARTITION__"
		}
		var b strings.Builder
		for i := 0; i < len(v); i++ {
			c := v[i]
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' {
				b.WriteByte(c)
			} else {
				fmt.Fprintf(&b, "%%%02X", c)
			}
		}
		return b.String()
	}
	for c := 0; c < 256; c++ {
		if v := "E08" + string(rune(0)) + string([]byte{byte(c)}); Escape(v) != before(v) {
			t.Errorf("Escape(%q) = %q, before %q", v, Escape(v), before(v))
		}
	}
	if err := quick.CheckEqual(Escape, before, &quick.Config{MaxCount: 5000}); err != nil {
		t.Error(err)
	}
}
