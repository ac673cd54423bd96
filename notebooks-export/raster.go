package notebooksexport

import (
	"image"
	"image/color"
	"math"
	"sort"
)

// canvas is an RGBA picture with an anti-aliased polygon filler, enough to
// draw a choropleth map in pure Go (the standard library has no vector
// drawing, and the project takes no graphics module for one picture).
type canvas struct {
	img *image.RGBA
}

func newCanvas(w, h int, bg color.RGBA) *canvas {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = bg.R, bg.G, bg.B, bg.A
	}
	return &canvas{img: img}
}

// ring is a closed polygon ring in pixel coordinates.
type ring [][2]float64

// subRows is the number of sub-scanlines per pixel row: vertical
// anti-aliasing; horizontal coverage is computed exactly.
const subRows = 5

// fill paints a polygon's rings under the even-odd rule, so holes are
// holes whichever way a boundary file winds them.
func (cv *canvas) fill(rings []ring, c color.RGBA) { cv.paint(rings, c, false) }

// paint fills rings under the even-odd rule, or under the nonzero rule,
// where overlapping pieces of one stroke (see stroke) merge instead of
// cancelling.
func (cv *canvas) paint(rings []ring, c color.RGBA, nonzero bool) {
	type edge struct {
		x0, y0, x1, y1 float64 // y0 < y1
		dir            int
	}
	var edges []edge
	b := cv.img.Bounds()
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, r := range rings {
		for i := range r {
			a, e := r[i], r[(i+1)%len(r)]
			minX, maxX = math.Min(minX, a[0]), math.Max(maxX, a[0])
			minY, maxY = math.Min(minY, a[1]), math.Max(maxY, a[1])
			switch {
			case a[1] < e[1]:
				edges = append(edges, edge{a[0], a[1], e[0], e[1], 1})
			case a[1] > e[1]:
				dir := 1
				if nonzero {
					dir = -1
				}
				edges = append(edges, edge{e[0], e[1], a[0], a[1], dir})
			}
		}
	}
	x0, y0 := max(int(math.Floor(minX)), b.Min.X), max(int(math.Floor(minY)), b.Min.Y)
	x1, y1 := min(int(math.Ceil(maxX))+1, b.Max.X), min(int(math.Ceil(maxY))+1, b.Max.Y)
	if x0 >= x1 || y0 >= y1 {
		return
	}
	// Edge table: edges by top; the active list holds those that span the
	// current sub-scanline.
	sort.Slice(edges, func(i, j int) bool { return edges[i].y0 < edges[j].y0 })
	cov := make([]float64, x1-x0)
	type crossing struct {
		x   float64
		dir int
	}
	var xs []crossing
	var active []edge
	next := 0
	inside := func(w int) bool {
		if nonzero {
			return w != 0
		}
		return w%2 != 0 // even-odd: every dir is +1
	}
	for y := y0; y < y1; y++ {
		clear(cov)
		for s := 0; s < subRows; s++ {
			sy := float64(y) + (float64(s)+0.5)/subRows
			for next < len(edges) && edges[next].y0 <= sy {
				active = append(active, edges[next])
				next++
			}
			xs = xs[:0]
			keep := active[:0]
			for _, e := range active {
				if e.y1 <= sy {
					continue
				}
				keep = append(keep, e)
				if sy >= e.y0 {
					xs = append(xs, crossing{e.x0 + (sy-e.y0)*(e.x1-e.x0)/(e.y1-e.y0), e.dir})
				}
			}
			active = keep
			sort.Slice(xs, func(i, j int) bool { return xs[i].x < xs[j].x })
			wind, start := 0, 0.0
			for _, cr := range xs {
				was := inside(wind)
				wind += cr.dir
				switch now := inside(wind); {
				case !was && now:
					start = cr.x
				case was && !now:
					addSpan(cov, start-float64(x0), cr.x-float64(x0), 1.0/subRows)
				}
			}
		}
		for i, a := range cov {
			if a > 0 {
				cv.blend(x0+i, y, c, math.Min(a, 1))
			}
		}
	}
}

// addSpan adds weight times the covered fraction of each pixel in [a, b).
func addSpan(cov []float64, a, b, weight float64) {
	a, b = math.Max(a, 0), math.Min(b, float64(len(cov)))
	for px := int(math.Floor(a)); px < len(cov) && float64(px) < b; px++ {
		lo, hi := math.Max(a, float64(px)), math.Min(b, float64(px+1))
		if hi > lo {
			cov[px] += weight * (hi - lo)
		}
	}
}

// blend paints c over pixel (x, y) with opacity alpha.
func (cv *canvas) blend(x, y int, c color.RGBA, alpha float64) {
	if !(image.Point{x, y}.In(cv.img.Bounds())) {
		return
	}
	i := cv.img.PixOffset(x, y)
	p := cv.img.Pix[i : i+4 : i+4]
	a := alpha * float64(c.A) / 255
	p[0] = uint8(math.Round(float64(p[0])*(1-a) + float64(c.R)*a))
	p[1] = uint8(math.Round(float64(p[1])*(1-a) + float64(c.G)*a))
	p[2] = uint8(math.Round(float64(p[2])*(1-a) + float64(c.B)*a))
	p[3] = uint8(math.Round(float64(p[3])*(1-a) + 255*a))
}

// stroke paints the outline of rings with lines width pixels wide: one
// quadrilateral per edge and an octagon at each vertex (round-ish joins),
// all wound the same way so fill's nonzero rule merges them.
func (cv *canvas) stroke(rings []ring, width float64, c color.RGBA) {
	h := width / 2
	var parts []ring
	for _, r := range rings {
		for i := range r {
			a, e := r[i], r[(i+1)%len(r)]
			dx, dy := e[0]-a[0], e[1]-a[1]
			l := math.Hypot(dx, dy)
			if l == 0 {
				continue
			}
			nx, ny := -dy/l*h, dx/l*h
			parts = append(parts, positive(ring{{a[0] + nx, a[1] + ny}, {e[0] + nx, e[1] + ny}, {e[0] - nx, e[1] - ny}, {a[0] - nx, a[1] - ny}}))
			var oct ring
			for k := 0; k < 8; k++ {
				t := float64(k) * math.Pi / 4
				oct = append(oct, [2]float64{a[0] + h*math.Cos(t), a[1] + h*math.Sin(t)})
			}
			parts = append(parts, positive(oct))
		}
	}
	cv.paint(parts, c, true)
}

// rect fills an axis-aligned rectangle.
func (cv *canvas) rect(x, y, w, h float64, c color.RGBA) {
	cv.fill([]ring{{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}}}, c)
}

// positive returns r wound with positive signed area.
func positive(r ring) ring {
	s := 0.0
	for i := range r {
		a, b := r[i], r[(i+1)%len(r)]
		s += a[0]*b[1] - b[0]*a[1]
	}
	if s < 0 {
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
	}
	return r
}

// hexColour parses "#rrggbb".
func hexColour(s string) color.RGBA {
	var v [3]uint8
	for i := range v {
		if len(s) >= 7 {
			n, _ := parseHexByte(s[1+2*i : 3+2*i])
			v[i] = n
		}
	}
	return color.RGBA{v[0], v[1], v[2], 255}
}

func parseHexByte(s string) (uint8, bool) {
	var n uint8
	for _, c := range []byte(s) {
		n <<= 4
		switch {
		case c >= '0' && c <= '9':
			n |= c - '0'
		case c >= 'a' && c <= 'f':
			n |= c - 'a' + 10
		case c >= 'A' && c <= 'F':
			n |= c - 'A' + 10
		default:
			return 0, false
		}
	}
	return n, true
}
