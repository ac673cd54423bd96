package nightly

import (
	"bytes"
	"compress/gzip"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/manchester-insight/targeting/indicators"
)

func TestCheckGeometry(t *testing.T) {
	square := orb.Ring{{-2.2, 53.4}, {-2.1, 53.4}, {-2.1, 53.5}, {-2.2, 53.5}, {-2.2, 53.4}}
	cases := []struct {
		name string
		g    orb.Geometry
		want string // "" = valid
	}{
		{"square", orb.Polygon{square}, ""},
		{"with hole", orb.Polygon{square, {{-2.18, 53.42}, {-2.12, 53.42}, {-2.12, 53.48}, {-2.18, 53.42}}}, ""},
		{"multipolygon", orb.MultiPolygon{{square}, {square}}, ""},
		{"not closed", orb.Polygon{square[:4]}, "outer ring is not closed"},
		{"too few points", orb.Polygon{{{-2.2, 53.4}, {-2.1, 53.4}, {-2.2, 53.4}}}, "has 3 points"},
		{"no rings", orb.Polygon{}, "no rings"},
		{"empty multipolygon", orb.MultiPolygon{}, "no parts"},
		{"NaN", orb.Polygon{{{-2.2, 53.4}, {math.NaN(), 53.4}, {-2.1, 53.5}, {-2.2, 53.4}}}, "point 2 is not a finite number"},
		{"infinite", orb.Polygon{{{-2.2, 53.4}, {-2.1, math.Inf(1)}, {-2.1, 53.5}, {-2.2, 53.4}}}, "not a finite number"},
		{"British National Grid, not WGS84", orb.Polygon{{{383000, 398000}, {384000, 398000}, {384000, 399000}, {383000, 398000}}}, "boundaries must be WGS84"},
		{"zero area", orb.Polygon{{{-2.2, 53.4}, {-2.1, 53.4}, {-2.0, 53.4}, {-2.2, 53.4}}}, "zero area"},
		{"bad hole", orb.Polygon{square, {{-2.18, 53.42}, {-2.12, 53.42}, {-2.12, 53.48}}}, "hole 1 has 3 points"},
		{"bad second part", orb.MultiPolygon{{square}, {square[:4]}}, "part 2: outer ring is not closed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := checkGeometry(c.g)
			if c.want == "" {
				if err != nil {
					t.Fatalf("valid geometry rejected: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
		})
	}
}

// Every corrupt input is a *indicators.DataError naming the file (and row
// or column where there is one) and saying what is wrong in words.
func TestCheckInputs(t *testing.T) {
	dir := t.TempDir()
	repo := repoDir(t)
	csvText := "code,value,note\nE01000001,1.5,a\nE01000002,..,b\nE01000003,c,c\n"
	gz := func(s string) []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.Bytes()
	}
	full := gz(strings.Repeat(csvText, 200))
	type usage struct {
		AreaCode string `parquet:"area_code"`
		Visits   int64  `parquet:"visits"`
	}
	type wrong struct {
		LSOA   string  `parquet:"lsoa21_code"`
		Visits float64 `parquet:"visits_total"`
	}
	type intCodes struct {
		AreaCode int64 `parquet:"area_code"`
		Visits   int64 `parquet:"visits"`
	}
	goodParquet := writeParquet(t, []usage{{"E01000001", 3}, {"E01000002", 5}})
	boundaries, err := os.ReadFile(filepath.Join(repo, "data/boundaries/manchester_wards2023_generalised_wgs84.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	unclosed := openFirstRing(t, boundaries)

	cases := []struct {
		name    string
		format  string
		content []byte
		codes   []string
		columns []string
		na      []string
		want    string // "" = passes
		row     int
		col     string
		supp    int
	}{
		{name: "csv ok, suppressed cells counted", format: "csv", content: []byte(csvText), codes: []string{"code"}, columns: []string{"value"}, na: []string{"..", "c"}, supp: 3},
		{name: "gzip csv ok", format: "csv", content: full, codes: []string{"code"}},
		{name: "csv truncated mid-row", format: "csv", content: []byte(csvText[:len(csvText)-8]), want: "different number of fields from the header: the file is truncated", row: 4},
		{name: "csv truncated in a quoted field", format: "csv", content: []byte("code,name\nE01000001,\"Manch"), want: "truncated or corrupt", row: 2},
		{name: "gzip truncated", format: "csv", content: full[:len(full)/2], want: "the compressed stream ends early: the file is truncated"},
		{name: "gzip corrupt", format: "csv", content: append(append([]byte{}, full[:len(full)-8]...), 0, 0, 0, 0, 0, 0, 0, 0), want: "gzip data is corrupt"},
		{name: "csv empty", format: "csv", content: nil, want: "the file is empty"},
		{name: "csv header only", format: "csv", content: []byte("code,value\n"), want: "no data rows"},
		{name: "csv code column renamed", format: "csv", content: []byte(strings.Replace(csvText, "code,", "lsoa,", 1)), codes: []string{"code"}, want: `no such column in the header (the file's schema changed?); the header has "lsoa", "value", "note"`, row: 1, col: "code"},
		{name: "csv required column missing", format: "csv", content: []byte(csvText), columns: []string{"population"}, want: "no such column", col: "population"},
		{name: "parquet ok", format: "parquet", content: goodParquet, codes: []string{"area_code"}, columns: []string{"visits"}},
		{name: "parquet wrong schema", format: "parquet", content: writeParquet(t, []wrong{{"E01000001", 1}}), codes: []string{"area_code"}, columns: []string{"visits"}, want: `no such column in the Parquet schema (the file's schema changed?); the schema has "lsoa21_code (STRING)", "visits_total (DOUBLE)"`, col: "area_code"},
		{name: "parquet numeric codes", format: "parquet", content: writeParquet(t, []intCodes{{1, 1}}), codes: []string{"area_code"}, want: "area codes must be text", col: "area_code"},
		{name: "parquet truncated", format: "parquet", content: goodParquet[:len(goodParquet)-20], want: "not a readable Parquet file"},
		{name: "parquet that is a CSV", format: "parquet", content: []byte(csvText), want: "not a readable Parquet file"},
		{name: "geojson ok", format: "geojson", content: boundaries, codes: []string{"area_code"}},
		{name: "geojson ring not closed", format: "geojson", content: unclosed, codes: []string{"area_code"}, want: "invalid boundary: outer ring is not closed"},
		{name: "geojson wrong code property", format: "geojson", content: boundaries, codes: []string{"WD23CD"}, want: `has no "WD23CD" property`},
		{name: "geojson truncated", format: "geojson", content: boundaries[:len(boundaries)/2], codes: []string{"area_code"}, want: "JSON"},
		{name: "geojson truncated, no code", format: "geojson", content: boundaries[:len(boundaries)/2], want: "not a GeoJSON FeatureCollection"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+"."+c.format)
			if err := os.WriteFile(path, c.content, 0o644); err != nil {
				t.Fatal(err)
			}
			supp, err := check(&inputFile{Path: path, Format: c.format, Codes: c.codes, Columns: c.columns, NA: c.na})
			if c.want == "" {
				if err != nil {
					t.Fatalf("good input rejected: %v", err)
				}
				if supp != c.supp {
					t.Errorf("suppressed cells %d, want %d", supp, c.supp)
				}
				return
			}
			var de *indicators.DataError
			if !errors.As(err, &de) {
				t.Fatalf("error %v (%T), want a *indicators.DataError", err, err)
			}
			if de.File != path || !strings.Contains(de.Msg, c.want) {
				t.Errorf("error %q: want file %s and %q", err, path, c.want)
			}
			if c.row != 0 && de.Row != c.row {
				t.Errorf("error %q: row %d, want %d", err, de.Row, c.row)
			}
			if c.col != "" && de.Column != c.col {
				t.Errorf("error %q: column %q, want %q", err, de.Column, c.col)
			}
		})
	}
}

func writeParquet[T any](t testing.TB, rows []T) []byte {
	t.Helper()
	var b bytes.Buffer
	w := parquet.NewGenericWriter[T](&b)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// openFirstRing drops the closing point of the first ring in a GeoJSON
// FeatureCollection: a polygon that loads but is invalid.
func openFirstRing(t testing.TB, text []byte) []byte {
	t.Helper()
	fc, err := geojson.UnmarshalFeatureCollection(text)
	if err != nil {
		t.Fatal(err)
	}
	switch g := fc.Features[0].Geometry.(type) {
	case orb.Polygon:
		g[0] = g[0][:len(g[0])-1]
	case orb.MultiPolygon:
		g[0][0] = g[0][0][:len(g[0][0])-1]
	}
	b, err := fc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}
