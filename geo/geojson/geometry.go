package geojson

import (
	"fmt"

	"github.com/paulmach/orb"
)

// prepare returns a copy of g (already in lon/lat) as it will be written:
// coordinates rounded, rings closed, and polygon rings wound by the
// right-hand rule. Winding is decided on the rounded coordinates, so it
// holds for the numbers in the file. The input is never modified.
func prepare(g orb.Geometry) (orb.Geometry, error) {
	switch g := g.(type) {
	case nil:
		return nil, nil
	case orb.Point:
		return roundPoint(g), nil
	case orb.MultiPoint:
		return orb.MultiPoint(roundPoints(g)), nil
	case orb.LineString:
		return orb.LineString(roundPoints(g)), nil
	case orb.MultiLineString:
		out := make(orb.MultiLineString, len(g))
		for i, ls := range g {
			out[i] = roundPoints(ls)
		}
		return out, nil
	case orb.Ring:
		return preparePolygon(orb.Polygon{g}), nil
	case orb.Bound:
		return preparePolygon(g.ToPolygon()), nil
	case orb.Polygon:
		return preparePolygon(g), nil
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			out[i] = preparePolygon(p)
		}
		return out, nil
	case orb.Collection:
		out := make(orb.Collection, len(g))
		for i, c := range g {
			p, err := prepare(c)
			if err != nil {
				return nil, err
			}
			out[i] = p
		}
		return out, nil
	}
	return nil, fmt.Errorf("geojson: unsupported geometry type %T", g)
}

func roundPoint(p orb.Point) orb.Point {
	return orb.Point{roundCoord(p[0]), roundCoord(p[1])}
}

func roundPoints[S ~[]orb.Point](ps S) S {
	out := make(S, len(ps))
	for i, p := range ps {
		out[i] = roundPoint(p)
	}
	return out
}

// preparePolygon rounds and closes each ring, then makes the exterior
// counter-clockwise and the holes clockwise (RFC 7946 section 3.1.6).
// Rings with no area keep their order: they have no winding to fix.
func preparePolygon(p orb.Polygon) orb.Polygon {
	out := make(orb.Polygon, len(p))
	for i, r := range p {
		rr := roundPoints(r)
		if len(rr) > 0 && rr[0] != rr[len(rr)-1] {
			rr = append(rr, rr[0])
		}
		want := orb.CW
		if i == 0 {
			want = orb.CCW
		}
		if len(rr) >= 4 {
			if o := rr.Orientation(); o != 0 && o != want {
				rr.Reverse()
			}
		}
		out[i] = rr
	}
	return out
}

// appendGeometry appends g (from prepare) as a GeoJSON geometry object,
// or null for nil.
func appendGeometry(b []byte, g orb.Geometry) []byte {
	if g == nil {
		return append(b, "null"...)
	}
	if c, ok := g.(orb.Collection); ok {
		b = append(b, `{"type":"GeometryCollection","geometries":[`...)
		for i, m := range c {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendGeometry(b, m)
		}
		return append(b, "]}"...)
	}
	b = append(b, `{"type":`...)
	b = appendString(b, g.GeoJSONType())
	b = append(b, `,"coordinates":`...)
	switch g := g.(type) {
	case orb.Point:
		b = appendPosition(b, g)
	case orb.MultiPoint:
		b = appendPositions(b, g)
	case orb.LineString:
		b = appendPositions(b, g)
	case orb.MultiLineString:
		b = append(b, '[')
		for i, ls := range g {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendPositions(b, ls)
		}
		b = append(b, ']')
	case orb.Polygon:
		b = appendRings(b, g)
	case orb.MultiPolygon:
		b = append(b, '[')
		for i, p := range g {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendRings(b, p)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func appendPosition(b []byte, p orb.Point) []byte {
	b = append(b, '[')
	b = appendNumber(b, p[0])
	b = append(b, ',')
	b = appendNumber(b, p[1])
	return append(b, ']')
}

func appendPositions[S ~[]orb.Point](b []byte, ps S) []byte {
	b = append(b, '[')
	for i, p := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendPosition(b, p)
	}
	return append(b, ']')
}

func appendRings(b []byte, p orb.Polygon) []byte {
	b = append(b, '[')
	for i, r := range p {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendPositions(b, r)
	}
	return append(b, ']')
}
