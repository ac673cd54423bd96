// Package palette is the one definition of the colours that mark need on
// this project's maps and tables: the ten decile classes and the few colours
// drawn with them (selected areas, ward boundaries, missing values, the
// accent of the briefing). The GeoPackage's QGIS style (geo.DecileStyle), the
// HTML briefing and its SVG maps and legend, the PNG map, the notebook and the
// Excel workbook (geo/xlsx) all take their colours from here, so they agree.
//
// It is a package of its own, with no dependencies, rather than a part of
// geo: geo, geo/xlsx and notebooks-export all import it, and it holds the
// colour science (CIEDE2000, colour-vision-deficiency simulation, WCAG
// contrast) that its tests use to check the palette's properties, which has
// no place among geo's layers and boundaries.
//
// # The decile colours
//
// Deciles are a 10-class sample of matplotlib's "inferno" colour map
// (Stéfan van der Walt and Nathaniel Smith, 2015; BSD-style licence; the
// 256-entry table in matplotlib's lib/matplotlib/_cm_listed.py), taken over
// its upper 70%, reversed so that the darkest class is decile 1 (most in
// need). In Python:
//
//	import matplotlib, numpy
//	[matplotlib.colors.to_hex(c) for c in matplotlib.colormaps["inferno"](numpy.linspace(0.3, 1.0, 10))][::-1]
//
// inferno was designed to be perceptually uniform (in CAM02-UCS) with
// lightness rising monotonically, so that it reads in order in greyscale and
// to readers with a colour-vision deficiency. The lower 30% is left out
// because it runs to black: decile 1 would then be indistinguishable from
// the black outline of selected areas (which are mostly decile 1) and from
// the dark ward boundaries. Decile 1 here (#6a176e, L* 26) is as dark as the
// old ColorBrewer YlOrRd class it replaces (#800026).
//
// The properties are tested, not assumed (palette_test.go, which prints the
// figures): CIEDE2000 between neighbouring classes is at least 5 under
// normal vision and at least 3 under simulated protanopia, deuteranopia and
// tritanopia (Machado, Oliveira & Fernandes 2009, severity 1, in linear
// RGB); every class is at least 5 from white; lightness rises with the
// decile under every simulation. The ramp this replaced (YlOrRd's nine
// classes plus an invented tenth, #ffffe5) fails: its deciles 9 and 10 are
// 1.9 apart under tritanopia.
package palette

import (
	"fmt"
	"math"
)

// deciles are the fill colours of deciles 1 (most in need) to 10 (least),
// "#rrggbb", lower-case: index d-1 for decile d.
var deciles = [10]string{
	"#6a176e", // 1, most in need
	"#8a226a",
	"#a92e5e",
	"#c73e4c",
	"#e05536",
	"#f1731d",
	"#fb9606",
	"#fbbc21",
	"#f3e35a",
	"#fcffa4", // 10, least in need
}

// Deciles returns the ten decile fill colours, decile 1 (most in need)
// first. The slice is a copy.
func Deciles() []string { return append([]string(nil), deciles[:]...) }

// Colours drawn with the deciles.
const (
	// Accent marks "selected" and "need" outside the map: the briefing's
	// masthead and key-figure rules, the share bars, the rank intervals of
	// selected areas. It is decile 2, so it reads as part of the map's scale.
	Accent = "#8a226a"
	// Unselected is the neutral grey of the rank intervals of areas that
	// were not selected (against Accent).
	Unselected = "#6b6b6b"
	// NoData fills an area whose decile is missing or suppressed.
	NoData = "#d9d9d9"
	// SelectedOutline outlines selected areas on maps.
	SelectedOutline = "#000000"
	// WardBoundary draws ward boundaries over the areas.
	WardBoundary = "#2b2b2b"
	// AreaEdge separates neighbouring areas (it is the page colour).
	AreaEdge = "#ffffff"
	// LegendEdge outlines legend swatches, so the lightest class has an edge.
	LegendEdge = "#8a8a8a"
	// LightInk and DarkInk are the text colours on fills; see InkOn.
	LightInk = "#ffffff"
	DarkInk  = "#000000"
)

// Decile is the fill for a decile value: Deciles()[d-1] for a whole d in
// 1..10, NoData otherwise (NaN, out of range, or not whole).
func Decile(d float64) string {
	if math.IsNaN(d) || d < 1 || d > 10 || d != math.Trunc(d) {
		return NoData
	}
	return deciles[int(d)-1]
}

// InkOn is the text colour to write on fill: LightInk or DarkInk, whichever
// has the higher WCAG 2 contrast ratio with it (at least 4.58 for any fill,
// since the two inks are white and black).
func InkOn(fill string) string {
	if Contrast(fill, LightInk) >= Contrast(fill, DarkInk) {
		return LightInk
	}
	return DarkInk
}

// RGB parses "#rrggbb" (either case) into 8-bit sRGB channels.
func RGB(hex string) ([3]uint8, error) {
	var c [3]uint8
	if len(hex) != 7 || hex[0] != '#' {
		return c, fmt.Errorf("colour %q is not #rrggbb", hex)
	}
	for i := range c {
		hi, ok1 := nibble(hex[1+2*i])
		lo, ok2 := nibble(hex[2+2*i])
		if !ok1 || !ok2 {
			return c, fmt.Errorf("colour %q is not #rrggbb", hex)
		}
		c[i] = hi<<4 | lo
	}
	return c, nil
}

func nibble(b byte) (uint8, bool) {
	switch {
	case b >= '0' && b <= '9':
		return b - '0', true
	case b >= 'a' && b <= 'f':
		return b - 'a' + 10, true
	case b >= 'A' && b <= 'F':
		return b - 'A' + 10, true
	}
	return 0, false
}

// mustRGB is RGB for the package's own constants and callers' literals.
func mustRGB(hex string) [3]uint8 {
	c, err := RGB(hex)
	if err != nil {
		panic(err)
	}
	return c
}
