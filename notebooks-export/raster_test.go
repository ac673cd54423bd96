package notebooksexport

import (
	"image/color"
	"math"
	"testing"
)

// A filled square covers exactly its pixels; its anti-aliased edge pixels
// are covered in proportion; a hole stays empty whichever way it winds.
func TestFillCoverage(t *testing.T) {
	white, red := color.RGBA{255, 255, 255, 255}, color.RGBA{255, 0, 0, 255}
	cv := newCanvas(20, 20, white)
	outer := ring{{2, 2}, {18, 2}, {18, 18}, {2, 18}}
	hole := ring{{8, 8}, {12, 8}, {12, 12}, {8, 12}} // same winding as outer
	cv.fill([]ring{outer, hole}, red)
	at := func(x, y int) color.RGBA { return cv.img.RGBAAt(x, y) }
	if at(4, 4) != red || at(10, 10) != white || at(0, 0) != white || at(19, 19) != white {
		t.Errorf("inside %v, hole %v, outside %v %v", at(4, 4), at(10, 10), at(0, 0), at(19, 19))
	}

	half := newCanvas(4, 4, white)
	half.fill([]ring{{{0, 0}, {1.5, 0}, {1.5, 4}, {0, 4}}}, red) // covers half of column 1
	if g := half.img.RGBAAt(1, 2).G; math.Abs(float64(g)-127.5) > 2 {
		t.Errorf("half-covered pixel green %d, want about 128", g)
	}
}

// A stroke's segments and joins merge (nonzero) instead of cancelling
// where they overlap, and the line has the width asked for.
func TestStrokeWidth(t *testing.T) {
	white, black := color.RGBA{255, 255, 255, 255}, color.RGBA{0, 0, 0, 255}
	cv := newCanvas(40, 40, white)
	cv.stroke([]ring{{{10, 10}, {30, 10}, {30, 30}, {10, 30}}}, 4, black)
	if cv.img.RGBAAt(20, 10) != black || cv.img.RGBAAt(10, 10) != black || cv.img.RGBAAt(20, 20) != white {
		t.Errorf("edge %v, corner %v, inside %v", cv.img.RGBAAt(20, 10), cv.img.RGBAAt(10, 10), cv.img.RGBAAt(20, 20))
	}
	if cv.img.RGBAAt(20, 7) != white || cv.img.RGBAAt(20, 13) != white {
		t.Error("line wider than 4 px")
	}
}

// Every glyph is a full 5 by 9 cell, and unknown characters are shown.
func TestFontGlyphs(t *testing.T) {
	for r, g := range glyphs {
		if len(g) != glyphW*glyphH {
			t.Errorf("glyph %q has %d cells", r, len(g))
		}
	}
	if got := pngText("© Crown ☃"); got != "(c) Crown ?" {
		t.Errorf("pngText: %q", got)
	}
}
