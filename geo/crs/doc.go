// Package crs converts between WGS84 longitude/latitude (EPSG:4326) and
// British National Grid easting/northing (EPSG:27700, OSGB36 / British
// National Grid) without cgo or PROJ, so that any binary of the project can
// put GPS-style coordinates on the same grid as Ordnance Survey and ONS
// boundary data.
//
// It implements the formulae published by Ordnance Survey in "A Guide to
// Coordinate Systems in Great Britain" (OS, v3.x, e.g. v3.6, 2020):
//
//   - Annex A (Tables A1, A2): ellipsoid and projection constants.
//   - Annex B (B1, B2): latitude/longitude/height to and from 3D Cartesian
//     (ECEF) coordinates; the reverse iterates on latitude.
//   - Section 6.2 "Helmert datum transformations", equation (3), with the
//     parameters of section 6.6 "Approximate WGS84 to OSGB36/ODN
//     transformation"; the reverse direction uses the exact matrix inverse
//     rather than the guide's negated parameters, so that a round trip is
//     lossless.
//   - Annex C (C1, C2): the OS National Grid transverse Mercator projection
//     on the Airy 1830 ellipsoid, forward and inverse; the inverse iterates
//     on latitude as C2 describes.
//
// # Accuracy
//
// The datum change is the single 7-parameter Helmert transformation, not
// OSTN15. OS quotes its error as up to 3.5 m (95%) horizontally: in practice
// about 2-5 m absolute against true National Grid coordinates, varying
// smoothly across the country. That is the same Helmert-only
// transformation PROJ uses for EPSG:4326 <-> EPSG:27700 when the OSTN15
// grid file is not installed (what GDAL/ogr2ogr and cs2cs do by default on
// a stock Debian install), and the tests check agreement with PROJ to the
// centimetre. It is ample for statistical boundaries, postcode centroids and
// map display; it is not a survey-grade transformation. Relative accuracy
// (distances and areas within a region) is far better than the absolute
// figure because the error is a smooth shift.
//
// Heights are not carried: points are taken to lie on the WGS84 ellipsoid
// (height 0) in both directions, which makes ToWGS84 the exact inverse of
// ToBNG. (PROJ's 2D reverse pipeline instead puts the point at height 0
// on Airy; the two differ by at most a millimetre.)
package crs
