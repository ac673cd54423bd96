package notebooksexport

import (
	"image"
	"image/color"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	fixedpt "golang.org/x/image/math/fixed"
)

// The PNG map's text is set in the Go fonts (Go Regular and Go Bold, by
// Bigelow & Holmes for the Go project; BSD-style licence, embedded in
// golang.org/x/image/font/gofont), rasterised from their outlines with
// anti-aliasing by golang.org/x/image/font/opentype: vector-quality text at
// any size, and no font file for the tool to find at run time. They cover
// Latin-1 and more, © included.

// Text sizes: a "scale" names one of the picture's sizes (1: attribution,
// 2: body, legend and labels, 4: title and key figures), in pixels.
var textPx = map[int]float64{1: 12, 2: 19, 4: 34}

type faceKey struct {
	px   float64
	bold bool
}

var (
	fontsOnce           sync.Once
	regularTTF, boldTTF *opentype.Font
	facesMu             sync.Mutex
	faces               = map[faceKey]font.Face{}
)

// face is the Go Regular (or Bold) face at px pixels (72 dpi: 1 pt = 1 px).
func face(px float64, bold bool) font.Face {
	fontsOnce.Do(func() {
		var err error
		if regularTTF, err = opentype.Parse(goregular.TTF); err != nil {
			panic(err) // embedded, so only a broken build gets here
		}
		if boldTTF, err = opentype.Parse(gobold.TTF); err != nil {
			panic(err)
		}
	})
	facesMu.Lock()
	defer facesMu.Unlock()
	k := faceKey{px, bold}
	if f, ok := faces[k]; ok {
		return f
	}
	ttf := regularTTF
	if bold {
		ttf = boldTTF
	}
	f, err := opentype.NewFace(ttf, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err)
	}
	faces[k] = f
	return f
}

// scaleFace is the face for a scale: bold for titles (4) and for labels
// drawn with a halo.
func scaleFace(scale int, bold bool) font.Face {
	px, ok := textPx[scale]
	if !ok {
		px = float64(10 * scale)
	}
	return face(px, bold || scale >= 4)
}

// textWidth is the width of s in pixels at the given scale.
func textWidth(s string, scale int) int {
	return font.MeasureString(scaleFace(scale, false), s).Ceil()
}

// labelWidth is the width of s as a label (bold) at the given scale.
func labelWidth(s string, scale int) int {
	return font.MeasureString(scaleFace(scale, true), s).Ceil()
}

// text draws s with its top-left at (x, y); with a halo, a ring of halo
// colour drawn first keeps it legible on any fill (labels, which are bold).
func (cv *canvas) text(s string, x, y, scale int, ink color.RGBA, halo *color.RGBA) {
	f := scaleFace(scale, halo != nil)
	baseline := y + f.Metrics().Ascent.Ceil()
	draw := func(dx, dy int, c color.RGBA) {
		d := font.Drawer{Dst: cv.img, Src: image.NewUniform(c), Face: f, Dot: fixedpt.P(x+dx, baseline+dy)}
		d.DrawString(s)
	}
	if halo != nil {
		for _, d := range [][2]int{{-2, 0}, {2, 0}, {0, -2}, {0, 2}, {-1, -1}, {1, -1}, {-1, 1}, {1, 1}} {
			draw(d[0], d[1], *halo)
		}
	}
	draw(0, 0, ink)
}

// lineHeight is the height of a line of text at the scale, in pixels.
func lineHeight(scale int) int {
	return scaleFace(scale, false).Metrics().Height.Ceil()
}

// wrapText breaks s into lines of at most width pixels at the scale.
func wrapText(s string, width, scale int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case textWidth(line+" "+w, scale) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
