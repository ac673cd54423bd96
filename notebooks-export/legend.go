package notebooksexport

import (
	"fmt"
	"html"
	"strings"

	"github.com/manchester-insight/targeting/geo/palette"
)

// selectedSwatch fills the legend's "selected area" symbol (in the SVG and
// the PNG legend): a mid decile, so the outline shows against it.
var selectedSwatch = palette.Decile(4)

// legendSVG is the shared map legend: the ten decile colours numbered 1 to
// 10, then the symbols for selected areas and ward boundaries. It is SVG
// rather than coloured HTML boxes because browsers drop CSS backgrounds
// when printing unless told otherwise, but always print SVG fills.
func legendSVG(title string, withSelected, withWards bool) string {
	const (
		sw, sh = 34.0, 20.0 // swatch
		x0     = 4.0
		top    = 22.0
	)
	width := x0 + 10*sw + 40
	if withSelected {
		width += 130
	}
	if withWards {
		width += 130
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="legend" viewBox="0 0 %s 62" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, num(width), html.EscapeString(title))
	fmt.Fprintf(&b, `<text x="%s" y="13" fill="#1d2433" class="legend-title">%s</text>`, num(x0), html.EscapeString(title))
	for i, c := range palette.Deciles() {
		x := x0 + float64(i)*sw
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="0.5"/>`, num(x), num(top), num(sw), num(sh), c, palette.LegendEdge)
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" dominant-baseline="central" fill="%s" class="legend-num">%d</text>`,
			num(x+sw/2), num(top+sh/2), palette.InkOn(c), i+1)
	}
	fmt.Fprintf(&b, `<text x="%s" y="56" fill="#1d2433" class="legend-note">more in need</text>`, num(x0))
	fmt.Fprintf(&b, `<text x="%s" y="56" text-anchor="end" fill="#1d2433" class="legend-note">less in need</text>`, num(x0+10*sw))
	x := x0 + 10*sw + 34
	if withSelected {
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="2"/>`, num(x), num(top+1), num(sw-6), num(sh-2),
			selectedSwatch, palette.SelectedOutline)
		fmt.Fprintf(&b, `<text x="%s" y="%s" dominant-baseline="central" fill="#1d2433" class="legend-note">selected area</text>`, num(x+sw), num(top+sh/2))
		x += 130
	}
	if withWards {
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.4"/>`, num(x), num(top+sh/2), num(x+sw-6), num(top+sh/2), palette.WardBoundary)
		fmt.Fprintf(&b, `<text x="%s" y="%s" dominant-baseline="central" fill="#1d2433" class="legend-note">ward boundary</text>`, num(x+sw), num(top+sh/2))
	}
	b.WriteString(`</svg>`)
	return b.String()
}
