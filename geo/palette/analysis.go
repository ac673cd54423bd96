package palette

// The analysis layers' colours (pipelines/analysis): classes of a quantity
// take Sequential, a subset of the decile ramp, so "darker = more" reads
// the same on every map; the selection comparison and the robustness map
// take the diverging PuOr ends and a neutral; LISA clusters keep GeoDa's
// conventional colours so a map reads the same in QGIS as in GeoDa. The
// properties (classes told apart under normal vision and each dichromacy)
// are tested in analysis_test.go.

// Sequential returns n (2 to 10) classes of the decile ramp, lightest
// (lowest values) first: evenly spaced deciles from decile 10 to decile 1.
// It returns nil for other n.
func Sequential(n int) []string {
	if n < 2 || n > 10 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		// i = 0 -> decile 10 (index 9); i = n-1 -> decile 1 (index 0).
		k := 9 - (i*9+(n-1)/2)/(n-1)
		out[i] = deciles[k]
	}
	return out
}

// Diverging is ColorBrewer's five-class PuOr (Cynthia Brewer, Apache-2.0
// licence), colour-blind safe: purple (low) to orange (high) through a
// near-white midpoint.
var Diverging = [5]string{"#5e3c99", "#b2abd2", "#f7f7f7", "#fdb863", "#e66101"}

// Colours of a selection comparison (A -> B).
const (
	Neither  = "#f7f7f7" // selected in neither: the page, nearly
	Both     = "#8c8c8c" // selected in both: neutral grey
	Leaves   = "#5e3c99" // leaves the selection: Diverging's low end
	Enters   = "#e66101" // enters the selection: Diverging's high end
	NeverSel = Neither   // never selected in any draw (robustness)
)

// LISA cluster colours, as in GeoDa's cluster maps.
const (
	LISANotSignificant = "#eeeeee"
	LISAHighHigh       = "#ff0000"
	LISALowLow         = "#0000ff"
	LISAHighLow        = "#f4ada8"
	LISALowHigh        = "#a7adf9"
)
