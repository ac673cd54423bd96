package geoparquet

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo"
)

// Version is the GeoParquet specification version the files declare.
const Version = "1.1.0"

// Column names. The bbox struct's field names are fixed by the covering
// section of the specification.
const (
	GeometryColumn = "geometry"
	BBoxColumn     = "bbox"
)

// epsg27700 is the PROJJSON of EPSG:27700 (OSGB36 / British National Grid)
// as PROJ's projinfo prints it from the EPSG database. GeoParquet wants
// PROJJSON rather than an "EPSG:27700" string so that a reader needs no
// CRS database of its own.
//
//go:embed epsg27700.projjson.json
var epsg27700 []byte

// geoMetadata is the value of the "geo" file key-value metadata.
type geoMetadata struct {
	Version       string                    `json:"version"`
	PrimaryColumn string                    `json:"primary_column"`
	Columns       map[string]columnMetadata `json:"columns"`
}

// columnMetadata describes one geometry column. A missing crs means
// OGC:CRS84 (longitude/latitude on WGS84), which is how EPSG:4326 layers
// are written: EPSG:4326 itself has latitude first, which is not what the
// WKB holds.
type columnMetadata struct {
	Encoding      string          `json:"encoding"`
	GeometryTypes []string        `json:"geometry_types"`
	CRS           json.RawMessage `json:"crs,omitempty"`
	BBox          []float64       `json:"bbox,omitempty"`
	Covering      *covering       `json:"covering,omitempty"`
}

type covering struct {
	BBox bboxCovering `json:"bbox"`
}

// bboxCovering names, for each bound, the [column, field] path holding it.
type bboxCovering struct {
	XMin []string `json:"xmin"`
	YMin []string `json:"ymin"`
	XMax []string `json:"xmax"`
	YMax []string `json:"ymax"`
}

// crsFor returns the PROJJSON to store for srid, or nil for the default
// (OGC:CRS84).
func crsFor(srid int) (json.RawMessage, error) {
	switch srid {
	case geo.BNG:
		return json.RawMessage(epsg27700), nil // json.Marshal compacts it
	case geo.WGS84:
		return nil, nil
	}
	return nil, fmt.Errorf("geoparquet: unsupported SRID %d (want %d or %d)", srid, geo.BNG, geo.WGS84)
}

// wkbTypeNames maps WKB geometry type codes (ISO, 2D) to the GeoParquet
// geometry_types names, in code order, which is the order they are listed.
var wkbTypeNames = []string{1: "Point", 2: "LineString", 3: "Polygon",
	4: "MultiPoint", 5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection"}

// buildGeoMetadata returns the "geo" JSON for a layer whose geometries
// have the given WKB type codes and overall extent; an empty layer
// (empty true) gets no bbox.
func buildGeoMetadata(srid int, present [8]bool, extent orb.Bound, empty bool) ([]byte, error) {
	crs, err := crsFor(srid)
	if err != nil {
		return nil, err
	}
	types := []string{}
	for code, ok := range present {
		if ok {
			types = append(types, wkbTypeNames[code])
		}
	}
	col := columnMetadata{
		Encoding:      "WKB",
		GeometryTypes: types,
		CRS:           crs,
		Covering: &covering{BBox: bboxCovering{
			XMin: []string{BBoxColumn, "xmin"},
			YMin: []string{BBoxColumn, "ymin"},
			XMax: []string{BBoxColumn, "xmax"},
			YMax: []string{BBoxColumn, "ymax"},
		}},
	}
	if !empty {
		col.BBox = []float64{extent.Min[0], extent.Min[1], extent.Max[0], extent.Max[1]}
	}
	return json.Marshal(geoMetadata{
		Version:       Version,
		PrimaryColumn: GeometryColumn,
		Columns:       map[string]columnMetadata{GeometryColumn: col},
	})
}
