package nightly

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// checkGeometry finds the first problem with a WGS84 polygon or
// multipolygon that geo.LoadGeoJSON lets through: a ring that is not closed,
// has fewer than 4 points, zero area, or a coordinate that is not a finite
// longitude/latitude. Such shapes project and write without error but draw
// wrongly or break GIS tools, so a nightly run refuses them. It does not
// look for self-intersections.
func checkGeometry(g orb.Geometry) error {
	switch t := g.(type) {
	case orb.Polygon:
		return checkPolygon(t, "")
	case orb.MultiPolygon:
		if len(t) == 0 {
			return fmt.Errorf("multipolygon has no parts")
		}
		for i, p := range t {
			if err := checkPolygon(p, fmt.Sprintf("part %d: ", i+1)); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("geometry is %T, want Polygon or MultiPolygon", g)
}

func checkPolygon(p orb.Polygon, where string) error {
	if len(p) == 0 {
		return fmt.Errorf("%spolygon has no rings", where)
	}
	for i, ring := range p {
		name := where + "outer ring"
		if i > 0 {
			name = fmt.Sprintf("%shole %d", where, i)
		}
		if len(ring) < 4 {
			return fmt.Errorf("%s has %d points; a ring needs at least 4 (3 corners and the closing point)", name, len(ring))
		}
		for j, pt := range ring {
			x, y := pt[0], pt[1]
			if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
				return fmt.Errorf("%s: point %d is not a finite number", name, j+1)
			}
			if x < -180 || x > 180 || y < -90 || y > 90 {
				return fmt.Errorf("%s: point %d (%g, %g) is not a longitude/latitude (boundaries must be WGS84)", name, j+1, x, y)
			}
		}
		if first, last := ring[0], ring[len(ring)-1]; first != last {
			return fmt.Errorf("%s is not closed: first point (%g, %g), last point (%g, %g)", name, first[0], first[1], last[0], last[1])
		}
		if ringArea(ring) == 0 {
			return fmt.Errorf("%s has zero area (its points lie on a line)", name)
		}
	}
	return nil
}

// ringArea is twice the signed area of a ring (shoelace formula).
func ringArea(r orb.Ring) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a
}
