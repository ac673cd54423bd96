// Package geo holds boundaries, geography lookups and vintage conversion, and
// the Layer type that every layer writer (geo/gpkg, ...) takes.
package geo

import (
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo/palette"
)

// SRIDs the project writes.
const (
	BNG   = 27700 // British National Grid, metres (OSGB36 / British National Grid)
	WGS84 = 4326  // longitude/latitude on WGS84
)

// Layer is one feature layer ready to write: an Arrow record of attributes
// (one row per feature; int64, float64, utf8 and bool columns, nulls allowed)
// and the matching geometries, in SRID coordinates.
//
// Layers are columnar on purpose: writers walk columns, not maps of rows.
type Layer struct {
	Name        string
	Title       string // human title for gpkg_contents / metadata
	Description string
	SRID        int
	Attributes  arrow.RecordBatch
	Geometry    []orb.Geometry // len == Attributes.NumRows(); Polygon or MultiPolygon
	// Style, when set, is the default map style: a graduated fill on one field.
	Style *Style
	// Metadata is free text (scenario, run time, attribution) that writers
	// store where the format has a place for it.
	Metadata string
	// Fields describes the attribute columns by name (title, description,
	// 10-character short name) for formats with a place for it: the
	// GeoPackage's gpkg_data_columns. Columns without an entry are written
	// with their name as title.
	Fields map[string]FieldInfo
}

// FieldInfo describes one attribute column.
type FieldInfo struct {
	Title       string // short human title, e.g. "Decile"; QGIS shows it as the alias
	Description string // one sentence from the data dictionary
	// Alias10 is a unique name of at most 10 characters for formats that
	// truncate names (Shapefile/dBase); see ShortNames.
	Alias10 string
}

// Style is a layer's default map style: a graduated (classed) fill on one
// numeric field, or, with no classes, an unfilled Outline (a boundary layer
// drawn over the filled ones), and optionally labels.
type Style struct {
	Field   string  // e.g. "decile"; empty for an outline style
	Classes []Class // in drawing order
	Title   string  // legend title
	// Outline, for a style without classes, draws every feature with no
	// fill and this outline. Writers that order layers put such overlay
	// layers above the filled ones.
	Outline *Outline
	// Labels, when set, label features with a text field; Labels.On false
	// defines them but leaves them switched off (one tick in QGIS).
	Labels *Labels
}

// Outline is an unfilled boundary line.
type Outline struct {
	Colour  string  // "#rrggbb"
	WidthMM float64 // line width in millimetres on paper/screen
}

// Labels labels features with the text of Field.
type Labels struct {
	Field  string
	On     bool
	SizePt float64 // font size in points; 0 means 8
	Colour string  // "#rrggbb"; "" means black
}

// Overlay reports whether the style draws outlines only, so the layer
// belongs above filled layers.
func (s *Style) Overlay() bool { return s != nil && len(s.Classes) == 0 && s.Outline != nil }

// BoundaryStyle is an unfilled outline in the palette's ward-boundary
// colour, labelled with labelField (switched on when on is true).
func BoundaryStyle(title, labelField string, on bool) *Style {
	return &Style{Title: title, Outline: &Outline{Colour: palette.WardBoundary, WidthMM: 0.6},
		Labels: &Labels{Field: labelField, On: on, SizePt: 9, Colour: palette.WardBoundary}}
}

// Class is one class of a graduated style: values in [Lower, Upper] get Colour.
type Class struct {
	Lower, Upper float64
	Label        string
	Colour       string // "#rrggbb"
}

// DecileStyle is the default map style: deciles 1 (most in need) to 10 in
// the project's one decile palette (geo/palette: a colour-blind-safe
// sequential sample of matplotlib's inferno, darkest = decile 1), so the
// GeoPackage's QGIS style matches the briefing, the PNG map, the notebook
// and the workbook.
func DecileStyle(field string) *Style {
	s := &Style{Field: field, Title: "Decile (1 = most in need)"}
	for i, c := range palette.Deciles() {
		d := float64(i + 1)
		label := "Decile " + strconv.Itoa(i+1)
		if i == 0 {
			label += " (most in need)"
		}
		if i == 9 {
			label += " (least in need)"
		}
		s.Classes = append(s.Classes, Class{Lower: d, Upper: d, Label: label, Colour: c})
	}
	return s
}
