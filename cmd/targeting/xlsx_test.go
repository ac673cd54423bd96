package main

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// openpyxlAreas prints, as JSON, what a spreadsheet user meets in the
// workbook: the sheet names, the About sheet's text, and the Areas sheet's
// frozen panes, autofilter, header, rows and the fill of each decile cell.
const openpyxlAreas = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Areas"]
rows = list(ws.iter_rows(values_only=True))
head = next(i for i, r in enumerate(rows) if r and r[0] == "area_code")
dec = rows[head].index("decile")
fills = [ws.cell(row=head + 2 + i, column=dec + 1).fill.fgColor.rgb for i in range(len(rows) - head - 1)]
about = [str(c) for r in wb["About"].iter_rows(values_only=True) for c in r if c is not None]
print(json.dumps({"sheets": wb.sheetnames, "about": about, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
  "header": list(rows[head]), "rows": [list(r) for r in rows[head + 1:]], "fills": fills}, default=str))
`

// score --format xlsx: the workbook opens in openpyxl with every value
// equal to the CSV's, rows sorted by rank, decile cells filled, the header
// frozen, the synthetic banner, and an About sheet with the attribution.
func TestScoreXLSXMatchesCSV(t *testing.T) {
	if testing.Short() {
		t.Skip("opens the workbook with openpyxl; runs without -short")
	}
	if exec.Command("/usr/bin/python3", "-c", "import openpyxl").Run() != nil {
		if os.Getenv("TARGETING_REQUIRE_OPENPYXL") == "1" {
			t.Fatal("python3 with openpyxl is required (TARGETING_REQUIRE_OPENPYXL=1): apt-get install python3-openpyxl")
		}
		t.Skip("python3 with openpyxl is not installed")
	}
	dir := t.TempDir()
	if _, stderr, code := run(t, "score", "--scenario", "../../examples/cost-of-living.yaml", "--out", dir, "--format", "csv,xlsx"); code != 0 {
		t.Fatalf("score exited %d: %s", code, stderr)
	}
	out, err := exec.Command("/usr/bin/python3", "-c", openpyxlAreas, filepath.Join(dir, "cost-of-living.xlsx")).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	var got struct {
		Sheets, About, Header []string
		Freeze, Filter        string
		Rows                  [][]any
		Fills                 []string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if strings.Join(got.Sheets, ",") != "About,Areas,Wards,Selected,Fields" {
		t.Errorf("sheets %v", got.Sheets)
	}
	about := strings.Join(got.About, "\n")
	for _, want := range []string{"SYNTHETIC DATA", "Crown copyright", "Selection"} {
		if !strings.Contains(about, want) {
			t.Errorf("About sheet has no %q:\n%s", want, about)
		}
	}
	if got.Freeze != "A3" || got.Filter == "" { // row 1 is the synthetic banner, row 2 the header
		t.Errorf("freeze panes %q, autofilter %q", got.Freeze, got.Filter)
	}
	csvRows := readCSV(t, filepath.Join(dir, "cost-of-living_areas.csv"))
	if strings.Join(got.Header, ",") != strings.Join(csvRows[0], ",") || len(got.Rows) != len(csvRows)-1 {
		t.Fatalf("header %v (%d rows), CSV %v (%d rows)", got.Header, len(got.Rows), csvRows[0], len(csvRows)-1)
	}
	byCode := map[string][]string{}
	for _, r := range csvRows[1:] {
		byCode[r[0]] = r
	}
	rankAt := indexOf(got.Header, "rank")
	for i, r := range got.Rows {
		want := byCode[r[0].(string)]
		if want == nil {
			t.Fatalf("row %d: area %v is not in the CSV", i, r[0])
		}
		if rank, _ := r[rankAt].(float64); int(rank) != i+1 {
			t.Fatalf("row %d has rank %v: not sorted by rank", i, r[rankAt])
		}
		for k, cell := range r {
			if !sameCell(cell, want[k]) {
				t.Errorf("%s, %s: workbook %v, CSV %q", want[0], got.Header[k], cell, want[k])
			}
		}
		if got.Fills[i] == "" || got.Fills[i] == "00000000" {
			t.Errorf("%s: decile cell not filled", want[0])
		}
	}
}

// sameCell compares a workbook value (as openpyxl gives it) with CSV text.
// Numbers agree to 15 significant digits, the precision Excel keeps (the
// CSV carries the shortest text that round-trips a float64, up to 17).
func sameCell(cell any, text string) bool {
	switch v := cell.(type) {
	case nil:
		return text == ""
	case bool:
		return strconv.FormatBool(v) == text
	case float64:
		f, err := strconv.ParseFloat(text, 64)
		return err == nil && (f == v || math.Abs(f-v) <= 1e-14*math.Abs(f))
	case string:
		return v == text
	}
	return false
}

func indexOf(xs []string, x string) int {
	for i, s := range xs {
		if s == x {
			return i
		}
	}
	return -1
}
