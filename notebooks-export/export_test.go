package notebooksexport

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/parquet-go/parquet-go"

	"github.com/manchester-insight/targeting/geo/palette"
	"github.com/manchester-insight/targeting/internal/result"
)

// exported is one Export of the Manchester example, shared by the tests.
type exported struct {
	dir   string
	files []string
	res   *result.Result
}

var (
	exportMu    sync.Mutex
	exportCache = map[bool]*exported{}
)

// exampleExport exports the Manchester example once per test binary, with
// a (synthetic) robustness result or without one.
func exampleExport(t *testing.T, withRobustness bool) *exported {
	t.Helper()
	exportMu.Lock()
	defer exportMu.Unlock()
	if e := exportCache[withRobustness]; e != nil {
		return e
	}
	res := example(t)
	dir, err := os.MkdirTemp("", "notebooks-export-")
	if err != nil {
		t.Fatal(err)
	}
	var opt Options
	if withRobustness {
		// Where `targeting robustness --out` would have left it.
		if opt.Robustness, err = result.ReadRobustness(syntheticRobustness(t, res, dir)); err != nil {
			t.Fatal(err)
		}
	}
	files, err := Export(res, dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	e := &exported{dir: dir, files: files, res: res}
	exportCache[withRobustness] = e
	return e
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, e := range exportCache {
		os.RemoveAll(e.dir)
	}
	os.Exit(code)
}

func TestExportWritesEveryFile(t *testing.T) {
	e := exampleExport(t, true)
	var names []string
	for _, f := range e.files {
		names = append(names, filepath.Base(f))
	}
	want := []string{"cost-of-living.gpkg", "cost-of-living_areas.csv", "cost-of-living_wards.csv", "cost-of-living_fields.csv",
		"cost-of-living_report.json", "cost-of-living_areas.arrow", "cost-of-living_wards.arrow", "cost-of-living_areas.parquet",
		"cost-of-living_wards.parquet", "cost-of-living.ipynb"}
	if !slices.Equal(names, want) {
		t.Errorf("files %v, want %v", names, want)
	}
	entries, _ := os.ReadDir(e.dir)
	for _, en := range entries {
		if strings.HasPrefix(en.Name(), ".tmp") {
			t.Errorf("temporary %s left behind", en.Name())
		}
	}
}

// A robustness result already in the folder is left as it is; one from
// elsewhere is copied in with the columns the notebook reads.
func TestExportRobustnessFile(t *testing.T) {
	e := exampleExport(t, true)
	b, _ := os.ReadFile(filepath.Join(e.dir, "cost-of-living_robustness.csv"))
	if !strings.HasPrefix(string(b), "area_code,area_name,rank,") {
		t.Errorf("robustness result in place was rewritten: %.80s", b)
	}
	rob, err := result.ReadRobustness(syntheticRobustness(t, e.res, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	dir := tempOut(t)
	files, err := Export(e.res, dir, Options{Robustness: rob})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(files, filepath.Join(dir, "cost-of-living_robustness.csv")) {
		t.Fatalf("robustness result not copied: %v", files)
	}
	b, _ = os.ReadFile(filepath.Join(dir, "cost-of-living_robustness.csv"))
	if !strings.HasPrefix(string(b), "area_code,median_rank,rank_p05,rank_p95,p_selected,draws\n") {
		t.Errorf("copied robustness result: %.80s", b)
	}
}

// The Arrow IPC files read back (arrow-go's own reader) with the schema,
// rows and provenance metadata of the run's tables.
func TestFeatherReadsBack(t *testing.T) {
	e := exampleExport(t, false)
	for _, tc := range []struct {
		file string
		rec  arrow.RecordBatch
	}{{"cost-of-living_areas.arrow", e.res.Areas}, {"cost-of-living_wards.arrow", e.res.Wards}} {
		f, err := os.Open(filepath.Join(e.dir, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		rd, err := ipc.NewFileReader(f, ipc.WithAllocator(memory.DefaultAllocator))
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if !rd.Schema().Equal(tc.rec.Schema()) {
			t.Errorf("%s: schema %v, want %v", tc.file, rd.Schema(), tc.rec.Schema())
		}
		if v, ok := rd.Schema().Metadata().GetValue("targeting:scenario"); !ok || v != "cost-of-living" {
			t.Errorf("%s: scenario metadata %q", tc.file, v)
		}
		rows := int64(0)
		for i := 0; i < rd.NumRecords(); i++ {
			rec, err := rd.RecordBatch(i)
			if err != nil {
				t.Fatal(err)
			}
			rows += rec.NumRows()
		}
		if rows != tc.rec.NumRows() {
			t.Errorf("%s: %d rows, want %d", tc.file, rows, tc.rec.NumRows())
		}
		rd.Close()
		f.Close()
	}
}

// The Parquet files keep the column order, one optional column per field,
// and every row.
func TestParquetReadsBack(t *testing.T) {
	e := exampleExport(t, false)
	for _, tc := range []struct {
		file string
		rec  arrow.RecordBatch
	}{{"cost-of-living_areas.parquet", e.res.Areas}, {"cost-of-living_wards.parquet", e.res.Wards}} {
		f, err := os.Open(filepath.Join(e.dir, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		st, _ := f.Stat()
		pf, err := parquet.OpenFile(f, st.Size())
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if pf.NumRows() != tc.rec.NumRows() {
			t.Errorf("%s: %d rows, want %d", tc.file, pf.NumRows(), tc.rec.NumRows())
		}
		var got, want []string
		for _, c := range pf.Schema().Fields() {
			got = append(got, c.Name())
		}
		for _, fl := range tc.rec.Schema().Fields() {
			want = append(want, fl.Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: columns %v, want %v", tc.file, got, want)
		}
		if v, ok := pf.Lookup("targeting:scenario"); !ok || v != "cost-of-living" {
			t.Errorf("%s: scenario metadata %q", tc.file, v)
		}
		// The first row's area or ward code matches.
		rows := make([]parquet.Row, 1)
		rr := pf.RowGroups()[0].Rows()
		if n, _ := rr.ReadRows(rows); n != 1 || rows[0][0].String() != tc.rec.Column(0).ValueStr(0) {
			t.Errorf("%s: first code %v, want %s", tc.file, rows[0], tc.rec.Column(0).ValueStr(0))
		}
		rr.Close()
		f.Close()
	}
}

// The notebook is nbformat 4.5 in shape: every cell has a unique id of the
// allowed characters, code cells are unexecuted, and the run's numbers are
// in the setup cell.
func TestNotebookShape(t *testing.T) {
	e := exampleExport(t, true)
	b, err := os.ReadFile(filepath.Join(e.dir, "cost-of-living.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		NBFormat      int `json:"nbformat"`
		NBFormatMinor int `json:"nbformat_minor"`
		Metadata      struct {
			Kernelspec struct{ Name, Language string }
		}
		Cells []struct {
			ID       string          `json:"id"`
			CellType string          `json:"cell_type"`
			Source   []string        `json:"source"`
			Outputs  json.RawMessage `json:"outputs"`
			Count    json.RawMessage `json:"execution_count"`
		}
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	if nb.NBFormat != 4 || nb.NBFormatMinor != 5 || nb.Metadata.Kernelspec.Name != "python3" {
		t.Errorf("nbformat %d.%d kernel %q", nb.NBFormat, nb.NBFormatMinor, nb.Metadata.Kernelspec.Name)
	}
	idRE := regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)
	seen := map[string]bool{}
	var all strings.Builder
	for _, c := range nb.Cells {
		if !idRE.MatchString(c.ID) || seen[c.ID] {
			t.Errorf("cell id %q invalid or repeated", c.ID)
		}
		seen[c.ID] = true
		if c.CellType == "code" && (string(c.Outputs) != "[]" || string(c.Count) != "null") {
			t.Errorf("cell %s: outputs %s, execution_count %s", c.ID, c.Outputs, c.Count)
		}
		all.WriteString(strings.Join(c.Source, ""))
	}
	text := all.String()
	for _, want := range []string{`"areas_selected": 57`, `"robustness": "cost-of-living_robustness.csv"`, palette.Deciles()[0], "SELECTED_COLOUR = " + py(palette.Accent),
		"| areas | `rank` | integer |", "geopandas"} {
		if !strings.Contains(text, want) {
			t.Errorf("notebook lacks %q", want)
		}
	}
}

// A table-only scenario (no boundaries) exports without a GeoPackage, and
// the notebook says there is no map.
func TestExportWithoutBoundaries(t *testing.T) {
	res := *example(t)
	res.AreaGeoms, res.WardGeoms = nil, nil
	dir := tempOut(t)
	files, err := Export(&res, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".gpkg") {
			t.Errorf("wrote %s without boundaries", f)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "cost-of-living.ipynb"))
	if !strings.Contains(string(b), `\"gpkg\": None`) {
		t.Error("notebook does not know there is no GeoPackage")
	}
	if err := WriteMapPNG(&res, filepath.Join(dir, "map.png"), Options{}); err == nil || !strings.Contains(err.Error(), "no boundaries") {
		t.Errorf("PNG without boundaries: %v", err)
	}
}
