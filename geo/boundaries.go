package geo

import (
	"github.com/manchester-insight/targeting/internal/csvio"

	"github.com/paulmach/orb"
)

// Boundaries maps area codes to polygons, as read from a file.
type Boundaries struct {
	File  string
	Geoms map[string]orb.Geometry
}

// LoadGeoJSON reads a GeoJSON FeatureCollection (plain or gzip) whose
// features carry the area code in property codeProp. Geometries must be
// polygons or multipolygons; a code may appear once.
func LoadGeoJSON(fs *csvio.Files, path, codeProp string) (*Boundaries, error) {
	fc, err := ReadGeoJSON(fs, path)
	if err != nil {
		return nil, err
	}
	b := &Boundaries{File: path, Geoms: make(map[string]orb.Geometry, len(fc.Features))}
	for i, f := range fc.Features {
		code, _ := f.Properties[codeProp].(string)
		if code == "" {
			return nil, csvio.Errorf("%s: feature %d has no %q property", path, i+1, codeProp)
		}
		switch f.Geometry.(type) {
		case orb.Polygon, orb.MultiPolygon:
		default:
			return nil, csvio.Errorf("%s: feature %d (%s): geometry is %T, want Polygon or MultiPolygon", path, i+1, code, f.Geometry)
		}
		if _, dup := b.Geoms[code]; dup {
			return nil, csvio.Errorf("%s: feature %d: area %s appears more than once", path, i+1, code)
		}
		b.Geoms[code] = f.Geometry
	}
	return b, nil
}

// For returns the geometries for codes, in order, or an error naming the
// first code with no boundary.
func (b *Boundaries) For(codes []string) ([]orb.Geometry, error) {
	out := make([]orb.Geometry, len(codes))
	for i, c := range codes {
		g, ok := b.Geoms[c]
		if !ok {
			return nil, csvio.Errorf("%s: no boundary for area %s", b.File, c)
		}
		out[i] = g
	}
	return out, nil
}
