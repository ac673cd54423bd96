package format

import (
	"strings"
	"unicode"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/xlsx"
)

// Table is a table an output carries besides its layers (a summary): a
// sheet of its own in a workbook.
type Table struct {
	Name string
	Rec  arrow.RecordBatch
}

// numberFormats are the Excel number formats of the output contract's
// columns (README "Output fields") and the analysis layers' shares.
var numberFormats = map[string]string{
	"population": "#,##0", "people_covered": "#,##0", "score": "0.0", "mean_score": "0.0",
	"p_selected": "0.0%", "amount": "#,##0", "average_score": "0.000", "average_rank": "#,##0.0",
	"proportion_most_deprived_10pct": "0.0%", "extent": "0.0%", "local_concentration": "#,##0.0",
}

// writeWorkbook writes an output as one Excel workbook: About (title,
// banner, provenance), a sheet per layer sorted by rank where it has one
// with decile cells in the map's colours, the selected areas, the tables,
// and the data dictionary.
func writeWorkbook(path string, o *Output, layers []*geo.Layer) error {
	b := &xlsx.Book{Title: o.Title, Banner: o.Banner, About: aboutRows(o)}
	if b.Title == "" {
		b.Title = o.Meta.Scenario
	}
	var release []arrow.RecordBatch
	defer func() {
		for _, r := range release {
			r.Release()
		}
	}()
	for _, l := range layers {
		b.Sheets = append(b.Sheets, sheet(title(l.Name), l.Attributes))
	}
	if len(layers) > 0 {
		if sel := selected(layers[0].Attributes); sel != nil {
			release = append(release, sel)
			b.Sheets = append(b.Sheets, sheet("Selected", sel))
		}
	}
	for _, t := range o.Tables {
		b.Sheets = append(b.Sheets, sheet(t.Name, t.Rec))
	}
	if len(o.Dictionary) > 0 {
		header := []string{"layer", "field", "type", "description", "title", "short_name"}
		cols := make([][]string, len(header))
		for _, row := range o.Dictionary {
			for k := range cols {
				v := ""
				if k < len(row) {
					v = row[k]
				}
				cols[k] = append(cols[k], v)
			}
		}
		anyCols := make([]any, len(cols))
		for k := range cols {
			anyCols[k] = cols[k]
		}
		rec, err := engine.NewRecord(header, anyCols)
		if err != nil {
			return err
		}
		release = append(release, rec)
		b.Sheets = append(b.Sheets, xlsx.Sheet{Name: "Fields", Table: rec})
	}
	return xlsx.Write(path, b)
}

// sheet is a table sheet with the contract's number formats, sorted by
// rank and filled by decile where the table has those columns.
func sheet(name string, rec arrow.RecordBatch) xlsx.Sheet {
	s := xlsx.Sheet{Name: name, Table: rec, Formats: map[string]string{}}
	for _, f := range rec.Schema().Fields() {
		numeric := f.Type.ID() == arrow.FLOAT64 || f.Type.ID() == arrow.INT64
		switch {
		case f.Name == "rank" && numeric:
			s.SortBy = f.Name
		case f.Name == "decile" && numeric:
			s.Fill = f.Name
		}
		if ff, ok := numberFormats[f.Name]; ok && numeric {
			s.Formats[f.Name] = ff
		} else if strings.HasSuffix(f.Name, "_score") && f.Type.ID() == arrow.FLOAT64 {
			s.Formats[f.Name] = "0.0"
		}
	}
	return s
}

// selected is the rows of rec whose "selected" column is true, or nil when
// it has no such column.
func selected(rec arrow.RecordBatch) arrow.RecordBatch {
	idx := rec.Schema().FieldIndices("selected")
	if len(idx) == 0 {
		return nil
	}
	col, ok := rec.Column(idx[0]).(*array.Boolean)
	if !ok {
		return nil
	}
	var rows []int
	for i := 0; i < col.Len(); i++ {
		if col.IsValid(i) && col.Value(i) {
			rows = append(rows, i)
		}
	}
	return takeRows(rec, rows)
}

// aboutRows are the About sheet's rows: the output's own, then its
// provenance.
func aboutRows(o *Output) [][2]string {
	rows := append([][2]string{}, o.About...)
	if o.Meta.Scenario != "" {
		rows = append(rows, [2]string{"Scenario", o.Meta.Scenario})
	}
	if !o.Meta.RunTime.IsZero() {
		rows = append(rows, [2]string{"Run", o.Meta.RunTime.Format("2006-01-02 15:04:05 UTC")})
	}
	for i, a := range o.Meta.Attribution {
		label := ""
		if i == 0 {
			label = "Attribution"
		}
		rows = append(rows, [2]string{label, a})
	}
	return rows
}

// title is a layer name as a sheet name: "areas" -> "Areas".
func title(name string) string {
	r := []rune(strings.ReplaceAll(name, "_", " "))
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}
