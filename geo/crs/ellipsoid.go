package crs

import "math"

// ellipsoid holds the constants an ellipsoid needs in Annexes B and C of
// the OS guide: the semi-axes a and b and the derived e² = (a²-b²)/a².
type ellipsoid struct {
	a, b float64 // semi-major and semi-minor axes, metres
	e2   float64 // eccentricity squared
}

func newEllipsoid(a, b float64) ellipsoid {
	return ellipsoid{a: a, b: b, e2: (a*a - b*b) / (a * a)}
}

// The two ellipsoids of Table A1 of the OS guide (Annex A). WGS84's b is
// derived from its defining flattening 1/298.257223563 rather than the
// guide's rounded 6356752.3142 so that results track PROJ, which works from
// a and 1/f; the difference is a tenth of a millimetre.
var (
	airy1830 = newEllipsoid(6377563.396, 6356256.909)
	wgs84    = newEllipsoid(6378137.0, 6378137.0*(1-1/298.257223563))
)

// cartesian is an Earth-centred, Earth-fixed position in metres.
type cartesian struct{ x, y, z float64 }

// toCartesian converts geodetic latitude and longitude (radians) at height
// h above the ellipsoid to Cartesian coordinates: OS guide Annex B,
// section B1.
func (el ellipsoid) toCartesian(lat, lon, h float64) cartesian {
	sinLat, cosLat := math.Sincos(lat)
	sinLon, cosLon := math.Sincos(lon)
	nu := el.a / math.Sqrt(1-el.e2*sinLat*sinLat)
	return cartesian{
		x: (nu + h) * cosLat * cosLon,
		y: (nu + h) * cosLat * sinLon,
		z: ((1-el.e2)*nu + h) * sinLat,
	}
}

// fromCartesian converts Cartesian coordinates to geodetic latitude and
// longitude (radians) and ellipsoid height (metres): OS guide Annex B,
// section B2. Latitude is found by the guide's fixed-point
// iteration, which converges to 1e-12 rad (a few micrometres) in three or
// four steps anywhere near Britain.
func (el ellipsoid) fromCartesian(c cartesian) (lat, lon, h float64) {
	lon = math.Atan2(c.y, c.x)
	p := math.Hypot(c.x, c.y)
	lat = math.Atan2(c.z, p*(1-el.e2))
	var nu float64
	for range 10 {
		sinLat := math.Sin(lat)
		nu = el.a / math.Sqrt(1-el.e2*sinLat*sinLat)
		next := math.Atan2(c.z+el.e2*nu*sinLat, p)
		done := math.Abs(next-lat) < 1e-12
		lat = next
		if done {
			break
		}
	}
	sinLat := math.Sin(lat)
	nu = el.a / math.Sqrt(1-el.e2*sinLat*sinLat)
	h = p/math.Cos(lat) - nu
	return lat, lon, h
}
