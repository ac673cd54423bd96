package xlsx

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/manchester-insight/targeting/geo/palette"
)

// The interop tests open the workbook with the readers analysts' tools
// use: openpyxl (pandas.read_excel's engine) and LibreOffice. A missing
// reader skips the test, unless TARGETING_REQUIRE_OPENPYXL=1 or
// TARGETING_REQUIRE_LIBREOFFICE=1 (CI), where a silent skip would hide
// that the check never ran. Both skip under -short.

// need skips the test when a reader is missing, or fails it when env is "1".
func need(t *testing.T, ok bool, what, env, install string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv(env) == "1" {
		t.Fatalf("%s not found and %s=1 (install: %s)", what, env, install)
	}
	t.Skipf("%s not found (set %s=1 to require it; install: %s)", what, env, install)
}

// findOpenpyxl is a python3 that imports openpyxl: the one on PATH, or
// Debian's /usr/bin/python3 (a pyenv or venv python may shadow it without
// Debian's packages).
func findOpenpyxl() string {
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import openpyxl").Run() == nil {
			return py
		}
	}
	return ""
}

// openpyxlDump prints every sheet of the workbook as JSON: frozen panes,
// autofilter, print titles, page header and each cell's value, openpyxl
// data type, number format, solid fill colour, font colour and boldness.
const openpyxlDump = `
import json, sys
import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames, "active": wb.active.title, "title": wb.properties.title}
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            fill = c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type == "solid" else None
            font = c.font.color.rgb if c.font is not None and c.font.color is not None and c.font.color.type == "rgb" else None
            cells.append({"v": c.value, "t": c.data_type, "fmt": c.number_format, "fill": fill,
                          "font": font, "bold": bool(c.font is not None and c.font.b)})
        rows.append(cells)
    out[ws.title] = {"freeze": ws.freeze_panes, "filter": ws.auto_filter.ref, "print_titles": ws.print_title_rows,
                     "header": ws.oddHeader.center.text, "rows": rows}
json.dump(out, sys.stdout)
`

type pyCell struct {
	V    any    `json:"v"`
	T    string `json:"t"`
	Fmt  string `json:"fmt"`
	Fill string `json:"fill"`
	Font string `json:"font"`
	Bold bool   `json:"bold"`
}

type pySheet struct {
	Freeze      string     `json:"freeze"`
	Filter      string     `json:"filter"`
	PrintTitles string     `json:"print_titles"`
	Header      string     `json:"header"`
	Rows        [][]pyCell `json:"rows"`
}

// openpyxl reads the workbook as written: sheet order, frozen header,
// autofilter over the table, every value with its type and number format,
// decile fills with readable text, and the banner.
func TestOpenpyxlReads(t *testing.T) {
	if testing.Short() {
		t.Skip("interop with openpyxl: skipped with -short")
	}
	py := findOpenpyxl()
	need(t, py != "", "python3 with openpyxl", "TARGETING_REQUIRE_OPENPYXL", "apt-get install python3-openpyxl")
	for _, banner := range []string{"", "SYNTHETIC DATA: service records are generated, not real"} {
		name := map[bool]string{true: "banner", false: "no banner"}[banner != ""]
		t.Run(name, func(t *testing.T) {
			b := book(t, banner)
			path := writeBook(t, b)
			cmd := exec.Command(py, "-c", openpyxlDump, path)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("openpyxl: %v\n%s", err, stderr.String())
			}
			var dump map[string]json.RawMessage
			if err := json.Unmarshal(out, &dump); err != nil {
				t.Fatal(err)
			}
			var sheets []string
			var active, title string
			json.Unmarshal(dump["sheets"], &sheets)
			json.Unmarshal(dump["active"], &active)
			json.Unmarshal(dump["title"], &title)
			if strings.Join(sheets, ",") != "About,Areas,Wards" || active != "About" || title != b.Title {
				t.Errorf("sheets %v, active %q, title %q", sheets, active, title)
			}
			var about pySheet
			json.Unmarshal(dump["About"], &about)
			if v, _ := about.Rows[0][0].V.(string); v != b.Title || !about.Rows[0][0].Bold {
				t.Errorf("About!A1 %+v", about.Rows[0][0])
			}
			if banner != "" {
				if c := about.Rows[1][0]; c.V != banner || !c.Bold || c.Font != "FF"+bannerColour {
					t.Errorf("About!A2 %+v, want the banner in bold dark red", c)
				}
			}
			for i, sh := range b.Sheets {
				var s pySheet
				if err := json.Unmarshal(dump[sh.Name], &s); err != nil {
					t.Fatal(err)
				}
				order := []int{0, 1, 2}
				if i == 0 {
					order = rankOrder
				}
				checkPySheet(t, sh, s, order, banner)
			}
		})
	}
}

func checkPySheet(t *testing.T, sh Sheet, s pySheet, order []int, banner string) {
	t.Helper()
	rec := sh.Table
	header := 1
	if banner != "" {
		header = 2
		if c := s.Rows[0][0]; c.V != banner || !c.Bold || c.Font != "FF"+bannerColour {
			t.Errorf("%s!A1 %+v, want the banner", sh.Name, c)
		}
		if !strings.Contains(s.Header, banner) {
			t.Errorf("%s page header %q lacks the banner", sh.Name, s.Header)
		}
	}
	wantFreeze := "A" + strconv.Itoa(header+1)
	if s.Freeze != wantFreeze {
		t.Errorf("%s: ws.freeze_panes = %q, want %q", sh.Name, s.Freeze, wantFreeze)
	}
	lastCol := string(rune('A' + rec.NumCols() - 1))
	wantFilter := "A" + strconv.Itoa(header) + ":" + lastCol + strconv.Itoa(header+int(rec.NumRows()))
	if got := strings.ReplaceAll(s.Filter, "$", ""); got != wantFilter {
		t.Errorf("%s: autofilter %q, want %q", sh.Name, s.Filter, wantFilter)
	}
	if want := "$" + strconv.Itoa(header) + ":$" + strconv.Itoa(header); s.PrintTitles != want {
		t.Errorf("%s: print titles %q, want %q", sh.Name, s.PrintTitles, want)
	}
	if len(s.Rows) != header+int(rec.NumRows()) {
		t.Fatalf("%s: %d rows, want %d", sh.Name, len(s.Rows), header+int(rec.NumRows()))
	}
	for c, fld := range rec.Schema().Fields() {
		h := s.Rows[header-1][c]
		if h.V != fld.Name || !h.Bold {
			t.Errorf("%s header %d: %+v, want bold %q", sh.Name, c, h, fld.Name)
		}
		wantFmt := wantFormat(sh, c)
		if wantFmt == "" {
			wantFmt = "General"
		}
		for k, r := range order {
			got := s.Rows[header+k][c]
			where := sh.Name + " " + fld.Name + " row " + strconv.Itoa(r)
			if got.Fmt != wantFmt {
				t.Errorf("%s: number format %q, want %q", where, got.Fmt, wantFmt)
			}
			checkPyValue(t, where, rec.Column(c), r, got)
			wantFill, wantFont := "", ""
			if fld.Name == sh.Fill {
				if d := (&column{arr: rec.Column(c), kind: kindOf(rec.Column(c))}).decile(r); d > 0 {
					wantFill = "FF" + rgb(palette.Deciles()[d-1])
					wantFont = "FF" + rgb(palette.InkOn(palette.Deciles()[d-1]))
				}
			}
			if got.Fill != wantFill || wantFont != "" && got.Font != wantFont {
				t.Errorf("%s: fill %q text %q, want fill %q text %q", where, got.Fill, got.Font, wantFill, wantFont)
			}
		}
	}
}

func kindOf(a arrow.Array) kind {
	switch a.(type) {
	case *array.Int64:
		return kindInt
	case *array.Float64:
		return kindFloat
	}
	return kindText
}

// checkPyValue compares one openpyxl cell with the Arrow value: text as
// text ('s'), numbers as numbers ('n'), booleans as booleans ('b'), nulls,
// NaN and Inf empty.
func checkPyValue(t *testing.T, where string, a arrow.Array, r int, got pyCell) {
	t.Helper()
	empty := func() {
		if got.V != nil {
			t.Errorf("%s: %#v, want an empty cell", where, got.V)
		}
	}
	if a.IsNull(r) {
		empty()
		return
	}
	switch x := a.(type) {
	case *array.String:
		want := x.Value(r)
		if want == "" && got.V == nil {
			return // an empty text cell reads as None
		}
		if got.V != want || got.T != "s" {
			t.Errorf("%s: %#v (%s), want text %q", where, got.V, got.T, want)
		}
	case *array.Int64:
		v := x.Value(r)
		if v > 1<<53 || v < -(1<<53) {
			if got.V != strconv.FormatInt(v, 10) || got.T != "s" {
				t.Errorf("%s: %#v (%s), want the text %d", where, got.V, got.T, v)
			}
			return
		}
		if f, ok := got.V.(float64); !ok || f != float64(v) || got.T != "n" {
			t.Errorf("%s: %#v (%s), want the number %d", where, got.V, got.T, v)
		}
	case *array.Float64:
		v := x.Value(r)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			empty()
			return
		}
		if f, ok := got.V.(float64); !ok || math.Abs(f-v) > 1e-14*math.Max(1, math.Abs(v)) || got.T != "n" {
			t.Errorf("%s: %#v (%s), want the number %v", where, got.V, got.T, v)
		}
	case *array.Boolean:
		if got.V != x.Value(r) || got.T != "b" {
			t.Errorf("%s: %#v (%s), want the boolean %v", where, got.V, got.T, x.Value(r))
		}
	}
}

// findLibreOffice is LibreOffice's soffice, or "".
func findLibreOffice() string {
	for _, name := range []string{"soffice", "libreoffice", "/usr/lib/libreoffice/program/soffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// LibreOffice opens the workbook and saves every sheet as CSV: every
// value of every sheet is the Arrow input's, in SortBy order, and the About
// sheet holds the About rows.
func TestLibreOfficeReads(t *testing.T) {
	if testing.Short() {
		t.Skip("interop with LibreOffice: skipped with -short")
	}
	soffice := findLibreOffice()
	need(t, soffice != "", "LibreOffice (soffice)", "TARGETING_REQUIRE_LIBREOFFICE", "apt-get install libreoffice-calc-nogui")
	banner := "SYNTHETIC DATA: service records are generated, not real"
	b := book(t, banner)
	path := writeBook(t, b)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// Raw values (not "as shown"), UTF-8, every sheet to its own file
	// (book-SHEET.csv), a profile of its own so a running LibreOffice or a
	// first start elsewhere does not interfere.
	filter := "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,false,false,false,false,-1"
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--norestore", "--convert-to", filter, "--outdir", dir, path)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	read := func(sheet string) [][]string {
		t.Helper()
		f, err := os.Open(filepath.Join(dir, "book-"+sheet+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	about := read("About")
	var text strings.Builder
	for _, r := range about {
		text.WriteString(strings.Join(r, "|") + "\n")
	}
	for _, want := range []string{b.Title + "|", banner + "|", "Number-like value|0012\n", "Scenario|cost-of-living\n"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("About as CSV lacks %q:\n%s", want, text.String())
		}
	}
	for i, sh := range b.Sheets {
		rows := read(sh.Name)
		order := []int{0, 1, 2}
		if i == 0 {
			order = rankOrder
		}
		rec := sh.Table
		if len(rows) != 2+int(rec.NumRows()) || rows[0][0] != banner {
			t.Fatalf("%s: %d rows, first %q", sh.Name, len(rows), rows[0])
		}
		for c, fld := range rec.Schema().Fields() {
			if rows[1][c] != fld.Name {
				t.Errorf("%s header %d = %q, want %q", sh.Name, c, rows[1][c], fld.Name)
			}
			for k, r := range order {
				got := rows[2+k][c]
				where := sh.Name + " " + fld.Name + " row " + strconv.Itoa(r)
				checkCSVValue(t, where, rec.Column(c), r, got)
			}
		}
	}
}

// checkCSVValue compares a value LibreOffice wrote with the Arrow value.
// LibreOffice writes raw numbers to 15 significant digits, percentages
// with a % sign, booleans as TRUE/FALSE, empty cells as nothing.
func checkCSVValue(t *testing.T, where string, a arrow.Array, r int, got string) {
	t.Helper()
	if a.IsNull(r) {
		if got != "" {
			t.Errorf("%s: %q, want empty", where, got)
		}
		return
	}
	switch x := a.(type) {
	case *array.String:
		if got != x.Value(r) {
			t.Errorf("%s: %q, want %q", where, got, x.Value(r))
		}
	case *array.Int64:
		if got != strconv.FormatInt(x.Value(r), 10) {
			t.Errorf("%s: %q, want %d", where, got, x.Value(r))
		}
	case *array.Float64:
		v := x.Value(r)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			if got != "" {
				t.Errorf("%s: %q, want empty for %v", where, got, v)
			}
			return
		}
		s, scale := got, 1.0
		if p, ok := strings.CutSuffix(s, "%"); ok {
			s, scale = p, 0.01
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.Abs(f*scale-v) > 1e-13*math.Max(1, math.Abs(v)) {
			t.Errorf("%s: %q, want %v", where, got, v)
		}
	case *array.Boolean:
		want := strings.ToUpper(strconv.FormatBool(x.Value(r)))
		if got != want {
			t.Errorf("%s: %q, want %s", where, got, want)
		}
	}
}
