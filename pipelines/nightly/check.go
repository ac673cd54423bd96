package nightly

import (
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/paulmach/orb/geojson"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/internal/csvio"
)

// check reads an input whole, the way its format says, before any step
// runs: a truncated download or a changed schema must fail the run with the
// file named (exit 1) rather than half-way through a scenario. It returns
// the number of suppressed cells (cells holding an NA token).
func check(f *inputFile) (int, error) {
	switch f.Format {
	case "csv":
		return checkCSV(f)
	case "parquet":
		return 0, checkParquet(f)
	case "geojson":
		return 0, checkGeoJSON(f)
	}
	return 0, nil
}

func dataErr(f *inputFile, row int, col, format string, args ...any) error {
	return &indicators.DataError{File: f.Path, Row: row, Column: col, Msg: fmt.Sprintf(format, args...)}
}

// checkCSV parses every row: the gzip stream must be complete, every row
// must have as many fields as the header, and the required columns must be
// in the header.
func checkCSV(f *inputFile) (int, error) {
	rc, err := csvio.Open(f.Path)
	if err != nil {
		return 0, readErr(f, err)
	}
	defer rc.Close()
	r := csv.NewReader(rc)
	r.ReuseRecord = true
	hdr, err := r.Read()
	if err == io.EOF {
		return 0, dataErr(f, 0, "", "the file is empty (no header row)")
	}
	if err != nil {
		return 0, readErr(f, err)
	}
	have := map[string]bool{}
	names := make([]string, len(hdr))
	for i, h := range hdr {
		names[i] = strings.TrimSpace(h)
		have[names[i]] = true
	}
	for _, c := range append(append([]string(nil), f.Codes...), f.Columns...) {
		if !have[c] {
			return 0, dataErr(f, 1, c, "no such column in the header (the file's schema changed?); the header has %s", listNames(names))
		}
	}
	na := map[string]bool{}
	for _, t := range indicators.NATokens(f.NA) {
		na[t] = true
	}
	rows, suppressed := 0, 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, readErr(f, err)
		}
		rows++
		if len(na) > 0 {
			for _, v := range rec {
				if na[strings.TrimSpace(v)] {
					suppressed++
				}
			}
		}
	}
	if rows == 0 {
		return 0, dataErr(f, 1, "", "the file has a header but no data rows (truncated?)")
	}
	return suppressed, nil
}

// readErr explains a CSV or gzip read error in words, with the line.
func readErr(f *inputFile, err error) error {
	var pe *csv.ParseError
	switch {
	case errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount):
		return dataErr(f, pe.StartLine, "", "this row has a different number of fields from the header: the file is truncated or a value holds an unquoted comma")
	case errors.As(err, &pe):
		return dataErr(f, pe.StartLine, "", "%v (truncated or corrupt file?)", pe.Err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return dataErr(f, 0, "", "the compressed stream ends early: the file is truncated (an interrupted download?)")
	case errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader):
		return dataErr(f, 0, "", "the gzip data is corrupt: %v", err)
	}
	return dataErr(f, 0, "", "%s", strings.TrimPrefix(err.Error(), f.Path+": "))
}

// checkParquet opens the file (footer and schema), checks the required
// columns and reads every row, so a corrupt page fails here.
func checkParquet(f *inputFile) error {
	fh, err := os.Open(f.Path)
	if err != nil {
		return dataErr(f, 0, "", "%v", err)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return dataErr(f, 0, "", "%v", err)
	}
	pf, err := parquet.OpenFile(fh, st.Size())
	if err != nil {
		return dataErr(f, 0, "", "not a readable Parquet file (truncated or corrupt?): %v", err)
	}
	fields := map[string]parquet.Field{}
	var names []string
	for _, fl := range pf.Schema().Fields() {
		fields[fl.Name()] = fl
		desc := fl.Name()
		if fl.Leaf() {
			desc += " (" + fl.Type().String() + ")"
		}
		names = append(names, desc)
	}
	for _, c := range append(append([]string(nil), f.Codes...), f.Columns...) {
		if _, ok := fields[c]; !ok {
			return dataErr(f, 0, c, "no such column in the Parquet schema (the file's schema changed?); the schema has %s", listNames(names))
		}
	}
	for _, c := range f.Codes {
		fl := fields[c]
		if !fl.Leaf() || (fl.Type().Kind() != parquet.ByteArray && fl.Type().Kind() != parquet.FixedLenByteArray) {
			return dataErr(f, 0, c, "area codes must be text, but the schema has %s", fl.Type())
		}
	}
	if pf.NumRows() == 0 {
		return dataErr(f, 0, "", "the file has no rows")
	}
	buf := make([]parquet.Row, 512)
	for i, rg := range pf.RowGroups() {
		rows := rg.Rows()
		for {
			_, err := rows.ReadRows(buf)
			if err == io.EOF {
				break
			}
			if err != nil {
				rows.Close()
				return dataErr(f, 0, "", "row group %d cannot be read (corrupt?): %v", i+1, err)
			}
		}
		rows.Close()
	}
	return nil
}

// checkGeoJSON loads the boundaries as the scorer does (which checks the
// code property and geometry types) and then checks every polygon's rings,
// which the loader does not.
func checkGeoJSON(f *inputFile) error {
	if len(f.Codes) == 0 { // config validation requires a code; parse anyway
		rc, err := csvio.Open(f.Path)
		if err != nil {
			return dataErr(f, 0, "", "%v", err)
		}
		defer rc.Close()
		raw, err := io.ReadAll(rc)
		if err != nil {
			return readErr(f, err)
		}
		if _, err := geojson.UnmarshalFeatureCollection(raw); err != nil {
			return dataErr(f, 0, "", "not a GeoJSON FeatureCollection: %v", err)
		}
		return nil
	}
	for k, code := range f.Codes {
		b, err := geo.LoadGeoJSON(nil, f.Path, code)
		if err != nil {
			return dataErr(f, 0, "", "%s", strings.TrimPrefix(err.Error(), f.Path+": "))
		}
		if k > 0 {
			continue // the geometry is the same whatever the code property
		}
		for _, c := range slices.Sorted(maps.Keys(b.Geoms)) {
			if err := checkGeometry(b.Geoms[c]); err != nil {
				return &indicators.DataError{File: f.Path, Code: c, Msg: "invalid boundary: " + err.Error()}
			}
		}
	}
	return nil
}

func listNames(names []string) string {
	const max = 12
	q := make([]string, 0, max+1)
	for i, n := range names {
		if i == max {
			q = append(q, fmt.Sprintf("... (%d in all)", len(names)))
			break
		}
		q = append(q, fmt.Sprintf("%q", n))
	}
	return strings.Join(q, ", ")
}
