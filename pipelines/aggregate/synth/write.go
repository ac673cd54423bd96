package synth

import (
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/xuri/excelize/v2"

	"github.com/manchester-insight/targeting/internal/stage"
)

// Column names of a generated extract. The location columns present depend
// on Options.Location: lsoa_code, postcode, easting/northing or lon/lat.
var baseColumns = []string{"record_id", "service_date", "service", "person_id", "household_id"}

// columns returns the header of an extract generated with these options.
func columns(loc string) []string {
	cols := append([]string(nil), baseColumns...)
	switch loc {
	case LocMixed:
		cols = append(cols, "lsoa_code", "postcode", "easting", "northing")
	case LocLSOA:
		cols = append(cols, "lsoa_code")
	case LocPostcode:
		cols = append(cols, "postcode")
	case LocBNG:
		cols = append(cols, "easting", "northing")
	case LocLonLat:
		cols = append(cols, "lon", "lat")
	}
	return append(cols, "synthetic")
}

// Write generates the extract into path, whose name picks the format
// (.csv, .csv.gz, .parquet, .xlsx), and, when rows carry postcode keys,
// the key lookup next to it (<stem>_postcodes.csv). Each file is written
// to a temporary name and renamed when complete. It returns the files.
func Write(path string, g *Generator) ([]string, error) {
	name := strings.ToLower(path)
	var err error
	switch {
	case strings.HasSuffix(name, ".csv"), strings.HasSuffix(name, ".csv.gz"):
		err = atomic(path, func(w io.Writer) error { return writeCSV(w, g, strings.HasSuffix(name, ".gz")) })
	case strings.HasSuffix(name, ".parquet"):
		err = atomic(path, func(w io.Writer) error { return writeParquet(w, g) })
	case strings.HasSuffix(name, ".xlsx"):
		if g.opt.Records > 1_048_575 {
			return nil, fmt.Errorf("%s: XLSX holds at most 1,048,575 rows; write .parquet or .csv.gz for %d records", path, g.opt.Records)
		}
		err = atomic(path, func(w io.Writer) error { return writeXLSX(w, g) })
	default:
		return nil, fmt.Errorf("%s: cannot tell the format from the name: use .csv, .csv.gz, .parquet or .xlsx", path)
	}
	if err != nil {
		return nil, err
	}
	files := []string{path}
	if loc := g.opt.Location; loc == LocMixed || loc == LocPostcode {
		lp := PostcodeLookupPath(path)
		err := atomic(lp, func(w io.Writer) error {
			cw := csv.NewWriter(w)
			cw.Write([]string{"postcode", "lsoa11cd", "synthetic"})
			keys, codes := g.Postcodes()
			for i := range keys {
				cw.Write([]string{keys[i], codes[i], Label})
			}
			cw.Flush()
			return cw.Error()
		})
		if err != nil {
			return nil, err
		}
		files = append(files, lp)
	}
	return files, nil
}

// PostcodeLookupPath is where Write puts the key lookup for an extract.
func PostcodeLookupPath(extract string) string {
	stem := extract
	for _, ext := range []string{".csv.gz", ".csv", ".parquet", ".xlsx"} {
		if strings.HasSuffix(strings.ToLower(stem), ext) {
			stem = stem[:len(stem)-len(ext)]
			break
		}
	}
	return stem + "_postcodes.csv"
}

func atomic(path string, fill func(io.Writer) error) error { return stage.WriteFile(path, fill) }

// fields renders a record in the column order of columns(loc).
func fields(r *Record, loc string, buf []string) []string {
	buf = append(buf[:0], r.RecordID, dayString(r.Date), r.Service, r.Person, r.Household)
	num := func(v float64, prec int) string {
		if math.IsNaN(v) {
			return ""
		}
		return strconv.FormatFloat(v, 'f', prec, 64)
	}
	switch loc {
	case LocMixed:
		buf = append(buf, r.LSOA, r.Postcode, num(r.X, 0), num(r.Y, 0))
	case LocLSOA:
		buf = append(buf, r.LSOA)
	case LocPostcode:
		buf = append(buf, r.Postcode)
	case LocBNG:
		buf = append(buf, num(r.X, 0), num(r.Y, 0))
	case LocLonLat:
		buf = append(buf, num(r.X, 6), num(r.Y, 6))
	}
	return append(buf, Label)
}

func dayString(d int32) string { return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly) }

func writeCSV(w io.Writer, g *Generator, gz bool) error {
	var zw *gzip.Writer
	if gz {
		zw = gzip.NewWriter(w)
		zw.Comment = Label
		w = zw
	}
	cw := csv.NewWriter(w)
	loc := g.opt.Location
	if err := cw.Write(columns(loc)); err != nil {
		return err
	}
	var buf []string
	for {
		r, ok := g.Next()
		if !ok {
			break
		}
		buf = fields(&r, loc, buf)
		if err := cw.Write(buf); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if zw != nil {
		return zw.Close()
	}
	return nil
}

// Parquet rows: optional columns are null where the row has no value.
type pqRow struct {
	RecordID  string   `parquet:"record_id"`
	Date      int32    `parquet:"service_date,date"`
	Service   string   `parquet:"service,dict"`
	Person    string   `parquet:"person_id"`
	Household string   `parquet:"household_id"`
	LSOA      string   `parquet:"lsoa_code,optional,dict"`
	Postcode  string   `parquet:"postcode,optional,dict"`
	Easting   *float64 `parquet:"easting,optional"`
	Northing  *float64 `parquet:"northing,optional"`
	Synthetic string   `parquet:"synthetic,dict"`
}

type pqRowLonLat struct {
	RecordID  string   `parquet:"record_id"`
	Date      int32    `parquet:"service_date,date"`
	Service   string   `parquet:"service,dict"`
	Person    string   `parquet:"person_id"`
	Household string   `parquet:"household_id"`
	Lon       *float64 `parquet:"lon,optional"`
	Lat       *float64 `parquet:"lat,optional"`
	Synthetic string   `parquet:"synthetic,dict"`
}

func ptr(v float64) *float64 {
	if math.IsNaN(v) {
		return nil
	}
	return &v
}

func writeParquet(w io.Writer, g *Generator) error {
	opts := []parquet.WriterOption{
		parquet.Compression(&parquet.Snappy),
		parquet.MaxRowsPerRowGroup(1 << 20),
		parquet.CreatedBy("targeting synth", "1", ""),
		parquet.KeyValueMetadata("synthetic", "true"),
		parquet.KeyValueMetadata("description", Label),
	}
	if g.opt.Location == LocLonLat {
		return writeRows(parquet.NewGenericWriter[pqRowLonLat](w, opts...), g, func(r *Record) pqRowLonLat {
			return pqRowLonLat{r.RecordID, r.Date, r.Service, r.Person, r.Household, ptr(r.X), ptr(r.Y), Label}
		})
	}
	return writeRows(parquet.NewGenericWriter[pqRow](w, opts...), g, func(r *Record) pqRow {
		return pqRow{r.RecordID, r.Date, r.Service, r.Person, r.Household, r.LSOA, r.Postcode, ptr(r.X), ptr(r.Y), Label}
	})
}

func writeRows[T any](pw *parquet.GenericWriter[T], g *Generator, conv func(*Record) T) error {
	buf := make([]T, 0, 8192)
	for {
		r, ok := g.Next()
		if ok {
			buf = append(buf, conv(&r))
		}
		if len(buf) == cap(buf) || (!ok && len(buf) > 0) {
			if _, err := pw.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
		if !ok {
			break
		}
	}
	return pw.Close()
}

func writeXLSX(w io.Writer, g *Generator) error {
	book := excelize.NewFile()
	defer book.Close()
	if err := book.SetDocProps(&excelize.DocProperties{Title: Label, Subject: "SYNTHETIC case-level service records",
		Keywords: "synthetic", Description: Label, Creator: "targeting synth"}); err != nil {
		return err
	}
	const sheet = "records"
	book.SetSheetName("Sheet1", sheet)
	sw, err := book.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	dateStyle, err := book.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	loc := g.opt.Location
	hdr := columns(loc)
	row := make([]any, len(hdr))
	for i, h := range hdr {
		row[i] = h
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	var buf []string
	for n := 2; ; n++ {
		r, ok := g.Next()
		if !ok {
			break
		}
		buf = fields(&r, loc, buf)
		for i, v := range buf {
			switch {
			case hdr[i] == "service_date":
				row[i] = excelize.Cell{StyleID: dateStyle, Value: time.Unix(int64(r.Date)*86400, 0).UTC()}
			case v == "":
				row[i] = nil
			case hdr[i] == "easting" || hdr[i] == "northing" || hdr[i] == "lon" || hdr[i] == "lat":
				f, _ := strconv.ParseFloat(v, 64)
				row[i] = f
			default:
				row[i] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, n)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	about, err := book.NewSheet("about")
	if err != nil {
		return err
	}
	_ = about
	book.SetCellValue("about", "A1", Label)
	book.SetCellValue("about", "A2", "Made by `targeting synth services`; see testdata/services/README.md.")
	return book.Write(w)
}
