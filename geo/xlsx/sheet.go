package xlsx

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/xuri/excelize/v2"

	"github.com/manchester-insight/targeting/geo/palette"
)

// kind is how a column's cells are written.
type kind int

const (
	kindText  kind = iota // text cells; also any Arrow type without a case below
	kindInt               // int64 (and smaller integers)
	kindFloat             // float64 (and float32)
	kindBool
)

// column is one column of a table sheet, analysed before any row is
// written (the stream writer needs widths and styles up front).
type column struct {
	name   string
	arr    arrow.Array
	kind   kind
	format string  // Excel number format; "" is General, "@" is Text
	fill   bool    // cells filled by decile
	width  float64 // in Excel's character units
}

// plan is one table sheet, checked and ready to write.
type plan struct {
	name, asked string // the sheet name, and the name the caller gave
	sheet       Sheet
	cols        []*column
	order       []int // row order (sorted by SortBy, or as given)
}

// planSheets checks every sheet, chooses its name and works out its
// columns and row order.
func planSheets(b *Book) ([]*plan, error) {
	used := map[string]bool{strings.ToLower(AboutSheet): true}
	var plans []*plan
	for _, s := range b.Sheets {
		name := uniqueName(SheetName(s.Name), used)
		p, err := planSheet(s)
		if err != nil {
			return nil, fmt.Errorf("xlsx: sheet %q: %w", s.Name, err)
		}
		p.name, p.asked = name, s.Name
		plans = append(plans, p)
	}
	return plans, nil
}

func planSheet(s Sheet) (*plan, error) {
	if s.Table == nil {
		return nil, errors.New("no table")
	}
	rec := s.Table
	p := &plan{sheet: s}
	index := map[string]int{}
	for i, fld := range rec.Schema().Fields() {
		c := &column{name: fld.Name, arr: rec.Column(i)}
		switch rec.Column(i).(type) {
		case *array.Int64, *array.Int32, *array.Int16, *array.Int8, *array.Uint32, *array.Uint16, *array.Uint8:
			c.kind = kindInt
		case *array.Float64, *array.Float32:
			c.kind = kindFloat
		case *array.Boolean:
			c.kind = kindBool
		default:
			c.kind, c.format = kindText, "@"
		}
		index[fld.Name] = i
		p.cols = append(p.cols, c)
	}
	for name, format := range s.Formats {
		i, ok := index[name]
		if !ok {
			return nil, fmt.Errorf("number format for %q, which is not a column", name)
		}
		if k := p.cols[i].kind; k != kindInt && k != kindFloat {
			return nil, fmt.Errorf("number format for %q, which is not a number column", name)
		}
		if format == "" {
			return nil, fmt.Errorf("empty number format for %q", name)
		}
		p.cols[i].format = format
	}
	for _, c := range p.cols {
		if _, given := s.Formats[c.name]; !given && c.kind == kindFloat {
			c.format = defaultFloatFormat(c.arr)
		}
	}
	if s.Fill != "" {
		i, ok := index[s.Fill]
		if !ok {
			return nil, fmt.Errorf("fill column %q is not a column", s.Fill)
		}
		if k := p.cols[i].kind; k != kindInt && k != kindFloat {
			return nil, fmt.Errorf("fill column %q is not a number column", s.Fill)
		}
		p.cols[i].fill = true
	}
	p.order = make([]int, rec.NumRows())
	for i := range p.order {
		p.order[i] = i
	}
	if s.SortBy != "" {
		i, ok := index[s.SortBy]
		if !ok {
			return nil, fmt.Errorf("sort column %q is not a column", s.SortBy)
		}
		sortRows(p.order, rec.Column(i))
	}
	for _, c := range p.cols {
		c.width = columnWidth(c)
	}
	return p, nil
}

// describe is the About sheet's line for a table sheet.
func (p *plan) describe() string {
	n := p.sheet.Table.NumRows()
	s := fmt.Sprintf("%s rows × %d columns", thousands(n), len(p.cols))
	if p.sheet.SortBy != "" {
		s += ", sorted by " + p.sheet.SortBy
	}
	if p.sheet.Fill != "" {
		s += "; cells of " + p.sheet.Fill + " are coloured by decile as on the maps (darkest = 1, most in need)"
	}
	if p.asked != p.name {
		s += fmt.Sprintf(" (asked for as %q, which Excel does not allow as a sheet name)", p.asked)
	}
	return s
}

// defaultFloatFormat is "#,##0" when every finite value is whole,
// "0.000" otherwise.
func defaultFloatFormat(a arrow.Array) string {
	for i := 0; i < a.Len(); i++ {
		if a.IsNull(i) {
			continue
		}
		v := floatAt(a, i)
		if !math.IsInf(v, 0) && !math.IsNaN(v) && v != math.Trunc(v) {
			return "0.000"
		}
	}
	return "#,##0"
}

func floatAt(a arrow.Array, i int) float64 {
	switch c := a.(type) {
	case *array.Float64:
		return c.Value(i)
	case *array.Float32:
		return float64(c.Value(i))
	}
	return math.NaN()
}

// intAt reads an integer column of any supported width.
func intAt(a arrow.Array, i int) int64 {
	switch c := a.(type) {
	case *array.Int64:
		return c.Value(i)
	case *array.Int32:
		return int64(c.Value(i))
	case *array.Int16:
		return int64(c.Value(i))
	case *array.Int8:
		return int64(c.Value(i))
	case *array.Uint32:
		return int64(c.Value(i))
	case *array.Uint16:
		return int64(c.Value(i))
	case *array.Uint8:
		return int64(c.Value(i))
	}
	return 0
}

// maxExactInt is 2^53: larger integers do not survive as Excel's doubles.
const maxExactInt = 1 << 53

// value is the cell value of row i: nil (empty), int64, float64, bool or
// string.
func (c *column) value(i int) any {
	if c.arr.IsNull(i) {
		return nil
	}
	switch c.kind {
	case kindInt:
		v := intAt(c.arr, i)
		if v > maxExactInt || v < -maxExactInt {
			return strconv.FormatInt(v, 10)
		}
		return v
	case kindFloat:
		v := floatAt(c.arr, i)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return v
	case kindBool:
		return c.arr.(*array.Boolean).Value(i)
	}
	switch s := c.arr.(type) {
	case *array.String:
		return s.Value(i)
	case *array.LargeString:
		return s.Value(i)
	}
	return c.arr.ValueStr(i)
}

// decile is the decile class (1..10) of row i of a fill column, or 0.
func (c *column) decile(i int) int {
	if c.arr.IsNull(i) {
		return 0
	}
	var v float64
	if c.kind == kindInt {
		v = float64(intAt(c.arr, i))
	} else {
		v = floatAt(c.arr, i)
	}
	if v >= 1 && v <= 10 && v == math.Trunc(v) {
		return int(v)
	}
	return 0
}

// sortRows sorts row indices stably by column a, ascending; nulls and NaN
// last.
func sortRows(order []int, a arrow.Array) {
	_, f64 := a.(*array.Float64)
	_, f32 := a.(*array.Float32)
	missing := func(i int) bool { return a.IsNull(i) || (f64 || f32) && math.IsNaN(floatAt(a, i)) }
	var less func(x, y int) int
	switch c := a.(type) {
	case *array.Float64, *array.Float32:
		less = func(x, y int) int { return cmp.Compare(floatAt(a, x), floatAt(a, y)) }
	case *array.Boolean:
		less = func(x, y int) int {
			bx, by := c.Value(x), c.Value(y)
			switch {
			case bx == by:
				return 0
			case !bx:
				return -1
			}
			return 1
		}
	case *array.String:
		less = func(x, y int) int { return strings.Compare(c.Value(x), c.Value(y)) }
	default:
		if isInt(a) {
			less = func(x, y int) int { return cmp.Compare(intAt(a, x), intAt(a, y)) }
		} else {
			less = func(x, y int) int { return strings.Compare(a.ValueStr(x), a.ValueStr(y)) }
		}
	}
	slices.SortStableFunc(order, func(x, y int) int {
		mx, my := missing(x), missing(y)
		switch {
		case mx && my:
			return 0
		case mx:
			return 1
		case my:
			return -1
		}
		return less(x, y)
	})
}

func isInt(a arrow.Array) bool {
	switch a.(type) {
	case *array.Int64, *array.Int32, *array.Int16, *array.Int8, *array.Uint32, *array.Uint16, *array.Uint8:
		return true
	}
	return false
}

// Column widths, in Excel's units (about one digit of the default font).
const (
	minWidth = 6
	maxWidth = 60
)

// columnWidth fits the header (plus room for the filter button) and the
// widest cell as displayed, capped at maxWidth.
func columnWidth(c *column) float64 {
	w := textWidth(c.name) + 3
	for i := 0; i < c.arr.Len() && w < maxWidth; i++ {
		if c.arr.IsNull(i) {
			continue
		}
		var n int
		switch v := c.value(i).(type) {
		case nil:
		case string:
			n = textWidth(v)
		case bool:
			n = 5 // FALSE
		case int64:
			n = numberWidth(float64(v), c.format)
		case float64:
			n = numberWidth(v, c.format)
		}
		w = max(w, n+1)
	}
	return float64(min(max(w, minWidth), maxWidth))
}

// textWidth counts characters (not bytes), the first line of a multi-line
// value only.
func textWidth(s string) int {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return utf8.RuneCountInString(s)
}

// numberWidth estimates how wide v shows under an Excel number format:
// its decimals, thousands separators and percent sign. General shows up to
// 11 characters.
func numberWidth(v float64, format string) int {
	if format == "" || strings.EqualFold(format, "General") {
		return min(len(strconv.FormatFloat(v, 'g', -1, 64)), 11)
	}
	section, _, _ := strings.Cut(format, ";")
	percent := strings.Contains(section, "%")
	if percent {
		v *= 100
	}
	decimals := 0
	if _, frac, ok := strings.Cut(section, "."); ok {
		for _, r := range frac {
			if r == '0' || r == '#' || r == '?' {
				decimals++
			} else if r != ',' {
				break
			}
		}
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	n := len(s)
	if strings.Contains(section, ",") {
		intDigits, _, _ := strings.Cut(s, ".")
		n += (len(intDigits) - 1) / 3
	}
	if v < 0 {
		n++
	}
	if percent {
		n++
	}
	// Literal text in the format (0.0" km") adds its characters.
	quoted := false
	for _, r := range section {
		switch {
		case r == '"':
			quoted = !quoted
		case quoted:
			n++
		}
	}
	return n
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// writeTable streams one table sheet: banner row (if any), bold frozen
// header row, rows in plan order, autofilter over the table, column widths,
// the header row repeated on printed pages.
func writeTable(f *excelize.File, st *styles, banner string, p *plan) error {
	if _, err := f.NewSheet(p.name); err != nil {
		return err
	}
	if err := setBannerHeader(f, p.name, banner); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(p.name)
	if err != nil {
		return err
	}
	header := 1
	if banner != "" {
		header = 2
	}
	for i, c := range p.cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: header, TopLeftCell: fmt.Sprintf("A%d", header+1), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: fmt.Sprintf("A%d", header+1), ActiveCell: fmt.Sprintf("A%d", header+1), Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	if banner != "" {
		bs, err := st.get(styleKey{bold: true, colour: bannerColour})
		if err != nil {
			return err
		}
		if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: bs, Value: banner}}); err != nil {
			return err
		}
	}
	hs, err := st.get(styleKey{bold: true, border: true})
	if err != nil {
		return err
	}
	row := make([]any, len(p.cols))
	for i, c := range p.cols {
		row[i] = excelize.Cell{StyleID: hs, Value: c.name}
	}
	if err := sw.SetRow(fmt.Sprintf("A%d", header), row); err != nil {
		return err
	}

	// Styles per column, and per decile for the fill column.
	base := make([]int, len(p.cols))
	for i, c := range p.cols {
		if base[i], err = st.get(styleKey{format: c.format, text: c.kind == kindText}); err != nil {
			return err
		}
	}
	fills := make([][11]int, len(p.cols))
	for i, c := range p.cols {
		if !c.fill {
			continue
		}
		for d := 1; d <= 10; d++ {
			if fills[i][d], err = st.get(styleKey{format: c.format, decile: d}); err != nil {
				return err
			}
		}
	}

	for k, r := range p.order {
		for i, c := range p.cols {
			style := base[i]
			if c.fill {
				if d := c.decile(r); d > 0 {
					style = fills[i][d]
				}
			}
			row[i] = excelize.Cell{StyleID: style, Value: c.value(r)}
		}
		cell, err := excelize.CoordinatesToCellName(1, header+1+k)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if len(p.cols) > 0 {
		last, err := excelize.CoordinatesToCellName(len(p.cols), header+len(p.order))
		if err != nil {
			return err
		}
		if err := f.AutoFilter(p.name, fmt.Sprintf("A%d:%s", header, last), nil); err != nil {
			return err
		}
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: p.name,
			RefersTo: fmt.Sprintf("'%s'!$%d:$%d", strings.ReplaceAll(p.name, "'", "''"), header, header)}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// styleKey describes one cell style; styles are made once per workbook.
type styleKey struct {
	format string // number format code; "" General
	text   bool   // Text format ("@")
	decile int    // 1..10: filled with that decile's colour
	bold   bool
	size   float64
	colour string // font colour, RRGGBB
	border bool   // thin bottom border (header row)
	wrap   bool
	top    bool // vertical alignment top
}

type styles struct {
	f   *excelize.File
	ids map[styleKey]int
}

func newStyles(f *excelize.File) *styles { return &styles{f: f, ids: map[styleKey]int{}} }

// builtinFormats are Excel's built-in number formats (ECMA-376 Part 1,
// 18.8.30) that spreadsheets recognise by number.
var builtinFormats = map[string]int{"0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "0.00E+00": 11, "@": 49}

func (s *styles) get(k styleKey) (int, error) {
	if id, ok := s.ids[k]; ok {
		return id, nil
	}
	st := &excelize.Style{}
	format := k.format
	if k.text {
		format = "@"
	}
	if id, ok := builtinFormats[format]; ok {
		st.NumFmt = id
	} else if format != "" {
		code := format
		st.CustomNumFmt = &code
	}
	font := &excelize.Font{Bold: k.bold, Size: k.size, Color: k.colour}
	if k.decile > 0 {
		fill := palette.Deciles()[k.decile-1]
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{rgb(fill)}}
		font.Color = rgb(palette.InkOn(fill))
	}
	if font.Bold || font.Size > 0 || font.Color != "" {
		st.Font = font
	}
	if k.border {
		st.Border = []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}
	}
	if k.wrap || k.top {
		st.Alignment = &excelize.Alignment{WrapText: k.wrap}
		if k.top {
			st.Alignment.Vertical = "top"
		}
	}
	id, err := s.f.NewStyle(st)
	if err != nil {
		return 0, err
	}
	s.ids[k] = id
	return id, nil
}

// rgb turns "#rrggbb" into Excel's "RRGGBB".
func rgb(hex string) string { return strings.ToUpper(strings.TrimPrefix(hex, "#")) }
