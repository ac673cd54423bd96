package notebooksexport

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo/palette"
)

// Every colour of the maps, the legend and the charts comes from
// geo/palette (palette.Decile for a decile value, palette.NoData where it is
// missing or suppressed), the same definition as the GeoPackage's QGIS
// style, the notebook and the workbook.

// choropleth is what one SVG map shows.
type choropleth struct {
	label    string         // accessible name of the map
	geoms    []orb.Geometry // filled shapes
	fills    []string       // fill per shape
	tips     []string       // hover text per shape
	outlined []bool         // shapes drawn with a heavy outline (selected areas); may be nil
	overlay  []orb.Geometry // boundaries drawn on top, unfilled (wards over areas); may be nil
	names    []string       // labels for labelled, placed inside each shape
	labelled []orb.Geometry
	fontSize float64
	// printFontSize, when set, adds a second set of labels of this size
	// (placed for it), which report.css shows in print instead of the
	// screen labels.
	printFontSize float64
}

// svg draws the map in frame f as inline SVG. Colours are attributes, not
// CSS, so the map prints even when a browser drops backgrounds.
func (c choropleth) svg(f frame) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="map" viewBox="0 0 %s %s" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		num(f.w), num(f.h), html.EscapeString(c.label))
	fmt.Fprintf(&b, `<g stroke="%s" stroke-width="0.6" stroke-linejoin="round" fill-rule="evenodd">`, palette.AreaEdge)
	for i, g := range c.geoms {
		d := pathData(f, g)
		if d == "" {
			continue
		}
		fmt.Fprintf(&b, `<path d="%s" fill="%s"><title>%s</title></path>`, d, c.fills[i], html.EscapeString(c.tips[i]))
	}
	b.WriteString(`</g>`)
	if c.overlay != nil {
		fmt.Fprintf(&b, `<g fill="none" stroke="%s" stroke-width="1.1" stroke-linejoin="round">`, palette.WardBoundary)
		for _, g := range c.overlay {
			if d := pathData(f, g); d != "" {
				fmt.Fprintf(&b, `<path d="%s"/>`, d)
			}
		}
		b.WriteString(`</g>`)
	}
	if c.outlined != nil {
		fmt.Fprintf(&b, `<g fill="none" stroke="%s" stroke-width="1.6" stroke-linejoin="round">`, palette.SelectedOutline)
		for i, g := range c.geoms {
			if c.outlined[i] {
				if d := pathData(f, g); d != "" {
					fmt.Fprintf(&b, `<path d="%s"/>`, d)
				}
			}
		}
		b.WriteString(`</g>`)
	}
	if len(c.names) > 0 {
		class := "labels"
		if c.printFontSize > 0 {
			class = "labels screen"
		}
		c.labels(&b, f, class, c.fontSize)
		if c.printFontSize > 0 {
			c.labels(&b, f, "labels print", c.printFontSize)
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// labels writes one group of ward labels at size (picture units).
func (c choropleth) labels(b *strings.Builder, f frame, class string, size float64) {
	lineH := size * 1.1
	labels := placeLabels(f, c.labelled, c.names, size*0.64, lineH, 14)
	fmt.Fprintf(b, `<g class="%s" font-size="%s" text-anchor="middle">`, class, num(size))
	for _, l := range labels {
		if len(l.lines) == 0 {
			continue
		}
		top := l.y - lineH*float64(len(l.lines)-1)/2
		fmt.Fprintf(b, `<text x="%s" y="%s" dominant-baseline="central">`, num(l.x), num(top))
		for k, line := range l.lines {
			dy := "0"
			if k > 0 {
				dy = num(lineH)
			}
			fmt.Fprintf(b, `<tspan x="%s" dy="%s">%s</tspan>`, num(l.x), dy, html.EscapeString(line))
		}
		b.WriteString(`</text>`)
	}
	b.WriteString(`</g>`)
}

// pathData is an SVG path for a polygon or multipolygon, one decimal of a
// picture unit, consecutive duplicate points dropped (generalised
// boundaries collapse a lot at map scale).
func pathData(f frame, g orb.Geometry) string {
	var b strings.Builder
	for _, poly := range polygons(g) {
		for _, ring := range poly {
			if len(ring) < 3 {
				continue
			}
			last := ""
			n := 0
			for k, p := range ring {
				x, y := f.xy(p)
				pt := num1(x) + " " + num1(y)
				if pt == last {
					continue
				}
				if k == 0 {
					b.WriteString("M")
				} else {
					b.WriteString("L")
				}
				b.WriteString(pt)
				last = pt
				n++
			}
			b.WriteString("Z")
		}
	}
	return b.String()
}

// num formats a picture coordinate compactly.
func num(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

func num1(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }
