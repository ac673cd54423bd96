// Package xlsx writes attribute tables (Arrow records) as an Excel workbook
// for council analysts: an About sheet first (title, a warning banner, the
// run's provenance), then one sheet per table with a bold frozen header row,
// an autofilter, column widths that fit, typed cells and number formats, and
// decile cells in the maps' colours (geo/palette).
//
// Cells keep their types, so a workbook sorts, filters and sums as it should:
//
//   - Text (utf8) columns are text cells formatted "@" (Text): an area code
//     such as E01005108, a leading zero ("00123") or text that looks like a
//     number or a formula ("1e5", "=1+1") stays the text it was.
//   - int64 and float64 columns are numbers, with the number format the
//     caller gives per column, or by default "#,##0" for a float64 column
//     whose values are all whole and "0.000" for other float64 columns
//     (int64 columns keep Excel's General format, so codes and years show
//     no thousands separator). Numbers keep Excel's precision, 15
//     significant digits; an int64 beyond ±2^53, which a double cannot hold
//     exactly, is written as text rather than silently rounded.
//   - bool columns are Excel booleans (TRUE/FALSE), not "Yes"/"No" text:
//     they filter, count (COUNTIF(range, TRUE)) and pivot as booleans, and
//     read back as booleans in pandas, openpyxl and LibreOffice.
//   - Nulls, NaN and ±Inf are empty cells (Excel has no NaN).
//
// Sheets are written with excelize's StreamWriter, so a national table
// (32,844 small areas) costs little memory. Text longer than Excel's
// 32,767-character cell limit is cut there (by excelize).
//
// Sheet names follow Excel's rules; see SheetName for how a name that
// breaks them is changed rather than refused.
package xlsx

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/xuri/excelize/v2"
)

// Book is one workbook.
type Book struct {
	Title string
	// About are (label, value) rows for the About sheet: scenario, run
	// time, sources, attribution lines, warnings.
	About [][2]string
	// Banner, when set (e.g. "SYNTHETIC DATA: not real council records"),
	// is shown in bold red at the top of the About sheet and in row 1 of
	// every table sheet, above the header row (the frozen panes keep both
	// in view), and in the printed page header of every sheet.
	Banner string
	Sheets []Sheet
}

// Sheet is one table sheet.
type Sheet struct {
	// Name of the sheet ("Areas", "Wards", "Selected", "Fields", ...);
	// changed to fit Excel's rules where needed (SheetName).
	Name string
	// Table holds the rows: int64, float64, utf8 and bool columns (other
	// Arrow types are written as their text), nulls allowed. The sheet's
	// header row is the field names.
	Table arrow.RecordBatch
	// SortBy, when set, names a column to sort the rows by, ascending and
	// stable; nulls and NaN sort last.
	SortBy string
	// Formats maps a numeric column to an Excel number format, e.g. "0.0",
	// "#,##0", "0.0%". Naming a missing or non-numeric column is an error.
	Formats map[string]string
	// Fill, when set, names an int64 or float64 column whose cells are
	// filled with the decile colour of their value (1..10, geo/palette),
	// with white or black text, whichever reads better on that colour.
	// Other values (null, 0, 11, 2.5) are not filled.
	Fill string
}

// AboutSheet is the name of the first sheet.
const AboutSheet = "About"

// Banner colour: Excel's standard "Dark Red", which is bold-red to any
// reader and has 5.9:1 contrast on white (pure red has 4:1).
const bannerColour = "C00000"

// Write writes b to a new workbook file at path; path must not exist (as
// with the project's other writers, callers write to a temporary name and
// rename). On error no file is left behind.
func Write(path string, b *Book) (err error) {
	if b == nil {
		return errors.New("xlsx: nil book")
	}
	plans, err := planSheets(b)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	st := newStyles(f)
	if err := f.SetSheetName(f.GetSheetName(0), AboutSheet); err != nil {
		return err
	}
	if err := writeAbout(f, st, b, plans); err != nil {
		return fmt.Errorf("xlsx: About sheet: %w", err)
	}
	for _, p := range plans {
		if err := writeTable(f, st, b.Banner, p); err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", p.name, err)
		}
	}
	if b.Title != "" {
		if err := f.SetDocProps(&excelize.DocProperties{Title: b.Title, Creator: "targeting"}); err != nil {
			return err
		}
	}

	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			out.Close()
			os.Remove(path)
		}
	}()
	bw := bufio.NewWriterSize(out, 1<<16)
	if err := f.Write(bw); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := out.Sync(); err != nil {
		return err
	}
	return out.Close()
}

// writeAbout fills the About sheet: title, banner, the About rows, and a
// line per table sheet.
func writeAbout(f *excelize.File, st *styles, b *Book, plans []*plan) error {
	title, err := st.get(styleKey{bold: true, size: 14})
	if err != nil {
		return err
	}
	banner, err := st.get(styleKey{bold: true, colour: bannerColour})
	if err != nil {
		return err
	}
	label, err := st.get(styleKey{bold: true, top: true})
	if err != nil {
		return err
	}
	value, err := st.get(styleKey{wrap: true, top: true, text: true})
	if err != nil {
		return err
	}
	row := 1
	set := func(col string, v string, style int) error {
		cell := fmt.Sprintf("%s%d", col, row)
		if err := f.SetCellStr(AboutSheet, cell, v); err != nil {
			return err
		}
		return f.SetCellStyle(AboutSheet, cell, cell, style)
	}
	t := b.Title
	if t == "" {
		t = "targeting"
	}
	if err := set("A", t, title); err != nil {
		return err
	}
	row++
	if b.Banner != "" {
		if err := set("A", b.Banner, banner); err != nil {
			return err
		}
		row++
	}
	row++
	rows := append([][2]string(nil), b.About...)
	for _, p := range plans {
		rows = append(rows, [2]string{"Sheet " + p.name, p.describe()})
	}
	labelW := 10.0
	for _, r := range rows {
		if err := set("A", r[0], label); err != nil {
			return err
		}
		if err := set("B", r[1], value); err != nil {
			return err
		}
		labelW = max(labelW, float64(textWidth(r[0]))+2)
		row++
	}
	if err := f.SetColWidth(AboutSheet, "A", "A", min(labelW, 40)); err != nil {
		return err
	}
	if err := f.SetColWidth(AboutSheet, "B", "B", 100); err != nil {
		return err
	}
	return setBannerHeader(f, AboutSheet, b.Banner)
}

// setBannerHeader puts the banner in the printed page header.
func setBannerHeader(f *excelize.File, sheet, banner string) error {
	if banner == "" {
		return nil
	}
	// A header is at most 255 characters, codes included.
	r := []rune(banner)
	if len(r) > 200 {
		r = append(r[:199], '…')
	}
	text := strings.ReplaceAll(string(r), "&", "&&")
	return f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddHeader: `&C&"-,Bold"&K` + bannerColour + text})
}
