package aggregate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/pipelines/aggregate/synth"
)

// tables runs an extract and returns the area and ward tables as text.
func tables(t *testing.T, cfg *Config, path string, workers int) (string, string) {
	t.Helper()
	res, err := Run(cfg, path, Options{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, tb := range []*Table{res.AreaTable(), res.WardTable()} {
		var b strings.Builder
		b.WriteString(strings.Join(tb.Header, ",") + "\n")
		for _, r := range tb.Rows {
			b.WriteString(strings.Join(r, ",") + "\n")
		}
		out = append(out, b.String())
	}
	return out[0], out[1]
}

// The same records as LSOA codes, as easting/northing and as lon/lat points
// give the same tables: point-in-polygon puts every generated address in
// the area it was drawn in. The planted outside rows differ only in reason.
func TestPointsAgreeWithCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and aggregates 30,000 records three ways, with point-in-polygon; runs without -short")
	}
	dir := t.TempDir()
	var ref string
	for _, loc := range []string{synth.LocLSOA, synth.LocBNG, synth.LocLonLat} {
		path := generate(t, dir, loc+".parquet", synth.Options{Records: 30000, Seed: 5, Location: loc})
		cfg := config(t, "")
		c := &cfg.Extract.Columns
		c.LSOA, c.Postcode, c.Easting, c.Northing = "", "", "", ""
		switch loc {
		case synth.LocLSOA:
			c.LSOA = "lsoa_code"
		case synth.LocBNG:
			c.Easting, c.Northing = "easting", "northing"
		case synth.LocLonLat:
			c.Lon, c.Lat = "lon", "lat"
		}
		areas, _ := tables(t, cfg, path, 2)
		if ref == "" {
			ref = areas
		} else if areas != ref {
			t.Errorf("%s: the area table differs from the one by LSOA code", loc)
		}
	}
}

// Counting is the same on 1 or 2 workers and from CSV, Parquet or XLSX.
func TestSameTablesAnyFormatAnyWorkers(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and aggregates 8,000 records in three formats on 1 and 2 workers; runs without -short")
	}
	dir := t.TempDir()
	var refA, refW string
	for _, name := range []string{"x.csv", "x.parquet", "x.xlsx"} {
		path := generate(t, dir, name, synth.Options{Records: 8000, Seed: 9})
		for _, w := range []int{1, 2} {
			a, wd := tables(t, config(t, synth.PostcodeLookupPath(path)), path, w)
			if refA == "" {
				refA, refW = a, wd
				continue
			}
			if a != refA || wd != refW {
				t.Errorf("%s on %d workers: tables differ", name, w)
			}
		}
	}
}

// The committed indicator tables are what the committed sample and mapping
// give today (regenerate with the command in testdata/services/README.md).
func TestCommittedIndicatorsUpToDate(t *testing.T) {
	a, w := tables(t, config(t, ""), sample, 2)
	for _, f := range []struct{ file, want string }{
		{"../../testdata/services/manchester_services_indicators.csv", a},
		{"../../testdata/services/manchester_services_indicators_wards.csv", w},
	} {
		got, err := os.ReadFile(f.file)
		if err != nil {
			t.Fatal(err)
		}
		if strings.ReplaceAll(string(got), "\r\n", "\n") != f.want {
			t.Errorf("%s is out of date: rerun the aggregate command in testdata/services/README.md", f.file)
		}
	}
}

// A real (not synthetic) extract gives outputs with no synthetic label;
// a synthetic one says so in the tables, the dictionary and the report.
func TestSyntheticLabel(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "real.csv")
	os.WriteFile(path, []byte("record_id,service_date,service,person_id,household_id,lsoa_code,postcode,easting,northing\n"+
		"1,2024-06-01,welfare_payment,p,h,E01005061,,,\n"), 0o644)
	for _, tc := range []struct {
		path      string
		synthetic bool
	}{{path, false}, {sample, true}} {
		cfg := config(t, "")
		cfg.Synthetic, cfg.Attribution = false, ""
		res, err := Run(cfg, tc.path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		files, err := Write(res, filepath.Join(dir, "out.csv"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			body, _ := os.ReadFile(f)
			if got := strings.Contains(string(body), "SYNTHETIC"); got != tc.synthetic {
				t.Errorf("%s from %s: says SYNTHETIC %v, want %v", filepath.Base(f), filepath.Base(tc.path), got, tc.synthetic)
			}
		}
	}
}

func TestConfigErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ yaml, want string }{
		{"extract: {columns: {date: d, service: s}}", "columns.person"},
		{"extract: {columns: {date: d, service: s, person: p}}", "no location"},
		{"extract: {columns: {date: d, service: s, person: p, lsoa: l}}\ngeography: {lookup: {file: x}}", "geography.lookup"},
		{"bogus: 1", "unknown field"},
	} {
		path := filepath.Join(dir, "m.yaml")
		os.WriteFile(path, []byte(tc.yaml), 0o644)
		_, err := LoadConfig(path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one mentioning %q", tc.yaml, err, tc.want)
		}
	}
}
