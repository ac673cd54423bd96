package xlsx

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/xuri/excelize/v2"

	"github.com/manchester-insight/targeting/geo/palette"
)

// col is a test column: a name and its values, nil for null.
type col struct {
	name string
	typ  arrow.DataType
	vals []any
}

// record builds an Arrow record from test columns.
func record(t testing.TB, cols ...col) arrow.RecordBatch {
	t.Helper()
	mem := memory.DefaultAllocator
	var fields []arrow.Field
	var arrs []arrow.Array
	n := len(cols[0].vals)
	for _, c := range cols {
		if len(c.vals) != n {
			t.Fatalf("column %s has %d values, want %d", c.name, len(c.vals), n)
		}
		fields = append(fields, arrow.Field{Name: c.name, Type: c.typ, Nullable: true})
		switch c.typ.ID() {
		case arrow.STRING:
			b := array.NewStringBuilder(mem)
			for _, v := range c.vals {
				if v == nil {
					b.AppendNull()
				} else {
					b.Append(v.(string))
				}
			}
			arrs = append(arrs, b.NewArray())
		case arrow.INT64:
			b := array.NewInt64Builder(mem)
			for _, v := range c.vals {
				if v == nil {
					b.AppendNull()
				} else {
					b.Append(int64(v.(int)))
				}
			}
			arrs = append(arrs, b.NewArray())
		case arrow.FLOAT64:
			b := array.NewFloat64Builder(mem)
			for _, v := range c.vals {
				if v == nil {
					b.AppendNull()
				} else {
					b.Append(v.(float64))
				}
			}
			arrs = append(arrs, b.NewArray())
		case arrow.BOOL:
			b := array.NewBooleanBuilder(mem)
			for _, v := range c.vals {
				if v == nil {
					b.AppendNull()
				} else {
					b.Append(v.(bool))
				}
			}
			arrs = append(arrs, b.NewArray())
		default:
			t.Fatalf("type %s", c.typ)
		}
	}
	return array.NewRecordBatch(arrow.NewSchema(fields, nil), arrs, int64(n))
}

var (
	str = arrow.BinaryTypes.String
	i64 = arrow.PrimitiveTypes.Int64
	f64 = arrow.PrimitiveTypes.Float64
	bl  = arrow.FixedWidthTypes.Boolean
)

// areas is the test table: codes that must stay text, text that looks
// like numbers, formulas and booleans, large and null integers, NaN, and
// deciles in and out of 1..10. Rows are out of rank order on purpose.
func areas(t testing.TB) arrow.RecordBatch {
	return record(t,
		col{"area_code", str, []any{"E01005108", "E01005109", "E01005110", "E01005111", "E01005112", "E01005113"}},
		col{"area_name", str, []any{`Ancoats, "north"`, "00123", "1e5", "=1+1", "TRUE", strings.Repeat("Long name ", 12)}},
		col{"note", str, []any{"Ardwick – Brunswick", nil, "line\nbreak", " lead", "Ünïcødé 🏠", "0.50"}},
		col{"households", i64, []any{1500, 2000000, nil, -3, 9007199254740993, 0}},
		col{"population", f64, []any{1500.0, 2500.0, 0.0, nil, 1234567.0, 42.0}},
		col{"score", f64, []any{12.5, math.NaN(), nil, 0.125, 33.333333333333336, math.Inf(1)}},
		col{"share", f64, []any{0.5, 0.125, nil, 1.0, 0.0, 0.333}},
		col{"rank", f64, []any{3.0, 1.0, 6.0, 2.0, 4.0, 5.0}},
		col{"decile", f64, []any{1.0, 10.0, 2.5, nil, 11.0, 4.0}},
		col{"selected", bl, []any{true, false, nil, true, false, true}},
	)
}

func wards(t testing.TB) arrow.RecordBatch {
	return record(t,
		col{"ward_code", str, []any{"E05011040", "E05011041", "E05011042"}},
		col{"ward_name", str, []any{"Ancoats & Beswick", "Ardwick", "Baguley"}},
		col{"decile", i64, []any{1, 5, 10}},
	)
}

// rankOrder is the areas' rows sorted by rank.
var rankOrder = []int{1, 3, 0, 4, 5, 2}

func book(t testing.TB, banner string) *Book {
	return &Book{
		Title:  "Manchester cost-of-living need",
		Banner: banner,
		About: [][2]string{
			{"Scenario", "cost-of-living"},
			{"Scored", "2026-12-03 08:14:07 UTC"},
			{"Attribution", "Contains public sector information licensed under the Open Government Licence v3.0."},
			{"Number-like value", "0012"},
		},
		Sheets: []Sheet{
			{Name: "Areas", Table: areas(t), SortBy: "rank", Fill: "decile", Formats: map[string]string{"share": "0.0%", "score": "0.0"}},
			{Name: "Wards", Table: wards(t), Fill: "decile"},
		},
	}
}

func writeBook(t testing.TB, b *Book) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := Write(path, b); err != nil {
		t.Fatal(err)
	}
	return path
}

// open reads a written workbook with excelize.
func open(t testing.TB, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// wantCell is what a cell of the areas table should hold: its raw value
// as excelize reads it, its type, and its number format.
func wantCell(t *testing.T, rec arrow.RecordBatch, c, r int) (raw string, typ excelize.CellType) {
	a := rec.Column(c)
	if a.IsNull(r) {
		return "", excelize.CellTypeUnset
	}
	switch x := a.(type) {
	case *array.String:
		return x.Value(r), excelize.CellTypeInlineString
	case *array.Int64:
		v := x.Value(r)
		if v > 1<<53 || v < -(1<<53) {
			return strconv.FormatInt(v, 10), excelize.CellTypeInlineString
		}
		return strconv.FormatInt(v, 10), excelize.CellTypeUnset
	case *array.Float64:
		v := x.Value(r)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "", excelize.CellTypeUnset
		}
		return strconv.FormatFloat(v, 'f', -1, 64), excelize.CellTypeUnset
	case *array.Boolean:
		if x.Value(r) {
			return "1", excelize.CellTypeBool
		}
		return "0", excelize.CellTypeBool
	}
	t.Fatalf("column %d: unexpected type", c)
	return "", 0
}

// The workbook reads back with excelize: sheets in order, the About sheet,
// every value of the table in rank order with its type, the number
// formats, decile fills, frozen header and autofilter.
func TestWriteReadsBack(t *testing.T) {
	for _, banner := range []string{"", "SYNTHETIC DATA: service records are generated, not real"} {
		name := map[bool]string{true: "banner", false: "no banner"}[banner != ""]
		t.Run(name, func(t *testing.T) {
			b := book(t, banner)
			f := open(t, writeBook(t, b))
			if got := f.GetSheetList(); !slices.Equal(got, []string{"About", "Areas", "Wards"}) {
				t.Fatalf("sheets %v", got)
			}
			if f.GetActiveSheetIndex() != 0 {
				t.Errorf("active sheet %d, want About", f.GetActiveSheetIndex())
			}
			checkAbout(t, f, b)
			header := 1
			if banner != "" {
				header = 2
				for _, sheet := range []string{"Areas", "Wards"} {
					if v, _ := f.GetCellValue(sheet, "A1"); v != banner {
						t.Errorf("%s!A1 = %q, want the banner", sheet, v)
					}
					if s := cellStyle(t, f, sheet, "A1"); s.Font == nil || !s.Font.Bold || !strings.EqualFold(s.Font.Color, "FFC00000") && !strings.EqualFold(s.Font.Color, "C00000") {
						t.Errorf("%s banner style %+v", sheet, s.Font)
					}
				}
			}
			checkTable(t, f, "Areas", b.Sheets[0], rankOrder, header)
			checkTable(t, f, "Wards", b.Sheets[1], []int{0, 1, 2}, header)
		})
	}
}

func checkAbout(t *testing.T, f *excelize.File, b *Book) {
	t.Helper()
	rows, err := f.GetRows("About")
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, r := range rows {
		text += strings.Join(r, "|") + "\n"
	}
	if rows[0][0] != b.Title {
		t.Errorf("About!A1 = %q", rows[0][0])
	}
	if s := cellStyle(t, f, "About", "A1"); s.Font == nil || !s.Font.Bold {
		t.Error("title not bold")
	}
	if b.Banner != "" && rows[1][0] != b.Banner {
		t.Errorf("About!A2 = %q, want the banner", rows[1][0])
	}
	for _, kv := range b.About {
		if !strings.Contains(text, kv[0]+"|"+kv[1]+"\n") {
			t.Errorf("About lacks %q", kv)
		}
	}
	for _, want := range []string{"Sheet Areas|6 rows × 10 columns, sorted by rank; cells of decile are coloured", "Sheet Wards|3 rows × 3 columns"} {
		if !strings.Contains(text, want) {
			t.Errorf("About lacks %q:\n%s", want, text)
		}
	}
	// "0012" stays text.
	for r, row := range rows {
		if len(row) > 1 && row[1] == "0012" {
			cell, _ := excelize.CoordinatesToCellName(2, r+1)
			if typ, _ := f.GetCellType("About", cell); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
				t.Errorf("About %s is %v, want text", cell, typ)
			}
		}
	}
}

func cellStyle(t *testing.T, f *excelize.File, sheet, cell string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// numFmt is the format code of a style: built-in ids by their code.
func numFmt(s *excelize.Style) string {
	if s.CustomNumFmt != nil {
		return *s.CustomNumFmt
	}
	for code, id := range builtinFormats {
		if id == s.NumFmt {
			return code
		}
	}
	if s.NumFmt == 0 {
		return ""
	}
	return "builtin " + strconv.Itoa(s.NumFmt)
}

// wantFormat is the number format a column should have.
func wantFormat(sh Sheet, c int) string {
	fld := sh.Table.Schema().Field(c)
	if f, ok := sh.Formats[fld.Name]; ok {
		return f
	}
	switch fld.Type.ID() {
	case arrow.STRING:
		return "@"
	case arrow.FLOAT64:
		return defaultFloatFormat(sh.Table.Column(c))
	}
	return ""
}

func checkTable(t *testing.T, f *excelize.File, sheet string, sh Sheet, order []int, header int) {
	t.Helper()
	rec := sh.Table
	for c, fld := range rec.Schema().Fields() {
		cell, _ := excelize.CoordinatesToCellName(c+1, header)
		if v, _ := f.GetCellValue(sheet, cell); v != fld.Name {
			t.Errorf("%s!%s = %q, want header %q", sheet, cell, v, fld.Name)
		}
		if s := cellStyle(t, f, sheet, cell); s.Font == nil || !s.Font.Bold {
			t.Errorf("%s!%s header not bold", sheet, cell)
		}
		colName, _ := excelize.ColumnNumberToName(c + 1)
		w, err := f.GetColWidth(sheet, colName)
		if err != nil || w < minWidth || w > maxWidth || w < float64(len(fld.Name)) {
			t.Errorf("%s column %s width %g (%v)", sheet, fld.Name, w, err)
		}
		for k, r := range order {
			cell, _ := excelize.CoordinatesToCellName(c+1, header+1+k)
			raw, typ := wantCell(t, rec, c, r)
			got, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if fld.Type.ID() == arrow.FLOAT64 && raw != "" {
				gv, err1 := strconv.ParseFloat(got, 64)
				wv, _ := strconv.ParseFloat(raw, 64)
				if err1 != nil || math.Abs(gv-wv) > 1e-14*math.Max(1, math.Abs(wv)) {
					t.Errorf("%s!%s (%s row %d) = %q, want %s", sheet, cell, fld.Name, r, got, raw)
				}
			} else if got != raw && !(raw == "" && fld.Type.ID() == arrow.STRING) {
				t.Errorf("%s!%s (%s row %d) = %q, want %q", sheet, cell, fld.Name, r, got, raw)
			}
			gt, err := f.GetCellType(sheet, cell)
			if err != nil {
				t.Fatal(err)
			}
			if gt != typ && !(gt == excelize.CellTypeNumber && typ == excelize.CellTypeUnset) {
				t.Errorf("%s!%s (%s row %d) type %v, want %v", sheet, cell, fld.Name, r, gt, typ)
			}
			st := cellStyle(t, f, sheet, cell)
			if got, want := numFmt(st), wantFormat(sh, c); got != want {
				t.Errorf("%s!%s (%s) number format %q, want %q", sheet, cell, fld.Name, got, want)
			}
			if fld.Name == sh.Fill {
				checkFill(t, st, rec.Column(c), r, sheet+"!"+cell)
			} else if len(st.Fill.Color) > 0 {
				t.Errorf("%s!%s (%s) filled %v", sheet, cell, fld.Name, st.Fill.Color)
			}
		}
	}
	panes, err := f.GetPanes(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if top := "A" + strconv.Itoa(header+1); !panes.Freeze || panes.YSplit != header || panes.XSplit != 0 || panes.TopLeftCell != top {
		t.Errorf("%s panes %+v, want frozen above %s", sheet, panes, top)
	}
	last, _ := excelize.CoordinatesToCellName(int(rec.NumCols()), header+int(rec.NumRows()))
	want := "'" + sheet + "'!$A$" + strconv.Itoa(header) + ":$" + strings.TrimRight(last, "0123456789") + "$" + strings.TrimLeft(last, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	found := false
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" && d.Scope == sheet {
			found = true
			if strings.ReplaceAll(d.RefersTo, "$", "") != strings.ReplaceAll(want, "$", "") {
				t.Errorf("%s autofilter %s, want %s", sheet, d.RefersTo, want)
			}
		}
	}
	if !found {
		t.Errorf("%s has no autofilter", sheet)
	}
}

// checkFill: a decile cell 1..10 is filled with the palette colour, with
// readable text; other values are not filled.
func checkFill(t *testing.T, st *excelize.Style, a arrow.Array, r int, where string) {
	t.Helper()
	d := 0.0
	switch x := a.(type) {
	case *array.Float64:
		d = x.Value(r)
	case *array.Int64:
		d = float64(x.Value(r))
	}
	if a.IsNull(r) || d < 1 || d > 10 || d != math.Trunc(d) {
		if len(st.Fill.Color) > 0 {
			t.Errorf("%s (value %v) filled %v", where, d, st.Fill.Color)
		}
		return
	}
	fill := palette.Decile(d)
	if len(st.Fill.Color) != 1 || !strings.EqualFold(strings.TrimPrefix(st.Fill.Color[0], "FF"), rgb(fill)) && !strings.EqualFold(st.Fill.Color[0], rgb(fill)) {
		t.Errorf("%s (decile %v) fill %v, want %s", where, d, st.Fill.Color, fill)
	}
	ink := rgb(palette.InkOn(fill))
	if st.Font == nil || !strings.HasSuffix(strings.ToUpper(st.Font.Color), ink) {
		t.Errorf("%s (decile %v) text colour %+v, want %s", where, d, st.Font, ink)
	}
}

// Write checks its input before it makes a file, and never overwrites.
func TestWriteRefuses(t *testing.T) {
	good := func() *Book { return book(t, "") }
	for _, c := range []struct {
		name   string
		change func(*Book)
		want   string
	}{
		{"nil table", func(b *Book) { b.Sheets[0].Table = nil }, "no table"},
		{"format for a missing column", func(b *Book) { b.Sheets[0].Formats = map[string]string{"nope": "0.0"} }, `"nope", which is not a column`},
		{"format for a text column", func(b *Book) { b.Sheets[0].Formats = map[string]string{"area_code": "0.0"} }, "not a number column"},
		{"format for a bool column", func(b *Book) { b.Sheets[0].Formats = map[string]string{"selected": "0"} }, "not a number column"},
		{"empty format", func(b *Book) { b.Sheets[0].Formats = map[string]string{"score": ""} }, "empty number format"},
		{"fill on a missing column", func(b *Book) { b.Sheets[0].Fill = "nope" }, `fill column "nope"`},
		{"fill on a text column", func(b *Book) { b.Sheets[0].Fill = "area_name" }, "not a number column"},
		{"sort by a missing column", func(b *Book) { b.Sheets[0].SortBy = "nope" }, `sort column "nope"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := good()
			c.change(b)
			path := filepath.Join(t.TempDir(), "x.xlsx")
			err := Write(path, b)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one saying %q", err, c.want)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a file was left behind: %v", err)
			}
		})
	}
	if err := Write(filepath.Join(t.TempDir(), "x.xlsx"), nil); err == nil {
		t.Error("nil book accepted")
	}
	path := writeBook(t, good())
	before, _ := os.ReadFile(path)
	if err := Write(path, good()); err == nil {
		t.Error("overwrote an existing file")
	}
	if after, _ := os.ReadFile(path); !slices.Equal(before, after) {
		t.Error("the existing file changed")
	}
}

// Sheet names that Excel refuses are changed, never refused: cut to 31
// characters (not inside a surrogate pair), forbidden characters and
// apostrophes replaced, blank and reserved names replaced, and duplicates
// (ignoring case, the About sheet included) numbered.
func TestSheetName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Areas", "Areas"},
		{"Selected areas in the cost-of-living scenario", "Selected areas in the cost-of-l"},
		{"Q1: need / supply? [draft]*", "Q1_ need _ supply_ _draft__"},
		{`back\slash`, "back_slash"},
		{"'quoted'", "’quoted’"},
		{"it's fine", "it’s fine"},
		{"", "Sheet"},
		{"   ", "Sheet"},
		{"History", "History_"},
		{"history", "history_"},
		{"tab\there", "tab here"},
		{strings.Repeat("x", 30) + "🏠", strings.Repeat("x", 30)}, // the emoji is two UTF-16 units
		{strings.Repeat("é", 40), strings.Repeat("é", 31)},
	} {
		got := SheetName(c.in)
		if got != c.want {
			t.Errorf("SheetName(%q) = %q, want %q", c.in, got, c.want)
		}
	}

	// Every name Write makes is one that excelize (Excel's rules) accepts,
	// and unique.
	rec := wards(t)
	b := &Book{Title: "names", Sheets: []Sheet{
		{Name: "About", Table: rec}, {Name: "Wards", Table: rec}, {Name: "WARDS", Table: rec},
		{Name: "Selected areas in the cost-of-living scenario", Table: rec},
		{Name: "Selected areas in the cost-of-living scenario, again", Table: rec},
		{Name: "a/b", Table: rec}, {Name: "", Table: rec}, {Name: "it's", Table: rec},
	}}
	f := open(t, writeBook(t, b))
	want := []string{"About", "About (2)", "Wards", "WARDS (2)", "Selected areas in the cost-of-l", "Selected areas in the cost- (2)", "a_b", "Sheet", "it’s"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("sheets %q\nwant %q", got, want)
	}
	about, _ := f.GetRows("About")
	var text string
	for _, r := range about {
		text += strings.Join(r, "|") + "\n"
	}
	if !strings.Contains(text, `Sheet a_b|3 rows × 3 columns (asked for as "a/b", which Excel does not allow as a sheet name)`) {
		t.Errorf("About does not record the renamed sheet:\n%s", text)
	}
	filters := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" {
			filters[d.Scope] = d.RefersTo
		}
	}
	for _, name := range want[1:] {
		if v, _ := f.GetCellValue(name, "A2"); v != "E05011040" {
			t.Errorf("%s!A2 = %q", name, v)
		}
		// The autofilter's defined name quotes the sheet name as a formula
		// must (no bare apostrophe inside).
		if got := filters[name]; got != "'"+name+"'!$A$1:$C$4" {
			t.Errorf("%s: autofilter %q", name, got)
		}
	}
}

// Rows sort stably, nulls and NaN last.
func TestSortRows(t *testing.T) {
	rec := record(t,
		col{"f", f64, []any{2.0, nil, 1.0, math.NaN(), 2.0, -1.0}},
		col{"s", str, []any{"b", "a", nil, "c", "a", "b"}},
		col{"i", i64, []any{3, 1, nil, 1, 2, 0}},
		col{"b", bl, []any{true, false, true, nil, false, true}},
	)
	for c, want := range [][]int{{5, 2, 0, 4, 1, 3}, {1, 4, 0, 5, 3, 2}, {5, 1, 3, 4, 0, 2}, {1, 4, 0, 2, 5, 3}} {
		order := []int{0, 1, 2, 3, 4, 5}
		sortRows(order, rec.Column(c))
		if !slices.Equal(order, want) {
			t.Errorf("by %s: %v, want %v", rec.ColumnName(c), order, want)
		}
	}
}

func TestDefaultsAndWidths(t *testing.T) {
	whole := record(t, col{"x", f64, []any{1.0, nil, math.NaN(), 2e6, -3.0}})
	frac := record(t, col{"x", f64, []any{1.0, 2.5}})
	if got := defaultFloatFormat(whole.Column(0)); got != "#,##0" {
		t.Errorf("whole numbers: %q", got)
	}
	if got := defaultFloatFormat(frac.Column(0)); got != "0.000" {
		t.Errorf("fractions: %q", got)
	}
	for _, c := range []struct {
		v      float64
		format string
		want   int
	}{
		{1234567, "#,##0", 9}, {1234567.891, "0.000", 11}, {0.125, "0.0%", 5}, {-0.5, "0.0", 4},
		{12, `0.0" km"`, 7}, {1.0 / 3, "", 11}, {42, "", 2}, {1e6, "0", 7},
	} {
		if got := numberWidth(c.v, c.format); got != c.want {
			t.Errorf("numberWidth(%v, %q) = %d, want %d", c.v, c.format, got, c.want)
		}
	}
	if got := textWidth("Ünïcødé\nsecond line"); got != 7 {
		t.Errorf("textWidth = %d", got)
	}
}

// A national table (32,844 small areas) streams: it writes in seconds,
// and reads back whole.
func TestLargeSheet(t *testing.T) {
	if testing.Short() {
		t.Skip("large sheet: skipped with -short")
	}
	const n = 32844
	mem := memory.DefaultAllocator
	codes, names := array.NewStringBuilder(mem), array.NewStringBuilder(mem)
	var floats [8]*array.Float64Builder
	for i := range floats {
		floats[i] = array.NewFloat64Builder(mem)
	}
	sel := array.NewBooleanBuilder(mem)
	fields := []arrow.Field{{Name: "area_code", Type: str}, {Name: "area_name", Type: str}}
	for i := 0; i < n; i++ {
		codes.Append("E0" + strconv.Itoa(1000000+i))
		names.Append("Area " + strconv.Itoa(i))
		for k, b := range floats {
			b.Append(float64((i*(k+7))%997) / float64(k+1))
		}
		sel.Append(i%5 == 0)
	}
	arrs := []arrow.Array{codes.NewArray(), names.NewArray()}
	for k, b := range floats {
		fields = append(fields, arrow.Field{Name: "v" + strconv.Itoa(k), Type: f64})
		arrs = append(arrs, b.NewArray())
	}
	fields = append(fields, arrow.Field{Name: "selected", Type: bl})
	arrs = append(arrs, sel.NewArray())
	rec := array.NewRecordBatch(arrow.NewSchema(fields, nil), arrs, n)
	start := time.Now()
	path := writeBook(t, &Book{Title: "national", Sheets: []Sheet{{Name: "Areas", Table: rec, SortBy: "v1", Fill: "v0"}}})
	t.Logf("%d rows × %d columns written in %v", n, len(fields), time.Since(start).Round(time.Millisecond))
	f := open(t, path)
	rows, err := f.Rows("Areas")
	if err != nil {
		t.Fatal(err)
	}
	count := 0
	for rows.Next() {
		count++
	}
	if count != n+1 {
		t.Errorf("%d rows read back, want %d", count, n+1)
	}
}
