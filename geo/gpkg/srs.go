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
		definition: `GEOGCS["WGS 84",` +
			`DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],` +
			`PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],` +
			`UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],` +
			`AXIS["Latitude",NORTH],AXIS["Longitude",EAST],` +
			`AUTHORITY["EPSG","4326"]]`,
		description: "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
	},
	geo.BNG: {
		name: "OSGB36 / British National Grid", organization: "EPSG", orgID: geo.BNG,
		definition: `PROJCS["OSGB36 / British National Grid",` +
			`GEOGCS["OSGB36",` +
			`DATUM["Ordnance_Survey_of_Great_Britain_1936",SPHEROID["Airy 1830",6377563.396,299.3249646,AUTHORITY["EPSG","7001"]],AUTHORITY["EPSG","6277"]],` +
			`PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],` +
			`UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],` +
			`AUTHORITY["EPSG","4277"]],` +
			`PROJECTION["Transverse_Mercator"],` +
			`PARAMETER["latitude_of_origin",49],` +
			`PARAMETER["central_meridian",-2],` +
			`PARAMETER["scale_factor",0.9996012717],` +
			`PARAMETER["false_easting",400000],` +
			`PARAMETER["false_northing",-100000],` +
			`UNIT["metre",1,AUTHORITY["EPSG","9001"]],` +
			`AXIS["Easting",EAST],AXIS["Northing",NORTH],` +
			`AUTHORITY["EPSG","27700"]]`,
		description: "OSGB36 / British National Grid (EPSG:27700), eastings/northings in metres",
	},
}
