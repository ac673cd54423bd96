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
	geo.BNG:   {name: geo.CRSs[geo.BNG].Name, wkt: geo.CRSs[geo.BNG].WKT},
	geo.WGS84: {name: geo.CRSs[geo.WGS84].Name, wkt: geo.CRSs[geo.WGS84].WKT},
}
