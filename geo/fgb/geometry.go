package fgb

import (
	"fmt"

	flatbuffers "github.com/google/flatbuffers/go"
	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo/fgb/internal/fbs"
)

// polygons views a feature geometry as its polygons, so one encoder serves
// both Polygon and MultiPolygon; multi reports a MultiPolygon input. Layers
// hold only these two types, and an empty geometry would have no box for
// the index, so anything else is an error.
func polygons(g orb.Geometry) (polys []orb.Polygon, multi bool, err error) {
	switch g := g.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{g}
	case orb.MultiPolygon:
		polys, multi = g, true
	case nil:
		return nil, false, fmt.Errorf("no geometry")
	default:
		return nil, false, fmt.Errorf("geometry type %s: want Polygon or MultiPolygon", g.GeoJSONType())
	}
	if len(polys) == 0 {
		return nil, multi, fmt.Errorf("empty %s", g.GeoJSONType())
	}
	for _, p := range polys {
		if len(p) == 0 || len(p[0]) == 0 {
			return nil, multi, fmt.Errorf("empty polygon in %s", g.GeoJSONType())
		}
	}
	return polys, multi, nil
}

// bounds is the box of every vertex, holes included (a hole cannot reach
// outside its shell in a valid polygon, but the index must never miss).
func bounds(polys []orb.Polygon) orb.Bound {
	// Plain comparisons: orb.Bound.Extend's NaN-aware math.Min/Max made
	// this a quarter of Write's time.
	minX, minY := polys[0][0][0][0], polys[0][0][0][1]
	maxX, maxY := minX, minY
	for _, p := range polys {
		for _, r := range p {
			for _, pt := range r {
				if pt[0] < minX {
					minX = pt[0]
				} else if pt[0] > maxX {
					maxX = pt[0]
				}
				if pt[1] < minY {
					minY = pt[1]
				} else if pt[1] > maxY {
					maxY = pt[1]
				}
			}
		}
	}
	return orb.Bound{Min: orb.Point{minX, minY}, Max: orb.Point{maxX, maxY}}
}

// ringLen counts a ring's points as written: FlatGeobuf, like WKB, stores
// rings closed, so an open ring gets its first point repeated.
func ringLen(r orb.Ring) int {
	if len(r) > 0 && r[0] != r[len(r)-1] {
		return len(r) + 1
	}
	return len(r)
}

// buildGeometry adds the Geometry table for one feature. A MultiPolygon
// layer writes every feature as parts (one Polygon table per polygon, a
// lone Polygon promoted to one part); a Polygon layer writes the rings'
// points into xy with ends marking where each ring stops.
func buildGeometry(b *flatbuffers.Builder, polys []orb.Polygon, multi bool) flatbuffers.UOffsetT {
	if !multi {
		return buildPolygon(b, polys[0], false)
	}
	// Tables cannot nest while being built: parts first, then the vector.
	parts := make([]flatbuffers.UOffsetT, len(polys))
	for i, p := range polys {
		parts[i] = buildPolygon(b, p, true)
	}
	fbs.GeometryStartPartsVector(b, len(parts))
	for i := len(parts) - 1; i >= 0; i-- {
		b.PrependUOffsetT(parts[i])
	}
	pv := b.EndVector(len(parts))
	fbs.GeometryStart(b)
	fbs.GeometryAddParts(b, pv)
	return fbs.GeometryEnd(b)
}

// buildPolygon adds one polygon as a Geometry table. ends is written only
// for more than one ring, as the spec allows; asPart sets the type so a
// part is self-describing to readers that look at it.
func buildPolygon(b *flatbuffers.Builder, p orb.Polygon, asPart bool) flatbuffers.UOffsetT {
	total := 0
	for _, r := range p {
		total += ringLen(r)
	}
	var ends flatbuffers.UOffsetT
	if len(p) > 1 {
		fbs.GeometryStartEndsVector(b, len(p))
		end := total
		for i := len(p) - 1; i >= 0; i-- {
			b.PlaceUint32(uint32(end))
			end -= ringLen(p[i])
		}
		ends = b.EndVector(len(p))
	}
	// Flatbuffers build back to front: place the last coordinate first.
	fbs.GeometryStartXyVector(b, 2*total)
	for i := len(p) - 1; i >= 0; i-- {
		r := p[i]
		if ringLen(r) > len(r) {
			b.PlaceFloat64(r[0][1])
			b.PlaceFloat64(r[0][0])
		}
		for j := len(r) - 1; j >= 0; j-- {
			b.PlaceFloat64(r[j][1])
			b.PlaceFloat64(r[j][0])
		}
	}
	xy := b.EndVector(2 * total)
	fbs.GeometryStart(b)
	if ends != 0 {
		fbs.GeometryAddEnds(b, ends)
	}
	fbs.GeometryAddXy(b, xy)
	if asPart {
		fbs.GeometryAddType(b, fbs.GeometryTypePolygon)
	}
	return fbs.GeometryEnd(b)
}
