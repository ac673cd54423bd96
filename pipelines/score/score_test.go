package score

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// repoData is the absolute path of the shipped data folder.
func repoData(t testing.TB) string {
	t.Helper()
	p, err := filepath.Abs("../../data")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// costOfLiving loads examples/cost-of-living.yaml with its data paths made
// absolute, after edit, from a temporary folder (so tests can add files).
func costOfLiving(t *testing.T, edit func(string) string) (*scenario.Scenario, error) {
	t.Helper()
	b, err := os.ReadFile("../../examples/cost-of-living.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(b), "../data/", repoData(t)+"/")
	text = strings.ReplaceAll(text, "../testdata/", filepath.Dir(repoData(t))+"/testdata/")
	if edit != nil {
		text = edit(text)
	}
	path := filepath.Join(t.TempDir(), "scenario.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return scenario.Load(path)
}

// manchesterFuelPoverty returns the header and Manchester's rows of the real
// fuel poverty file, as lines.
func manchesterFuelPoverty(t *testing.T) (string, []string) {
	t.Helper()
	f, err := os.Open(filepath.Join(repoData(t), "fuel_poverty/fuel_poverty_2020_lsoa11_england.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(gz)
	sc.Scan()
	header := sc.Text()
	var rows []string
	for sc.Scan() {
		if strings.Contains(sc.Text(), ",E08000003,") {
			rows = append(rows, sc.Text())
		}
	}
	if len(rows) != 282 {
		t.Fatalf("found %d Manchester fuel poverty rows, want 282", len(rows))
	}
	return header, rows
}

// withFuelFile points the fuel_poverty source at a file holding lines.
func withFuelFile(t *testing.T, lines []string, extra string) func(string) string {
	path := filepath.Join(t.TempDir(), "fuel.csv")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return func(s string) string {
		s = strings.Replace(s, repoData(t)+"/fuel_poverty/fuel_poverty_2020_lsoa11_england.csv.gz", path, 1)
		if extra != "" {
			s = strings.Replace(s, "    normalise: {method: percentile}\n    weight: 0.20\n  - id: household_deprivation",
				"    normalise: {method: percentile}\n    weight: 0.20\n"+extra+"\n  - id: household_deprivation", 1)
		}
		return s
	}
}

func TestBadInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("scores cost-of-living from the national files once per bad input; runs without -short")
	}
	header, rows := manchesterFuelPoverty(t)
	code := func(i int) string { return strings.SplitN(rows[i], ",", 2)[0] }
	replaceField := func(row string, field int, v string) string {
		f := strings.Split(row, ",")
		f[field] = v
		return strings.Join(f, ",")
	}
	for _, tc := range []struct {
		name    string
		lines   func() []string
		row     int // expected line in the file (0 = not checked)
		column  string
		code    string
		msgPart string
	}{
		{
			name: "blank area code",
			lines: func() []string {
				r := slices.Clone(rows)
				r[4] = replaceField(r[4], 0, "")
				return append([]string{header}, r...)
			},
			row: 6, column: "LSOA Code", msgPart: "blank",
		},
		{
			name:  "duplicated area code",
			lines: func() []string { r := slices.Clone(rows); r[10] = r[3]; return append([]string{header}, r...) },
			row:   12, column: "LSOA Code", code: code(3), msgPart: "more than once (first at row 5)",
		},
		{
			name: "non-numeric value",
			lines: func() []string {
				r := slices.Clone(rows)
				r[7] = replaceField(r[7], 7, "n/a")
				return append([]string{header}, r...)
			},
			row: 9, column: "Proportion of households fuel poor (%)", code: code(7), msgPart: `"n/a" is not a number`,
		},
		{
			name: "code from the wrong vintage",
			lines: func() []string {
				r := slices.Clone(rows)
				r[20] = replaceField(r[20], 0, "E01034110") // Manchester 008H, an LSOA 2021 code
				return append([]string{header}, r...)
			},
			row: 22, column: "LSOA Code", code: "E01034110", msgPart: "LSOA 2021 code, not LSOA 2011",
		},
		{
			name:   "file covers only part of the areas",
			lines:  func() []string { return append([]string{header}, rows[3:]...) },
			column: "Proportion of households fuel poor (%)", msgPart: "no value for 3 of the scenario's areas",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := costOfLiving(t, withFuelFile(t, tc.lines(), ""))
			if err != nil {
				t.Fatal(err)
			}
			_, err = Run(sc, Options{}, quiet)
			var de *indicators.DataError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want a DataError", err)
			}
			if !strings.HasSuffix(de.File, "fuel.csv") || de.Column != tc.column || (tc.row > 0 && de.Row != tc.row) ||
				(tc.code != "" && de.Code != tc.code) || !strings.Contains(de.Msg, tc.msgPart) {
				t.Errorf("got %+v\nwant file fuel.csv, row %d, column %q, code %q, message containing %q", *de, tc.row, tc.column, tc.code, tc.msgPart)
			}
		})
	}
}

// A scenario can allow partial coverage; every imputation is counted.
func TestPartialCoverageImputed(t *testing.T) {
	header, rows := manchesterFuelPoverty(t)
	sc, err := costOfLiving(t, withFuelFile(t, append([]string{header}, rows[3:]...), "    missing: median"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc, Options{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Imputed["fuel_poverty"] != 3 || res.Report.Areas != 282 {
		t.Errorf("imputed %v over %d areas, want 3 fuel_poverty values over 282", res.Report.Imputed, res.Report.Areas)
	}
	// Each imputed value is listed by area, with the value used.
	var listed []string
	for _, m := range res.Report.ImputedAreas {
		if m.Indicator == "fuel_poverty" && m.Policy == "median" && !math.IsNaN(m.Value) {
			listed = append(listed, m.Code)
		}
	}
	for _, r := range rows[:3] {
		if code := strings.Split(r, ",")[0]; !slices.Contains(listed, code) {
			t.Errorf("imputed area %s not listed in %v", code, listed)
		}
	}
}

// A row for an area outside the scenario's district (a Salford code in a
// Manchester file) does not vanish without a trace: the report counts and
// names it.
func TestRowsOutsideListed(t *testing.T) {
	if testing.Short() {
		t.Skip("scores the Manchester example; runs without -short")
	}
	header, rows := manchesterFuelPoverty(t)
	salford := strings.Replace(rows[0], strings.Split(rows[0], ",")[0], "E01005600", 1)
	sc, err := costOfLiving(t, withFuelFile(t, append([]string{header, salford}, rows...), ""))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc, Options{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range res.Report.Outside {
		if o.Source == "fuel_poverty" {
			if o.Rows != 1 || !slices.Equal(o.Examples, []string{"E01005600"}) {
				t.Errorf("outside: %+v", o)
			}
			return
		}
	}
	t.Errorf("the Salford row is not reported: %+v", res.Report.Outside)
}

// A failed run leaves earlier outputs byte-for-byte as they were.
func TestFailedRunLeavesOutputs(t *testing.T) {
	if testing.Short() {
		t.Skip("scores and writes cost-of-living twice from the national files; runs without -short")
	}
	out := t.TempDir()
	sc, err := costOfLiving(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc, Options{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := result.Write(res, out, res.Scenario.Outputs.Formats); err != nil {
		t.Fatal(err)
	}
	before := hashDir(t, out)

	// Same scenario name, now failing: in scoring, then while writing.
	header, rows := manchesterFuelPoverty(t)
	bad, err := costOfLiving(t, withFuelFile(t, append([]string{header}, rows[1:]...), ""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(bad, Options{}, quiet); err == nil {
		t.Fatal("bad input scored without error")
	}
	res.Scenario.Outputs.Formats = []string{"csv", "gpkg"}
	res.AreaGeoms = res.AreaGeoms[:10] // a broken layer: the GeoPackage writer must refuse it
	if _, err := result.Write(res, out, res.Scenario.Outputs.Formats); err == nil {
		t.Fatal("writing a broken layer succeeded")
	}
	if after := hashDir(t, out); !maps.Equal(before, after) {
		t.Errorf("outputs changed after failed runs:\nbefore %v\nafter  %v", before, after)
	}
}

func hashDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatalf("%s: %v (a temporary file left behind?)", e.Name(), err)
		}
		out[e.Name()] = fmt.Sprintf("%x", sha256.Sum256(b))
	}
	return out
}

// Outputs computed from a synthetic source say so: report, data dictionary,
// layer metadata.
func TestSyntheticLabelled(t *testing.T) {
	sc, err := costOfLiving(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc, Options{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Report.Synthetic) == 0 || !strings.Contains(strings.Join(res.Report.Warnings, " "), "SYNTHETIC DATA") {
		t.Fatalf("report does not flag synthetic sources: %+v", res.Report.Synthetic)
	}
	dir := t.TempDir()
	if _, err := result.Write(res, dir, res.Scenario.Outputs.Formats); err != nil {
		t.Fatal(err)
	}
	dict, _ := os.ReadFile(filepath.Join(dir, "cost-of-living_fields.csv"))
	if !strings.Contains(string(dict), "service_use_value,real,\"SYNTHETIC") {
		t.Errorf("data dictionary does not label the synthetic indicator:\n%s", dict)
	}
	if l := res.Layers()[0]; !strings.HasPrefix(l.Metadata, "CONTAINS SYNTHETIC DATA") {
		t.Errorf("layer metadata: %q", l.Metadata)
	}
}

// The scored layers carry what the GIS formats need: the areas filled by
// decile with area-name labels defined but off, the wards an outline
// labelled with ward names (an overlay, so the GeoPackage lists it first),
// every field described with a title and a unique short name of at most 10
// characters, the same in the data dictionary; and the metadata names the
// licences and the synthetic source.
func TestLayersDescribedAndStyled(t *testing.T) {
	sc, err := costOfLiving(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc, Options{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	ls := res.Layers()
	areas, wards := ls[0], ls[1]
	if areas.Style.Overlay() || areas.Style.Labels == nil || areas.Style.Labels.On || areas.Style.Labels.Field != result.ColAreaName {
		t.Errorf("areas style: %+v", areas.Style)
	}
	if !wards.Style.Overlay() || wards.Style.Labels == nil || !wards.Style.Labels.On || wards.Style.Labels.Field != result.ColWardName {
		t.Errorf("wards style: %+v", wards.Style)
	}
	for _, l := range ls {
		seen := map[string]bool{}
		for _, f := range l.Attributes.Schema().Fields() {
			fi, ok := l.Fields[f.Name]
			if !ok || fi.Title == "" || fi.Description == "" || fi.Alias10 == "" || len(fi.Alias10) > 10 {
				t.Errorf("%s.%s: %+v", l.Name, f.Name, fi)
			}
			if seen[strings.ToLower(fi.Alias10)] {
				t.Errorf("%s: short name %q repeated", l.Name, fi.Alias10)
			}
			seen[strings.ToLower(fi.Alias10)] = true
		}
	}
	if got := areas.Fields["employment_value"].Alias10; got != "employme_v" {
		t.Errorf("employment_value short name %q", got)
	}
	for _, row := range res.Dictionary() {
		if len(row) != len(result.DictionaryHeader) || row[5] == "" {
			t.Errorf("dictionary row %v", row)
		}
	}
	m := res.Metadata()
	if len(m.Licences) == 0 || !strings.Contains(m.Licences[0], "Open Government Licence v3.0") || !strings.HasPrefix(m.Synthetic, "SYNTHETIC DATA") {
		t.Errorf("metadata licences %v, synthetic %q", m.Licences, m.Synthetic)
	}
}
