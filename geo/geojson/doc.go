// Package geojson writes a geo.Layer as an RFC 7946 GeoJSON
// FeatureCollection, the format web maps (Leaflet, MapLibre, GitHub's
// preview) and most GIS tools open without configuration.
//
// RFC 7946 fixes what a writer may choose, and this package follows it:
// coordinates are always WGS84 longitude/latitude (layers on the British
// National Grid are reprojected with geo/crs), there is no "crs" member,
// polygon rings follow the right-hand rule (exterior rings
// counter-clockwise, holes clockwise), and coordinates are rounded to six
// decimal places (about 0.1 m, RFC 7946 section 11.2), which keeps files
// small without visible loss. The layer's name, title and metadata are
// not written: top-level foreign members are not part of the format and
// many readers drop them anyway.
//
// Output is streamed feature by feature through a buffered writer, so a
// national layer never sits in memory as one string.
package geojson
