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
}

// Style is a graduated (classed) fill on one numeric field.
type Style struct {
	Field   string  // e.g. "decile"
	Classes []Class // in drawing order
	Title   string  // legend title
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
