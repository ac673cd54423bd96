package geojson

import (
	"encoding/json"
	"math"
	"testing"
)

func TestAppendNumber(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "0"},
		{3, "3"},
		{-2.5, "-2.5"},
		{0.1, "0.1"},
		{123456789012, "123456789012"},
		{1e20, "100000000000000000000"},
		{1e21, "1e+21"},
		{0.000001, "0.000001"},
		{1.5e-7, "1.5e-07"},
		{math.NaN(), "null"},
		{math.Inf(1), "null"},
		{math.Inf(-1), "null"},
	}
	for _, tc := range tests {
		got := string(appendNumber(nil, tc.in))
		if got != tc.want {
			t.Errorf("appendNumber(%v) = %s, want %s", tc.in, got, tc.want)
		}
		if !json.Valid([]byte(got)) {
			t.Errorf("appendNumber(%v) = %s is not JSON", tc.in, got)
		}
	}
}

func TestRoundCoord(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{-2.2426000000001, "-2.2426"},
		{53.48080049, "53.4808"},
		{53.4808005, "53.480801"},
		{-0.0000004, "0"},
		{0.0000006, "0.000001"},
		{-179.9999996, "-180"},
	}
	for _, tc := range tests {
		if got := string(appendNumber(nil, roundCoord(tc.in))); got != tc.want {
			t.Errorf("round %v = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestAppendString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "E01005065", `"E01005065"`},
		{"quote and backslash", `a"b\c`, `"a\"b\\c"`},
		{"controls", "a\nb\tc\r\x01\x1f", `"a\nb\tc\r\u0001\u001f"`},
		{"non-ASCII kept", "Ancoats é – ✓", `"Ancoats é – ✓"`},
		{"invalid UTF-8", "a\xffb", `"a\ufffdb"`},
		{"HTML not escaped", "<a&b>", `"<a&b>"`},
		{"empty", "", `""`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(appendString(nil, tc.in))
			if got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
			var back string
			if err := json.Unmarshal([]byte(got), &back); err != nil {
				t.Fatalf("not a JSON string: %v", err)
			}
			if tc.name != "invalid UTF-8" && back != tc.in {
				t.Errorf("decodes to %q", back)
			}
		})
	}
}

func TestAppendReal(t *testing.T) {
	for v, want := range map[float64]string{
		0: "0.0", 123: "123.0", -4: "-4.0", 0.5: "0.5", 1e21: "1e+21", 2.5e-7: "2.5e-07", math.NaN(): "null", 1234567: "1234567.0",
	} {
		if got := string(appendReal(nil, v)); got != want {
			t.Errorf("appendReal(%v) = %s, want %s", v, got, want)
		}
	}
}
