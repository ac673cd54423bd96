package fgb

import "github.com/manchester-insight/targeting/geo"

// crsInfo is the human name and OGC WKT (1) written beside the EPSG code.
// GDAL and QGIS resolve the code from their own database; the WKT is for
// readers that have none (browser libraries, proj4js-style lookups).
type crsInfo struct {
	name, wkt string
}

// knownCRS covers the SRIDs the project writes; other codes are written as
// org+code alone.
var knownCRS = map[int]crsInfo{
	geo.BNG: {
		name: "OSGB36 / British National Grid",
		wkt: `PROJCS["OSGB36 / British National Grid",` +
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
	},
	geo.WGS84: {
		name: "WGS 84",
		wkt: `GEOGCS["WGS 84",` +
			`DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],` +
			`PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],` +
			`UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],` +
			`AXIS["Latitude",NORTH],AXIS["Longitude",EAST],` +
			`AUTHORITY["EPSG","4326"]]`,
	},
}
