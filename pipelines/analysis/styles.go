package analysis

import (
	"fmt"

	"github.com/manchester-insight/targeting/engine/classify"
	"github.com/manchester-insight/targeting/engine/spatial"
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/palette"
)

// lisaStyle colours the LISA cluster codes as GeoDa's cluster maps do, so
// a map reads the same in QGIS as in GeoDa.
func lisaStyle(field string) *geo.Style {
	s := &geo.Style{Field: field, Title: "LISA cluster"}
	for _, c := range []struct {
		l      spatial.Label
		colour string
	}{
		{spatial.NotSignificant, palette.LISANotSignificant}, {spatial.HighHigh, palette.LISAHighHigh},
		{spatial.LowLow, palette.LISALowLow}, {spatial.HighLow, palette.LISAHighLow}, {spatial.LowHigh, palette.LISALowHigh},
	} {
		v := float64(c.l)
		s.Classes = append(s.Classes, geo.Class{Lower: v, Upper: v, Label: c.l.String(), Colour: c.colour})
	}
	return s
}

// classStyle is a graduated style on field from map classes (3 to 7), in
// the project's sequential ramp (palette.Sequential: the decile colours,
// light to dark).
func classStyle(field, title string, c classify.Classes, format func(float64) string) *geo.Style {
	if n := len(c.Breaks); n < 3 || n > 7 {
		return nil
	}
	ramp := palette.Sequential(len(c.Breaks))
	s := &geo.Style{Field: field, Title: title}
	for i, hi := range c.Breaks {
		lo := c.Lower(i)
		s.Classes = append(s.Classes, geo.Class{Lower: lo, Upper: hi, Label: fmt.Sprintf("%s - %s", format(lo), format(hi)), Colour: ramp[i]})
	}
	return s
}

// selectionStyle colours the share of draws that select an area: never
// (palette.NeverSel), then rarely, uncertain either way and almost always in
// the sequential ramp, darkest = almost always selected (as selected areas,
// mostly decile 1, are darkest on the decile map).
func selectionStyle(field string, band float64) *geo.Style {
	pct := func(p float64) string { return fmt.Sprintf("%g%%", 100*p) }
	ramp := palette.Sequential(4)
	return &geo.Style{Field: field, Title: "Share of draws selecting the area", Classes: []geo.Class{
		{Lower: 0, Upper: 0, Label: "never selected", Colour: palette.NeverSel},
		{Lower: 1e-12, Upper: band, Label: "rarely (up to " + pct(band) + ")", Colour: ramp[0]},
		{Lower: band + 1e-12, Upper: 0.5, Label: "uncertain (" + pct(band) + " - 50%)", Colour: ramp[1]},
		{Lower: 0.5 + 1e-12, Upper: 1 - band - 1e-12, Label: "uncertain (50% - " + pct(1-band) + ")", Colour: ramp[2]},
		{Lower: 1 - band, Upper: 1, Label: "almost always (" + pct(1-band) + " or more)", Colour: ramp[3]},
	}}
}
