package notebooksexport

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"image/png"
	"strings"

	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo/palette"
	"github.com/manchester-insight/targeting/internal/result"
)

// WriteMapPNG draws the small-area map as a PNG for pasting into a
// briefing: areas in decile colours, selected areas outlined, ward
// boundaries and names, legend, key figures and attribution. It is drawn
// in pure Go (raster.go, font.go), so it needs no browser; the HTML
// report's SVG map is the sharper one for screens and print.
func WriteMapPNG(res *result.Result, path string, opt Options) error {
	r, err := newRun(res, opt)
	if err != nil {
		return err
	}
	defer r.release()
	if r.areaGeoms == nil || r.wardGeoms == nil {
		return errors.New("map image: this scenario has no boundaries (geography.boundaries), so there is no map to draw")
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, r.mapPNG().img); err != nil {
		return err
	}
	return writeFileAtomic(path, buf.Bytes())
}

// Text colours are the briefing's (report.css); the map's colours are
// geo/palette's.
var (
	ink        = color.RGBA{0x1d, 0x24, 0x33, 0xff}
	muted      = color.RGBA{0x5a, 0x63, 0x72, 0xff}
	white      = color.RGBA{0xff, 0xff, 0xff, 0xff}
	selected   = hexColour(palette.SelectedOutline)
	wardInk    = hexColour(palette.WardBoundary)
	areaEdge   = hexColour(palette.AreaEdge)
	legendEdge = hexColour(palette.LegendEdge)
	accent     = hexColour(palette.Accent)
)

// The SYNTHETIC banner's colours, as the HTML briefing's (report.css).
const (
	syntheticFill = "#fdecea"
	syntheticEdge = "#b2182b"
)

// mapPNG lays out the picture: title across the top, the map on the left,
// legend and key figures on the right, attribution along the bottom.
func (r *run) mapPNG() *canvas {
	const (
		width        = 1240
		margin       = 28
		mapW, mapH   = 790, 1280
		panelX       = margin + mapW + 30
		textScale    = 2
		lineH        = 22
		labelScale   = 2
		attribMargin = 18
		bannerH      = 44
	)
	// A run on synthetic sources says so in a banner under the title, and
	// the map moves down to make room.
	mapTop := 126
	if len(r.rep.Synthetic) > 0 {
		mapTop += bannerH
	}
	attribH := lineHeight(1)
	var attrib []string
	for _, a := range r.rep.Attribution {
		attrib = append(attrib, wrapText(a, width-2*margin, 1)...)
	}
	height := mapTop + mapH + attribMargin + len(attrib)*attribH + margin
	cv := newCanvas(width, height, white)

	cv.rect(0, 0, width, 8, accent)
	cv.text(r.sc.Title, margin, 22, 4, ink, nil)
	if len(r.rep.Synthetic) > 0 {
		y := 118
		cv.rect(float64(margin), float64(y), width-2*margin, bannerH-8, hexColour(syntheticFill))
		cv.rect(float64(margin), float64(y), 6, bannerH-8, hexColour(syntheticEdge))
		msg := fmt.Sprintf("SYNTHETIC DATA: %s are generated test records, not real council records. Do not use for decisions.",
			strings.Join(r.rep.Synthetic, ", "))
		cv.text(msg, margin+16, y+8, textScale, hexColour(syntheticEdge), nil)
	}
	k := r.nSelected()
	sub := fmt.Sprintf("Small areas by decile of need; %d of %d selected (%s). Scored %s.", k, len(r.code), r.rep.Selection,
		r.rep.Started.Format("2 January 2006"))
	for j, line := range wrapText(sub, width-2*margin, textScale) {
		if j < 2 {
			cv.text(line, margin, 70+j*lineH, textScale, muted, nil)
		}
	}

	f := fitFrame(bounds(r.areaGeoms).Union(bounds(r.wardGeoms)), mapW, mapH, 6)
	f.ox, f.oy = margin, float64(mapTop)
	for i, g := range r.areaGeoms {
		cv.fill(pixelRings(f, g), hexColour(palette.Decile(r.decile[i])))
	}
	var edges []ring
	for _, g := range r.areaGeoms {
		edges = append(edges, pixelRings(f, g)...)
	}
	cv.stroke(edges, 0.8, areaEdge)
	edges = edges[:0]
	for _, g := range r.wardGeoms {
		edges = append(edges, pixelRings(f, g)...)
	}
	cv.stroke(edges, 1.6, wardInk)
	edges = edges[:0]
	for i, g := range r.areaGeoms {
		if r.selected[i] {
			edges = append(edges, pixelRings(f, g)...)
		}
	}
	cv.stroke(edges, 2.4, selected)
	glyphLine := float64(lineHeight(labelScale))
	charW := float64(labelWidth("Abcdefghijklmnopqrstuvwxyz", labelScale)) / 26
	for _, l := range placeLabels(f, r.wardGeoms, r.wName, charW, glyphLine, 14) {
		for j, line := range l.lines {
			x := int(l.x) - labelWidth(line, labelScale)/2
			y := int(l.y - glyphLine*float64(len(l.lines))/2 + glyphLine*float64(j))
			cv.text(line, x, y, labelScale, ink, &white)
		}
	}

	// Legend.
	y := mapTop + 10
	cv.text("Decile", panelX, y, textScale, ink, nil)
	cv.text("1 = most in need", panelX, y+lineH+2, textScale, muted, nil)
	y += 2*lineH + 14
	for d, c := range palette.Deciles() {
		cv.rect(float64(panelX), float64(y), 46, 28, hexColour(c))
		cv.stroke([]ring{{{float64(panelX), float64(y)}, {float64(panelX + 46), float64(y)}, {float64(panelX + 46), float64(y + 28)}, {float64(panelX), float64(y + 28)}}}, 0.8, legendEdge)
		label := fmt.Sprint(d + 1)
		switch d {
		case 0:
			label += " most in need"
		case 9:
			label += " least in need"
		}
		cv.text(label, panelX+58, y+7, textScale, ink, nil)
		y += 32
	}
	y += 14
	sel := ring{{float64(panelX + 4), float64(y)}, {float64(panelX + 42), float64(y)}, {float64(panelX + 42), float64(y + 26)}, {float64(panelX + 4), float64(y + 26)}}
	cv.fill([]ring{sel}, hexColour(selectedSwatch))
	cv.stroke([]ring{sel}, 2.4, selected)
	cv.text("selected area", panelX+58, y+6, textScale, ink, nil)
	y += 40
	cv.stroke([]ring{{{float64(panelX + 4), float64(y + 12)}, {float64(panelX + 42), float64(y + 12)}}}, 1.6, wardInk)
	cv.text("ward boundary", panelX+58, y+6, textScale, ink, nil)

	// Key figures.
	y += 70
	total := 0.0
	for _, p := range r.pop {
		if p == p {
			total += p
		}
	}
	wardsWith := r.wardsWithSelected()
	for _, fig := range [][2]string{
		{fmt.Sprintf("%d of %d", k, len(r.code)), "small areas selected"},
		{thousands(r.rep.People), "people live in them"},
		{fmt.Sprintf("%d of %d", wardsWith, len(r.wCode)), "wards have a selected area"},
	} {
		cv.rect(float64(panelX), float64(y), 6, 62, accent)
		cv.text(fig[0], panelX+20, y+4, 4, ink, nil)
		cv.text(fig[1], panelX+20, y+44, textScale, muted, nil)
		y += 86
	}

	y = mapTop + mapH + attribMargin
	for _, line := range attrib {
		cv.text(line, margin, y, 1, muted, nil)
		y += attribH
	}
	return cv
}

// pixelRings converts a geometry's rings to pixel coordinates.
func pixelRings(f frame, g orb.Geometry) []ring {
	var out []ring
	for _, poly := range polygons(g) {
		for _, rg := range poly {
			pr := make(ring, 0, len(rg))
			for _, p := range rg {
				x, y := f.xy(p)
				pr = append(pr, [2]float64{x, y})
			}
			out = append(out, pr)
		}
	}
	return out
}
