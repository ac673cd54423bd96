package gpkg

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// Geometry type names for gpkg_geometry_columns (spec "Geometry Types").
const (
	typePolygon      = "POLYGON"
	typeMultiPolygon = "MULTIPOLYGON"
	typeGeometry     = "GEOMETRY"
)

// layerGeometryType picks the narrowest column type that fits every
// geometry: POLYGON if all are polygons, MULTIPOLYGON (promoting polygons)
// if any is a multipolygon, GEOMETRY for anything else or no geometries.
func layerGeometryType(geoms []orb.Geometry) (name string, promote bool, err error) {
	var polys, multis, others int
	for i, g := range geoms {
		switch g.(type) {
		case nil:
		case orb.Polygon, orb.Ring, orb.Bound:
			polys++
		case orb.MultiPolygon:
			multis++
		case orb.Point, orb.MultiPoint, orb.LineString, orb.MultiLineString, orb.Collection:
			others++
		default:
			return "", false, fmt.Errorf("geometry %d: unsupported type %T", i, g)
		}
	}
	switch {
	case others > 0:
		return typeGeometry, false, nil
	case multis > 0:
		return typeMultiPolygon, true, nil
	case polys > 0:
		return typePolygon, false, nil
	}
	return typeGeometry, false, nil
}

// normalise turns orb's polygon-like helper types into real polygons and
// applies the layer's MultiPolygon promotion.
func normalise(g orb.Geometry, promote bool) orb.Geometry {
	switch v := g.(type) {
	case orb.Ring:
		g = orb.Polygon{v}
	case orb.Bound:
		g = v.ToPolygon()
	}
	if p, ok := g.(orb.Polygon); ok && promote {
		if geometryEnvelope(p).isEmpty() {
			return orb.MultiPolygon{} // MULTIPOLYGON EMPTY, not one empty part
		}
		return orb.MultiPolygon{p}
	}
	return g
}

// envelope is [minx, maxx, miny, maxy], the order of both the GeoPackage
// envelope (type 1) and the rtree_<t>_<c> columns.
type envelope struct{ minX, maxX, minY, maxY float64 }

func emptyEnvelope() envelope {
	return envelope{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
}

func (e envelope) isEmpty() bool { return e.minX > e.maxX || e.minY > e.maxY }

func (e *envelope) addPoint(p orb.Point) {
	e.minX = math.Min(e.minX, p[0])
	e.maxX = math.Max(e.maxX, p[0])
	e.minY = math.Min(e.minY, p[1])
	e.maxY = math.Max(e.maxY, p[1])
}

func (e *envelope) addEnvelope(o envelope) {
	if o.isEmpty() {
		return
	}
	e.minX = math.Min(e.minX, o.minX)
	e.maxX = math.Max(e.maxX, o.maxX)
	e.minY = math.Min(e.minY, o.minY)
	e.maxY = math.Max(e.maxY, o.maxY)
}

// geometryEnvelope walks every vertex, so empty parts (which orb's Bound
// mishandles in unions) are simply skipped.
func geometryEnvelope(g orb.Geometry) envelope {
	e := emptyEnvelope()
	var walk func(orb.Geometry)
	walk = func(g orb.Geometry) {
		switch v := g.(type) {
		case orb.Point:
			e.addPoint(v)
		case orb.MultiPoint:
			for _, p := range v {
				e.addPoint(p)
			}
		case orb.LineString:
			for _, p := range v {
				e.addPoint(p)
			}
		case orb.Ring:
			for _, p := range v {
				e.addPoint(p)
			}
		case orb.MultiLineString:
			for _, ls := range v {
				walk(ls)
			}
		case orb.Polygon:
			for _, r := range v {
				walk(r)
			}
		case orb.MultiPolygon:
			for _, p := range v {
				walk(p)
			}
		case orb.Collection:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(g)
	return e
}

// GeoPackageBinary header flags (spec "BLOB Format"): bit 0 byte order,
// bits 1-3 envelope contents indicator, bit 4 empty geometry.
const (
	flagLittleEndian = 0x01
	flagEnvelopeXY   = 1 << 1 // indicator 1: [minx, maxx, miny, maxy]
	flagEmpty        = 1 << 4
)

// gpbEncoder writes GeoPackageBinary blobs into one reused buffer; the
// returned slice is valid until the next encode.
type gpbEncoder struct {
	buf bytes.Buffer
	wkb *wkb.Encoder
}

func newGPBEncoder() *gpbEncoder {
	e := &gpbEncoder{}
	e.wkb = wkb.NewEncoder(&e.buf).SetByteOrder(binary.LittleEndian)
	return e
}

// encode returns the blob and its envelope (empty for an empty geometry,
// which carries no header envelope, per requirement 149).
func (e *gpbEncoder) encode(g orb.Geometry, srsID int32) ([]byte, envelope, error) {
	env := geometryEnvelope(g)
	e.buf.Reset()
	var hdr [8 + 32]byte
	hdr[0], hdr[1], hdr[2] = 'G', 'P', 0 // magic, version 0 (= 1)
	n := 8
	if env.isEmpty() {
		hdr[3] = flagLittleEndian | flagEmpty
	} else {
		hdr[3] = flagLittleEndian | flagEnvelopeXY
		for i, v := range [4]float64{env.minX, env.maxX, env.minY, env.maxY} {
			binary.LittleEndian.PutUint64(hdr[8+8*i:], math.Float64bits(v))
		}
		n += 32
	}
	binary.LittleEndian.PutUint32(hdr[4:8], uint32(srsID))
	e.buf.Write(hdr[:n])
	if err := e.wkb.Encode(g); err != nil {
		return nil, env, err
	}
	return e.buf.Bytes(), env, nil
}
