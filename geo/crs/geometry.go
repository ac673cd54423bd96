package crs

import (
	"fmt"

	"github.com/paulmach/orb"
)

// ProjectToBNG returns a copy of g with every WGS84 longitude/latitude
// (EPSG:4326, x = lon, y = lat) converted to British National Grid metres
// (EPSG:27700) by ToBNG. The input is never modified, unlike
// orb/project.Geometry, which works in place: callers keep both copies
// when they need to write one layer in two SRIDs.
//
// It handles every orb geometry type (Point, MultiPoint, LineString,
// MultiLineString, Ring, Polygon, MultiPolygon, Collection, Bound) and
// returns nil for nil. A Bound becomes the bounding box of the projected
// rectangle, not just of its two projected corners, because grid lines and
// graticule lines are not parallel (see projectBound). It panics on a
// geometry type it does not know, as orb/project does, since dropping or
// passing through such a geometry would silently mix SRIDs.
func ProjectToBNG(g orb.Geometry) orb.Geometry {
	return projectGeometry(g, toBNG)
}

// ProjectToWGS84 is the inverse of ProjectToBNG: it returns a copy of g
// with British National Grid coordinates (EPSG:27700) converted to WGS84
// longitude/latitude (EPSG:4326) by ToWGS84.
func ProjectToWGS84(g orb.Geometry) orb.Geometry {
	return projectGeometry(g, toWGS84)
}

// direction carries one way of converting points, plus where its central
// meridian lies in source coordinates (see projectBound).
type direction struct {
	point func(orb.Point) orb.Point
	// centralX is the source x of the National Grid's central meridian:
	// 2°W in WGS84, E0 on the grid.
	centralX float64
}

var (
	toBNG = direction{
		point: func(p orb.Point) orb.Point {
			e, n := ToBNG(p[0], p[1])
			return orb.Point{e, n}
		},
		centralX: nationalGrid.lon0 * radToDeg,
	}
	toWGS84 = direction{
		point: func(p orb.Point) orb.Point {
			lon, lat := ToWGS84(p[0], p[1])
			return orb.Point{lon, lat}
		},
		centralX: nationalGrid.e0,
	}
)

func projectGeometry(g orb.Geometry, d direction) orb.Geometry {
	switch g := g.(type) {
	case nil:
		return nil
	case orb.Point:
		return d.point(g)
	case orb.MultiPoint:
		return orb.MultiPoint(projectPoints(g, d))
	case orb.LineString:
		return orb.LineString(projectPoints(g, d))
	case orb.Ring:
		return orb.Ring(projectPoints(g, d))
	case orb.MultiLineString:
		if g == nil {
			return orb.MultiLineString(nil)
		}
		out := make(orb.MultiLineString, len(g))
		for i, ls := range g {
			out[i] = projectPoints(ls, d)
		}
		return out
	case orb.Polygon:
		return projectPolygon(g, d)
	case orb.MultiPolygon:
		if g == nil {
			return orb.MultiPolygon(nil)
		}
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			out[i] = projectPolygon(p, d)
		}
		return out
	case orb.Collection:
		if g == nil {
			return orb.Collection(nil)
		}
		out := make(orb.Collection, len(g))
		for i, c := range g {
			out[i] = projectGeometry(c, d)
		}
		return out
	case orb.Bound:
		return projectBound(g, d)
	}
	panic(fmt.Sprintf("crs: unsupported geometry type %T", g))
}

// projectPoints converts a point slice into a new slice, keeping nil as
// nil so that empty geometries stay what they were.
func projectPoints[S ~[]orb.Point](ps S, d direction) S {
	if ps == nil {
		return nil
	}
	out := make(S, len(ps))
	for i, p := range ps {
		out[i] = d.point(p)
	}
	return out
}

func projectPolygon(p orb.Polygon, d direction) orb.Polygon {
	if p == nil {
		return nil
	}
	out := make(orb.Polygon, len(p))
	for i, r := range p {
		out[i] = projectPoints(r, d)
	}
	return out
}

// projectBound returns the bounding box of the image of b. Projecting only
// Min and Max (as orb/project.Bound does) is wrong here: a WGS84 box is
// curved and rotated on the grid, so its image pokes out past the box of
// its two corners by kilometres for a bound a degree across.
//
// Along each edge of b the converted coordinates are monotonic, except
// that a parallel is furthest south on the grid where it crosses the
// central meridian, and a line of constant northing furthest north there.
// So the four corners plus those crossings give the box. The crossings are
// taken on the nominal central meridian, which the datum shift moves by
// about 100 m; the extremum is flat there, so the box is still within
// 2 mm of the exact one (checked in the tests).
func projectBound(b orb.Bound, d direction) orb.Bound {
	out := orb.Bound{Min: d.point(b.Min), Max: d.point(b.Min)}
	out = out.Extend(d.point(orb.Point{b.Max[0], b.Min[1]}))
	out = out.Extend(d.point(orb.Point{b.Min[0], b.Max[1]}))
	out = out.Extend(d.point(b.Max))
	if b.Min[0] < d.centralX && d.centralX < b.Max[0] {
		out = out.Extend(d.point(orb.Point{d.centralX, b.Min[1]}))
		out = out.Extend(d.point(orb.Point{d.centralX, b.Max[1]}))
	}
	return out
}
