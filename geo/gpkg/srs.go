package gpkg

import "github.com/manchester-insight/targeting/geo"

// srs is one gpkg_spatial_ref_sys row.
type srs struct {
	name, organization string
	orgID              int
	definition         string // OGC WKT (1), as the core spec requires
	description        string
}

// The three rows every GeoPackage must have (requirement 11).
var mandatorySRS = []int{-1, 0, geo.WGS84}

// srsByID holds the rows this package can write. Layers may only use the
// EPSG ones (planLayer checks); -1 and 0 exist because the spec mandates
// them.
var srsByID = map[int]srs{
	-1: {
		name: "Undefined Cartesian SRS", organization: "NONE", orgID: -1,
		definition:  "undefined",
		description: "undefined Cartesian coordinate reference system",
	},
	0: {
		name: "Undefined geographic SRS", organization: "NONE", orgID: 0,
		definition:  "undefined",
		description: "undefined geographic coordinate reference system",
	},
	geo.WGS84: {
		name: "WGS 84 geodetic", organization: "EPSG", orgID: geo.WGS84,
		definition:  geo.CRSs[geo.WGS84].WKT,
		description: "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
	},
	geo.BNG: {
		name: "OSGB36 / British National Grid", organization: "EPSG", orgID: geo.BNG,
		definition:  geo.CRSs[geo.BNG].WKT,
		description: "OSGB36 / British National Grid (EPSG:27700), eastings/northings in metres",
	},
}
