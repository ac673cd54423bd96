package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// run executes the CLI in-process, as main does, and returns stdout,
// stderr and the exit code.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := newRootCmd()
	var out, errb bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	code := execute(cmd, append([]string{"--quiet"}, args...), &errb)
	return out.String(), errb.String(), code
}

// scoreExample scores examples/cost-of-living.yaml once per test binary.
var exampleOut string

func scoreExample(t *testing.T) string {
	t.Helper()
	if exampleOut != "" {
		return exampleOut
	}
	dir, err := os.MkdirTemp("", "targeting-example-")
	if err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, "score", "--scenario", "../../examples/cost-of-living.yaml", "--out", dir,
		"--format", "gpkg,geoparquet,fgb,geojson,csv"); code != 0 {
		t.Fatalf("score exited %d: %s", code, stderr)
	}
	exampleOut = dir
	return dir
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if exampleOut != "" {
		os.RemoveAll(exampleOut)
	}
	os.Exit(code)
}

// The Manchester scenario's top 10 areas, against a golden file.
func TestGoldenTop10(t *testing.T) {
	dir := scoreExample(t)
	rows := readCSV(t, filepath.Join(dir, "cost-of-living_areas.csv"))
	hdr := rows[0]
	want := []string{"area_code", "area_name", "ward_code", "ward_name", "population", "score", "rank", "decile", "selected"}
	if strings.Join(hdr[:len(want)], ",") != strings.Join(want, ",") {
		t.Fatalf("areas header %v, want it to start with %v", hdr, want)
	}
	col := map[string]int{}
	for i, h := range hdr {
		col[h] = i
	}
	top := make([]string, 10)
	for _, r := range rows[1:] {
		var rank int
		if _, err := fmtSscan(r[col["rank"]], &rank); err == nil && rank <= 10 {
			top[rank-1] = strings.Join([]string{r[col["rank"]], r[col["area_code"]], r[col["area_name"]], r[col["ward_name"]],
				round6(r[col["score"]]), r[col["decile"]], r[col["selected"]]}, ",")
		}
	}
	got := "rank,area_code,area_name,ward_name,score,decile,selected\n" + strings.Join(top, "\n") + "\n"
	golden := "../../testdata/golden/cost-of-living_top10.csv"
	if *update {
		os.WriteFile(golden, []byte(got), 0o644)
	}
	want2, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want2) {
		t.Errorf("top 10 changed (go test ./cmd/targeting -update to accept):\ngot\n%s\nwant\n%s", got, want2)
	}
	wards := readCSV(t, filepath.Join(dir, "cost-of-living_wards.csv"))
	if got := strings.Join(wards[0], ","); got != "ward_code,ward_name,n_areas,population,mean_score,areas_selected,people_covered" {
		t.Errorf("wards header %s", got)
	}
	if len(wards) != 33 || len(rows) != 283 {
		t.Errorf("%d ward rows and %d area rows, want 32 and 282", len(wards)-1, len(rows)-1)
	}
}

// GDAL opens every layer format: layer names, counts, CRS, field names and
// types, extent inside Manchester; and ogr2ogr converts each to the others.
func TestLayersOgrinfo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs GDAL's ogrinfo and ogr2ogr on every layer format; runs without -short")
	}
	ogrinfo := requireGDAL(t)
	dir := scoreExample(t)
	areaFields := []string{"area_code: String", "area_name: String", "ward_code: String", "score: Real",
		"selected: Integer(Boolean)", "income_value: ", "income_norm: Real", "household_deprivation_norm: Real"}
	wardFields := []string{"ward_code: String", "ward_name: String", "n_areas: Integer", "mean_score: Real", "people_covered: "}
	bng := [4]float64{376000, 380000, 392000, 406000}
	wgs := [4]float64{-2.4, 53.3, -2.1, 53.6}
	for _, tc := range []struct {
		file, layer, count string
		epsg               string
		bounds             [4]float64
		fields             []string
		int64              bool
	}{
		{"cost-of-living.gpkg", "areas", "282", "27700", bng, areaFields, true},
		{"cost-of-living.gpkg", "wards", "32", "27700", bng, wardFields, true},
		{"cost-of-living_areas.fgb", "areas", "282", "27700", bng, areaFields, true},
		{"cost-of-living_wards.fgb", "wards", "32", "27700", bng, wardFields, true},
		{"cost-of-living_areas.geojson", "cost-of-living_areas", "282", "4326", wgs, areaFields, false},
		{"cost-of-living_wards.geojson", "cost-of-living_wards", "32", "4326", wgs, wardFields, false},
	} {
		t.Run(tc.file+"/"+tc.layer, func(t *testing.T) {
			path := filepath.Join(dir, tc.file)
			out, err := exec.Command(ogrinfo, "-so", path, tc.layer).CombinedOutput()
			if err != nil {
				t.Fatalf("ogrinfo: %v\n%s", err, out)
			}
			s := string(out)
			if regexp.MustCompile(`(?i)warning|error`).MatchString(s) {
				t.Errorf("ogrinfo reported problems:\n%s", s)
			}
			if !strings.Contains(s, "Feature Count: "+tc.count) {
				t.Errorf("want Feature Count %s:\n%s", tc.count, s)
			}
			if !strings.Contains(s, `ID["EPSG",`+tc.epsg+`]`) {
				t.Errorf("CRS is not EPSG:%s:\n%s", tc.epsg, s)
			}
			for _, f := range tc.fields {
				if !strings.Contains(s, f) {
					t.Errorf("no field %q", f)
				}
			}
			if tc.int64 && !strings.Contains(s, "rank: Integer64") && tc.layer != "wards" {
				t.Errorf("rank is not Integer64")
			}
			m := regexp.MustCompile(`Extent: \((-?[\d.]+), (-?[\d.]+)\) - \((-?[\d.]+), (-?[\d.]+)\)`).FindStringSubmatch(s)
			if m == nil {
				t.Fatalf("no extent:\n%s", s)
			}
			var e [4]float64
			for i := range e {
				fmtSscan(m[i+1], &e[i])
			}
			b := tc.bounds
			if e[0] < b[0] || e[1] < b[1] || e[2] > b[2] || e[3] > b[3] {
				t.Errorf("extent %v is not Manchester's (within %v)", e, b)
			}
		})
	}
	// ogr2ogr converts each format to the others without error.
	ogr2ogr, _ := exec.LookPath("ogr2ogr")
	for _, src := range []string{"cost-of-living.gpkg", "cost-of-living_areas.fgb", "cost-of-living_areas.geojson"} {
		for _, dst := range []struct{ driver, ext string }{{"GPKG", ".gpkg"}, {"FlatGeobuf", ".fgb"}, {"GeoJSON", ".geojson"}} {
			if strings.HasSuffix(src, dst.ext) {
				continue
			}
			out := filepath.Join(t.TempDir(), "converted"+dst.ext)
			args := []string{"-f", dst.driver, out, filepath.Join(dir, src)}
			if strings.HasSuffix(src, ".gpkg") {
				args = append(args, "areas")
			}
			if b, err := exec.Command(ogr2ogr, args...).CombinedOutput(); err != nil || regexp.MustCompile(`(?i)warning|error`).Match(b) {
				t.Errorf("ogr2ogr %s -> %s: %v\n%s", src, dst.driver, err, b)
			}
		}
	}
}

// --crs 4326 writes the GeoPackage in WGS84.
func TestCRS4326(t *testing.T) {
	if testing.Short() {
		t.Skip("runs GDAL's ogrinfo; runs without -short")
	}
	ogrinfo := requireGDAL(t)
	dir := t.TempDir()
	if _, stderr, code := run(t, "score", "--scenario", "../../examples/cost-of-living.yaml", "--out", dir, "--format", "gpkg", "--crs", "4326"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out, err := exec.Command(ogrinfo, "-so", filepath.Join(dir, "cost-of-living.gpkg"), "areas").CombinedOutput()
	if err != nil || !strings.Contains(string(out), `ID["EPSG",4326]`) || !strings.Contains(string(out), "Extent: (-2.3") {
		t.Errorf("GeoPackage with --crs 4326: %v\n%s", err, out)
	}
	if _, stderr, code := run(t, "score", "--scenario", "../../examples/cost-of-living.yaml", "--out", dir, "--crs", "3857"); code != 2 || !strings.Contains(stderr, "27700") {
		t.Errorf("--crs 3857: exit %d, %s", code, stderr)
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("name: x\nnope: 1\n"), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"version"}, 0, ""},
		{[]string{"validate", "--scenario", "../../examples/cost-of-living.yaml"}, 0, ""},
		{[]string{"validate", "--scenario", bad}, 2, `bad.yaml:2: nope: unknown field "nope"`},
		{[]string{"validate", "--scenario", filepath.Join(dir, "missing.yaml")}, 2, "no such file"},
		{[]string{"score", "--scenario", bad}, 2, "--out are required"},
		{[]string{"score", "--bogus"}, 2, "unknown flag"},
	} {
		_, stderr, code := run(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d with %q", tc.args, code, stderr, tc.code, tc.msg)
		}
	}
}

func TestHelpHasExamples(t *testing.T) {
	for _, c := range newRootCmd().Commands() {
		if c.Name() != "help" && c.Name() != "completion" && c.Example == "" {
			t.Errorf("command %s has no example", c.Name())
		}
	}
}

func requireGDAL(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("ogrinfo")
	if err != nil {
		if os.Getenv("TARGETING_REQUIRE_GDAL") == "1" {
			t.Fatal("ogrinfo not found and TARGETING_REQUIRE_GDAL=1: install gdal-bin (apt-get install -y gdal-bin)")
		}
		t.Skip("ogrinfo not found: install gdal-bin to run GDAL interop tests")
	}
	return p
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestExplainCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("scores cost-of-living from the national files three times; runs without -short")
	}
	out, stderr, code := run(t, "explain", "--scenario", "../../examples/cost-of-living.yaml", "E01005088")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"E01005088 Manchester 050B (Sharston): rank 1 of 282, decile 1", "selected", "fuel_poverty", "met"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain output lacks %q:\n%s", want, out)
		}
	}
	out, _, code = run(t, "explain", "--scenario", "../../examples/cost-of-living.yaml", "E01005151", "--json")
	if code != 0 || !strings.Contains(out, `"area_code": "E01005151"`) || !strings.Contains(out, `"needed_change"`) {
		t.Errorf("explain --json: exit %d\n%s", code, out)
	}
	if _, stderr, code := run(t, "explain", "--scenario", "../../examples/cost-of-living.yaml", "E0NOPE"); code != 2 || !strings.Contains(stderr, "not among") {
		t.Errorf("unknown area: exit %d, %s", code, stderr)
	}
}

func TestSummariseCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("scores cost-of-living from the national files twice; runs without -short")
	}
	out := filepath.Join(t.TempDir(), "wards.csv")
	stdout, stderr, code := run(t, "summarise", "--scenario", "../../examples/cost-of-living.yaml", "--by", "ward", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := readCSV(t, out)
	if len(rows) != 33 || rows[0][0] != "group_code" || rows[0][13] != "rank_of_local_concentration" {
		t.Errorf("%d rows, header %v", len(rows), rows[0])
	}
	if !strings.Contains(stdout, "32 groups") || !strings.Contains(stdout, "wards.gpkg") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if _, stderr, code := run(t, "summarise", "--scenario", "../../examples/cost-of-living.yaml", "--by", "bogus", "--out", out); code == 0 || !strings.Contains(stderr, "bogus") {
		t.Errorf("--by bogus: exit %d, %s", code, stderr)
	}
}

// QGIS opens the GeoPackage with its default style (graduated by decile, 10
// classes) and renders it. QGIS is about 1.2 GB, so CI does not install it
// (see .ci/allowed-skips); geo/gpkg/testdata/qgis_render.png is a render
// made by this test.
func TestQGISDefaultStyle(t *testing.T) {
	if testing.Short() {
		t.Skip("renders the GeoPackage in QGIS; runs without -short")
	}
	if exec.Command("/usr/bin/python3", "-c", "import qgis.core").Run() != nil {
		t.Skip("QGIS Python bindings not installed (Debian qgis python3-qgis)")
	}
	dir := scoreExample(t)
	png := filepath.Join(t.TempDir(), "map.png")
	cmd := exec.Command("/usr/bin/python3", "../../geo/gpkg/testdata/qgis_render.py", filepath.Join(dir, "cost-of-living.gpkg"), "areas", png)
	cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("QGIS: %v\n%s", err, out)
	}
	s := string(out)
	for _, want := range []string{`"renderer": "graduatedSymbol"`, `"field": "decile"`, `"classes": 10`, `"features": 282`, `"crs": "EPSG:27700"`} {
		if !strings.Contains(s, want) {
			t.Errorf("QGIS reported %s, want %s", s, want)
		}
	}
	if fi, err := os.Stat(png); err != nil || fi.Size() < 10000 {
		t.Errorf("no rendered map: %v", err)
	}
}

// QGIS shows the finished GeoPackage as intended: wards an outline
// labelled with ward names, areas graduated with labels defined but off,
// field titles as aliases, licence and attribution in the layer metadata;
// and a FlatGeobuf picks up its sidecar .qml. Like TestQGISDefaultStyle it
// runs only where QGIS is installed (.ci/allowed-skips).
func TestQGISFinishedLayers(t *testing.T) {
	if testing.Short() {
		t.Skip("opens the outputs in QGIS; runs without -short")
	}
	if exec.Command("/usr/bin/python3", "-c", "import qgis.core").Run() != nil {
		t.Skip("QGIS Python bindings not installed (Debian qgis python3-qgis)")
	}
	dir := scoreExample(t)
	cmd := exec.Command("/usr/bin/python3", "../../geo/gpkg/testdata/qgis_check.py",
		filepath.Join(dir, "cost-of-living.gpkg"), filepath.Join(dir, "cost-of-living_areas.fgb"))
	cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("QGIS: %v\n%s", err, out)
	}
	var got map[string]struct {
		Renderer   string            `json:"renderer"`
		LabelsOn   bool              `json:"labels_on"`
		LabelField string            `json:"label_field"`
		Aliases    map[string]string `json:"aliases"`
		Licenses   []string          `json:"licenses"`
		Rights     []string          `json:"rights"`
		Features   int               `json:"features"`
		Loaded     bool              `json:"default_style_loaded"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	w, a, f := got["wards"], got["areas"], got["fgb"]
	if w.Renderer != "singleSymbol" || !w.LabelsOn || w.LabelField != "ward_name" || w.Features != 32 {
		t.Errorf("wards: %+v", w)
	}
	if a.Renderer != "graduatedSymbol" || a.LabelsOn || a.LabelField != "area_name" || a.Features != 282 {
		t.Errorf("areas: %+v", a)
	}
	if len(a.Licenses) == 0 || len(a.Rights) == 0 {
		t.Errorf("areas metadata: licences %v, rights %v", a.Licenses, a.Rights)
	}
	if !f.Loaded || f.Renderer != "graduatedSymbol" || f.Aliases["decile"] == "" {
		t.Errorf("FlatGeobuf with sidecar .qml: %+v", f)
	}
}

// A malformed lookup or boundary file is bad input (exit 1), not a bug.
func TestBadLookupExitsData(t *testing.T) {
	dir := t.TempDir()
	b, _ := os.ReadFile("../../examples/cost-of-living.yaml")
	abs, _ := filepath.Abs("../../data")
	td, _ := filepath.Abs("../../testdata")
	lookup := filepath.Join(dir, "lookup.csv")
	os.WriteFile(lookup, []byte("LSOA11CD,LSOA11NM,WD19CD,WD19NM,LAD19CD,LAD19NM\nE01005061,x,E05011350,w,E08000003,Manchester\nE01005061,x,E05011350,w,E08000003,Manchester\n"), 0o644)
	text := strings.NewReplacer("../data/lookups/lsoa11_ward19_lad19_england_wales.csv.gz", lookup, "../data/", abs+"/", "../testdata/", td+"/").Replace(string(b))
	sc := filepath.Join(dir, "s.yaml")
	os.WriteFile(sc, []byte(text), 0o644)
	_, stderr, code := run(t, "score", "--scenario", sc, "--out", filepath.Join(dir, "out"))
	if code != 1 || !strings.Contains(stderr, "lookup.csv: row 3") || !strings.Contains(stderr, "more than once") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}
