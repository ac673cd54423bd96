package crs

import "math"

// helmert is a 7-parameter (position vector) similarity transformation in
// the form of OS guide section 6.2, equation (3):
//
//	X' = T + M·X,  M = | 1+s  -rz   ry |
//	                   |  rz  1+s  -rx |
//	                   | -ry   rx  1+s |
//
// with s the scale change (unitless) and rx, ry, rz small rotations in
// radians. inv holds the exact inverse of M, so that reverse() undoes
// forward() to rounding error. The guide's own reverse (negate all seven
// parameters) is only a first-order inverse: over Britain it misses by up
// to 12 mm in 3D, 4 mm of it horizontal, which would show up in every
// round trip.
type helmert struct {
	t   cartesian
	m   [3][3]float64
	inv [3][3]float64
}

// newHelmert builds the transformation from parameters in the units the
// OS guide tabulates: metres, parts per million and arc seconds.
func newHelmert(tx, ty, tz, sPPM, rxSec, rySec, rzSec float64) helmert {
	const secToRad = math.Pi / (180 * 3600)
	s := 1 + sPPM*1e-6
	rx, ry, rz := rxSec*secToRad, rySec*secToRad, rzSec*secToRad
	h := helmert{
		t: cartesian{tx, ty, tz},
		m: [3][3]float64{
			{s, -rz, ry},
			{rz, s, -rx},
			{-ry, rx, s},
		},
	}
	h.inv = invert3(h.m)
	return h
}

// wgs84ToOSGB36 is the transformation of OS guide section 6.6,
// "Approximate WGS84 to OSGB36/ODN transformation" (ETRS89/WGS84 to
// OSGB36). It is the same transformation as EPSG:1314 ("OSGB36 to WGS 84
// (6)", which EPSG rounds to fewer digits and states in the reverse
// direction), the one PROJ falls back to for EPSG:4326 <-> EPSG:27700 when
// the OSTN15 grid is absent.
var wgs84ToOSGB36 = newHelmert(-446.448, 125.157, -542.060, 20.4894, -0.1502, -0.2470, -0.8421)

// forward applies X' = T + M·X.
func (h *helmert) forward(c cartesian) cartesian {
	m := &h.m
	return cartesian{
		x: h.t.x + m[0][0]*c.x + m[0][1]*c.y + m[0][2]*c.z,
		y: h.t.y + m[1][0]*c.x + m[1][1]*c.y + m[1][2]*c.z,
		z: h.t.z + m[2][0]*c.x + m[2][1]*c.y + m[2][2]*c.z,
	}
}

// reverse applies X = M⁻¹·(X' - T), the exact inverse of forward.
func (h *helmert) reverse(c cartesian) cartesian {
	x, y, z := c.x-h.t.x, c.y-h.t.y, c.z-h.t.z
	m := &h.inv
	return cartesian{
		x: m[0][0]*x + m[0][1]*y + m[0][2]*z,
		y: m[1][0]*x + m[1][1]*y + m[1][2]*z,
		z: m[2][0]*x + m[2][1]*y + m[2][2]*z,
	}
}

// invert3 returns the inverse of a 3x3 matrix by cofactors. It is only
// called on Helmert matrices, which are within a few ppm of the identity
// and so never singular.
func invert3(m [3][3]float64) [3][3]float64 {
	var c [3][3]float64 // cofactors, transposed (the adjugate)
	for i := range 3 {
		for j := range 3 {
			r0, r1 := (i+1)%3, (i+2)%3
			c0, c1 := (j+1)%3, (j+2)%3
			c[j][i] = m[r0][c0]*m[r1][c1] - m[r0][c1]*m[r1][c0]
		}
	}
	det := m[0][0]*c[0][0] + m[0][1]*c[1][0] + m[0][2]*c[2][0]
	for i := range 3 {
		for j := range 3 {
			c[i][j] /= det
		}
	}
	return c
}
