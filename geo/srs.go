package geo

// CRS names a coordinate reference system the project writes, with its OGC
// WKT (version 1), which the layer formats that carry a definition store
// (GeoPackage's gpkg_spatial_ref_sys, FlatGeobuf's header). One definition
// here keeps every format agreeing.
type CRS struct {
	Name, WKT string
}

// CRSs are the SRIDs the project writes.
var CRSs = map[int]CRS{
	BNG: {
		Name: "OSGB36 / British National Grid",
		WKT: `PROJCS["OSGB36 / British National Grid",` +
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
	WGS84: {
		Name: "WGS 84",
		WKT: `GEOGCS["WGS 84",` +
			`DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],` +
			`PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],` +
			`UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],` +
			`AXIS["Latitude",NORTH],AXIS["Longitude",EAST],` +
			`AUTHORITY["EPSG","4326"]]`,
	},
}
