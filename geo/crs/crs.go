package crs

import "math"

const (
	degToRad = math.Pi / 180
	radToDeg = 180 / math.Pi
)

// ToBNG converts a WGS84 longitude and latitude in degrees (EPSG:4326, in
// x/y order as orb and GeoJSON hold them) to a British National Grid
// easting and northing in metres (EPSG:27700).
//
// The point is taken to lie on the WGS84 ellipsoid, moved to OSGB36 by the
// OS Helmert transformation (guide section 6.6, via Annex B Cartesian
// coordinates) and projected with the National Grid transverse Mercator
// (Annex C1). See the package documentation for the 2-5 m absolute
// accuracy this gives.
func ToBNG(lon, lat float64) (e, n float64) {
	c := wgs84.toCartesian(lat*degToRad, lon*degToRad, 0)
	c = wgs84ToOSGB36.forward(c)
	la, lo, _ := airy1830.fromCartesian(c)
	return nationalGrid.forward(la, lo)
}

// ToWGS84 converts a British National Grid easting and northing in metres
// (EPSG:27700) to a WGS84 longitude and latitude in degrees (EPSG:4326, x/y
// order), retracing ToBNG with the exact inverse of each step so that
// ToWGS84(ToBNG(lon, lat)) returns the input to well under a millimetre.
func ToWGS84(e, n float64) (lon, lat float64) {
	la, lo := nationalGrid.inverse(e, n)
	c := wgs84ToOSGB36.reverse(airy1830.toCartesian(la, lo, 0))
	_, _, h := wgs84.fromCartesian(c)
	// ToBNG starts from height 0 on WGS84, which is about 50 m from height
	// 0 on Airy. The two ellipsoids' normals differ by a few arc seconds,
	// so dropping that height moves the result by up to a millimetre; one
	// correction along the Airy normal puts the point back on WGS84.
	c = wgs84ToOSGB36.reverse(airy1830.toCartesian(la, lo, -h))
	la, lo, _ = wgs84.fromCartesian(c)
	return lo * radToDeg, la * radToDeg
}
