package notebooksexport

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
)

// The Arrow IPC files are read by an independent implementation, the
// apache-arrow npm package (pinned in testdata/package.json), with the
// same rows, column names and types, nulls and metadata.
func TestNodeReadsArrow(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the Arrow files with the apache-arrow npm package in Node; runs without -short")
	}
	const install = "cd notebooks-export/testdata && npm ci"
	node, err := exec.LookPath("node")
	need(t, err == nil, "node", "TARGETING_REQUIRE_NODE", "apt-get install nodejs npm && "+install)
	_, err = os.Stat("testdata/node_modules/apache-arrow/package.json")
	need(t, err == nil, "npm package apache-arrow", "TARGETING_REQUIRE_NODE", install)
	e := exampleExport(t, false)
	jsType := map[arrow.Type]string{arrow.STRING: "Utf8", arrow.FLOAT64: "Float64", arrow.INT64: "Int64", arrow.BOOL: "Bool"}
	for _, tc := range []struct {
		file string
		rec  arrow.RecordBatch
	}{{"cost-of-living_areas.arrow", e.res.Areas}, {"cost-of-living_wards.arrow", e.res.Wards}} {
		t.Run(tc.file, func(t *testing.T) {
			out, err := exec.Command(node, "testdata/read-arrow.mjs", filepath.Join(e.dir, tc.file)).CombinedOutput()
			if err != nil {
				t.Fatalf("node: %v\n%s", err, out)
			}
			var got struct {
				Rows   int64
				Fields []struct {
					Name, Type string
					Nullable   bool
				}
				Metadata map[string]string
				First    map[string]any
				Nulls    map[string]int
			}
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if got.Rows != tc.rec.NumRows() {
				t.Errorf("rows %d, want %d", got.Rows, tc.rec.NumRows())
			}
			fields := tc.rec.Schema().Fields()
			if len(got.Fields) != len(fields) {
				t.Fatalf("%d fields, want %d", len(got.Fields), len(fields))
			}
			for i, f := range fields {
				if g := got.Fields[i]; g.Name != f.Name || g.Type != jsType[f.Type.ID()] {
					t.Errorf("field %d: %s %s, want %s %s", i, g.Name, g.Type, f.Name, jsType[f.Type.ID()])
				}
				if got.Nulls[f.Name] != tc.rec.Column(i).NullN() {
					t.Errorf("%s: %d nulls, want %d", f.Name, got.Nulls[f.Name], tc.rec.Column(i).NullN())
				}
			}
			code := fields[0].Name
			if got.First[code] != tc.rec.Column(0).ValueStr(0) {
				t.Errorf("first %s %v, want %s", code, got.First[code], tc.rec.Column(0).ValueStr(0))
			}
			if got.Metadata["targeting:scenario"] != "cost-of-living" || !strings.Contains(got.Metadata["targeting:attribution"], "Open Government Licence") {
				t.Errorf("metadata %v", got.Metadata)
			}
		})
	}
}

// The notebook validates against the nbformat schema (Debian's
// python3-nbformat).
func TestNotebookValidates(t *testing.T) {
	if testing.Short() {
		t.Skip("validates the notebook with Python's nbformat; runs without -short")
	}
	python := python3("nbformat")
	need(t, python != "", "python3 with nbformat", "TARGETING_REQUIRE_JUPYTER", "apt-get install python3-nbformat")
	for _, rob := range []bool{true, false} {
		e := exampleExport(t, rob)
		p := filepath.Join(e.dir, "cost-of-living.ipynb")
		out, err := exec.Command(python, "-c", "import sys, nbformat; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); "+
			"assert (nb.nbformat, nb.nbformat_minor) == (4, 5); print(len(nb.cells))", p).CombinedOutput()
		if err != nil {
			t.Fatalf("nbformat: %v\n%s", err, out)
		}
	}
}

// The notebook runs top to bottom headless (jupyter nbconvert --execute),
// with and without a robustness result, on Debian's Python (no pyarrow:
// the fallback readers are what runs there), and draws its two figures.
func TestNotebookExecutes(t *testing.T) {
	if testing.Short() {
		t.Skip("executes the notebook in Jupyter; runs without -short")
	}
	jupyter, err := exec.LookPath("jupyter")
	if err == nil && exec.Command(jupyter, "nbconvert", "--version").Run() != nil {
		err = os.ErrNotExist
	}
	need(t, err == nil && python3("geopandas") != "", "jupyter nbconvert and python3 geopandas", "TARGETING_REQUIRE_JUPYTER",
		"apt-get install jupyter-nbconvert python3-nbconvert python3-ipykernel python3-geopandas python3-matplotlib")
	for _, rob := range []bool{true, false} {
		name := map[bool]string{true: "with-robustness", false: "not-run"}[rob]
		t.Run(name, func(t *testing.T) {
			e := exampleExport(t, rob)
			out := filepath.Join(t.TempDir(), "executed.ipynb")
			cmd := exec.Command(jupyter, "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=300",
				"--output", out, filepath.Join(e.dir, "cost-of-living.ipynb"))
			cmd.Env = append(os.Environ(), "PYDEVD_DISABLE_FILE_VALIDATION=1")
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("nbconvert --execute: %v\n%s", err, b)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			var nb struct {
				Cells []struct {
					ID      string `json:"id"`
					Outputs []struct {
						OutputType string          `json:"output_type"`
						Name       string          `json:"name"`
						Text       json.RawMessage `json:"text"`
						Data       map[string]any  `json:"data"`
					} `json:"outputs"`
				} `json:"cells"`
			}
			if err := json.Unmarshal(b, &nb); err != nil {
				t.Fatal(err)
			}
			images, text := map[string]int{}, map[string]string{}
			for _, c := range nb.Cells {
				for _, o := range c.Outputs {
					if o.OutputType == "error" || o.Name == "stderr" && strings.Contains(string(o.Text), "Error") {
						t.Errorf("cell %s: %s %s", c.ID, o.OutputType, o.Text)
					}
					if _, ok := o.Data["image/png"]; ok {
						images[c.ID]++
					}
					text[c.ID] += string(o.Text)
				}
			}
			if images["map"] != 1 {
				t.Errorf("map cell drew %d images", images["map"])
			}
			if rob && images["uncertainty"] != 1 {
				t.Errorf("uncertainty cell drew %d images", images["uncertainty"])
			}
			if !rob && (images["uncertainty"] != 0 || !strings.Contains(text["uncertainty"], "not run")) {
				t.Errorf("without robustness the uncertainty cell printed %q and drew %d images", text["uncertainty"], images["uncertainty"])
			}
			if !strings.Contains(text["headline"], "57 of 282 small areas selected") {
				t.Errorf("headline cell printed %q", text["headline"])
			}
		})
	}
}
