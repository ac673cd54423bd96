package notebooksexport

import (
	"math"

	"github.com/paulmach/orb"
)

// frame maps British National Grid metres onto a picture (SVG units or PNG
// pixels): x to the right, y down, north up, one scale for both axes so the
// map is not distorted (BNG is a conformal projection in metres).
type frame struct {
	minX, maxY float64 // BNG of the picture's top-left corner of the content
	scale      float64 // picture units per metre
	pad        float64 // margin around the content, in picture units
	w, h       float64 // picture size
	ox, oy     float64 // where the picture sits on a larger canvas
}

// newFrame fits b into a picture width units wide (height follows from the
// shape of b), with pad units of margin.
func newFrame(b orb.Bound, width, pad float64) frame {
	dx, dy := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	if dx <= 0 {
		dx = 1
	}
	s := (width - 2*pad) / dx
	return frame{minX: b.Min[0], maxY: b.Max[1], scale: s, pad: pad, w: width, h: math.Ceil(dy*s + 2*pad)}
}

// fitFrame fits b into a w by h box, centred.
func fitFrame(b orb.Bound, w, h, pad float64) frame {
	dx, dy := math.Max(b.Max[0]-b.Min[0], 1), math.Max(b.Max[1]-b.Min[1], 1)
	s := math.Min((w-2*pad)/dx, (h-2*pad)/dy)
	f := frame{scale: s, pad: pad, w: w, h: h}
	// Centre: shift the origin so the content sits in the middle.
	f.minX = b.Min[0] - ((w-2*pad)/s-dx)/2
	f.maxY = b.Max[1] + ((h-2*pad)/s-dy)/2
	return f
}

func (f frame) xy(p orb.Point) (float64, float64) {
	return f.ox + f.pad + (p[0]-f.minX)*f.scale, f.oy + f.pad + (f.maxY-p[1])*f.scale
}

// bounds is the bounding box of a set of geometries.
func bounds(gs []orb.Geometry) orb.Bound {
	var b orb.Bound
	first := true
	for _, g := range gs {
		if g == nil {
			continue
		}
		gb := g.Bound()
		if first {
			b, first = gb, false
			continue
		}
		b = b.Union(gb)
	}
	return b
}

// polygons flattens a Polygon or MultiPolygon (anything else is empty).
func polygons(g orb.Geometry) []orb.Polygon {
	switch x := g.(type) {
	case orb.Polygon:
		return []orb.Polygon{x}
	case orb.MultiPolygon:
		return x
	}
	return nil
}
