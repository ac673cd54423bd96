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

// Text is drawn from the Go fonts' outlines: anti-aliased (grey levels
// between ink and paper), measured in proportion to its length, and wrapped
// to a width.
func TestFontText(t *testing.T) {
	cv := newCanvas(400, 60, color.RGBA{255, 255, 255, 255})
	cv.text("Moss Side © Crown", 4, 4, 2, color.RGBA{0, 0, 0, 255}, nil)
	levels := map[uint8]bool{}
	for i := 0; i < len(cv.img.Pix); i += 4 {
		levels[cv.img.Pix[i]] = true
	}
	if len(levels) < 20 {
		t.Errorf("%d grey levels: want anti-aliased outline text", len(levels))
	}
	if w1, w2 := textWidth("Hulme", 2), textWidth("Hulme Hulme", 2); w1 < 30 || w2 < 2*w1 {
		t.Errorf("widths %d, %d", w1, w2)
	}
	for _, line := range wrapText("Contains OS data © Crown copyright and database right 2021", 200, 1) {
		if textWidth(line, 1) > 200 {
			t.Errorf("line %q is wider than 200 px", line)
		}
	}
}
