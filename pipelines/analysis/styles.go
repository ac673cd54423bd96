package analysis

import (
	"fmt"

	"github.com/manchester-insight/targeting/engine/classify"
	"github.com/manchester-insight/targeting/engine/spatial"
	"github.com/manchester-insight/targeting/geo"
)

// lisaStyle colours the LISA cluster codes as GeoDa's cluster maps do, so
// a map reads the same in QGIS as in GeoDa.
func lisaStyle(field string) *geo.Style {
	s := &geo.Style{Field: field, Title: "LISA cluster"}
	for _, c := range []struct {
		l      spatial.Label
		colour string
	}{
		{spatial.NotSignificant, "#eeeeee"}, {spatial.HighHigh, "#ff0000"}, {spatial.LowLow, "#0000ff"},
		{spatial.HighLow, "#f4ada8"}, {spatial.LowHigh, "#a7adf9"},
	} {
		v := float64(c.l)
		s.Classes = append(s.Classes, geo.Class{Lower: v, Upper: v, Label: c.l.String(), Colour: c.colour})
	}
	return s
}

// classRamps are ColorBrewer's sequential YlOrRd ramps (colour-blind safe),
// light to dark, by number of classes.
var classRamps = map[int][]string{
	3: {"#ffeda0", "#feb24c", "#f03b20"},
	4: {"#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"},
	5: {"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"},
	6: {"#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"},
	7: {"#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"},
}

// classStyle is a graduated style on field from map classes (3 to 7).
func classStyle(field, title string, c classify.Classes, format func(float64) string) *geo.Style {
	ramp, ok := classRamps[len(c.Breaks)]
	if !ok {
		return nil
	}
	s := &geo.Style{Field: field, Title: title}
	for i, hi := range c.Breaks {
		lo := c.Lower(i)
		s.Classes = append(s.Classes, geo.Class{Lower: lo, Upper: hi, Label: fmt.Sprintf("%s - %s", format(lo), format(hi)), Colour: ramp[i]})
	}
	return s
}

// selectionStyle colours the share of draws that select an area: never,
// rarely, uncertain either way, almost always.
func selectionStyle(field string, band float64) *geo.Style {
	pct := func(p float64) string { return fmt.Sprintf("%g%%", 100*p) }
	return &geo.Style{Field: field, Title: "Share of draws selecting the area", Classes: []geo.Class{
		{Lower: 0, Upper: 0, Label: "never selected", Colour: "#f7f7f7"},
		{Lower: 1e-12, Upper: band, Label: "rarely (up to " + pct(band) + ")", Colour: "#d1e5f0"},
		{Lower: band + 1e-12, Upper: 0.5, Label: "uncertain (" + pct(band) + " - 50%)", Colour: "#fddbc7"},
		{Lower: 0.5 + 1e-12, Upper: 1 - band - 1e-12, Label: "uncertain (50% - " + pct(1-band) + ")", Colour: "#ef8a62"},
		{Lower: 1 - band, Upper: 1, Label: "almost always (" + pct(1-band) + " or more)", Colour: "#b2182b"},
	}}
}
