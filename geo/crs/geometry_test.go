package crs

import (
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

func TestProjectGeometryTypes(t *testing.T) {
	p := orb.Point{-2.2426, 53.4808}
	q := orb.Point{-2.2, 53.5}
	r := orb.Ring{p, q, {-2.3, 53.5}, p}
	tests := []struct {
		name string
		g    orb.Geometry
	}{
		{"Point", p},
		{"MultiPoint", orb.MultiPoint{p, q}},
		{"LineString", orb.LineString{p, q}},
		{"MultiLineString", orb.MultiLineString{{p, q}, {q, p}}},
		{"Ring", r},
		{"Polygon", orb.Polygon{r, r}},
		{"MultiPolygon", orb.MultiPolygon{{r}, {r, r}}},
		{"Collection", orb.Collection{p, orb.LineString{p, q}, orb.Polygon{r}}},
		{"nil MultiPolygon", orb.MultiPolygon(nil)},
		{"empty LineString", orb.LineString{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := append([]orb.Point(nil), flatten(tc.g)...)
			bng := ProjectToBNG(tc.g)
			if !slices.Equal(flatten(tc.g), before) {
				t.Fatalf("ProjectToBNG modified its input")
			}
			if reflect.TypeOf(bng) != reflect.TypeOf(tc.g) {
				t.Fatalf("ProjectToBNG returned %T for %T", bng, tc.g)
			}
			checkPoints(t, tc.g, bng, func(p orb.Point) orb.Point {
				e, n := ToBNG(p[0], p[1])
				return orb.Point{e, n}
			})
			back := ProjectToWGS84(bng)
			if reflect.TypeOf(back) != reflect.TypeOf(tc.g) {
				t.Fatalf("ProjectToWGS84 returned %T for %T", back, tc.g)
			}
			checkPoints(t, tc.g, back, func(p orb.Point) orb.Point { return p })
		})
	}
	if ProjectToBNG(nil) != nil || ProjectToWGS84(nil) != nil {
		t.Error("nil geometry should project to nil")
	}
}

// checkPoints walks two geometries of the same shape in step and checks
// that every point of got is want(point of in), to a tenth of a millimetre
// in grid units or its equivalent in degrees.
func checkPoints(t *testing.T, in, got orb.Geometry, want func(orb.Point) orb.Point) {
	t.Helper()
	a, b := flatten(in), flatten(got)
	if len(a) != len(b) {
		t.Fatalf("got %d points, want %d", len(b), len(a))
	}
	for i := range a {
		w := want(a[i])
		tol := 1e-4
		if math.Abs(w[0]) < 360 {
			tol = 1e-9
		}
		if math.Abs(b[i][0]-w[0]) > tol || math.Abs(b[i][1]-w[1]) > tol {
			t.Errorf("point %d = %v, want %v", i, b[i], w)
		}
	}
}

func flatten(g orb.Geometry) []orb.Point {
	switch g := g.(type) {
	case orb.Point:
		return []orb.Point{g}
	case orb.MultiPoint:
		return g
	case orb.LineString:
		return g
	case orb.Ring:
		return g
	case orb.MultiLineString:
		var out []orb.Point
		for _, ls := range g {
			out = append(out, ls...)
		}
		return out
	case orb.Polygon:
		var out []orb.Point
		for _, r := range g {
			out = append(out, r...)
		}
		return out
	case orb.MultiPolygon:
		var out []orb.Point
		for _, p := range g {
			out = append(out, flatten(p)...)
		}
		return out
	case orb.Collection:
		var out []orb.Point
		for _, c := range g {
			out = append(out, flatten(c)...)
		}
		return out
	}
	return nil
}

// TestProjectBound checks that a projected Bound is the tight box around
// the projected rectangle, by comparing with densely sampled edges. The
// tolerances are 3 mm, or its equivalent in degrees (see projectBound).
func TestProjectBound(t *testing.T) {
	tests := []struct {
		name string
		in   orb.Bound
		conv func(orb.Point) orb.Point
		proj func(orb.Geometry) orb.Geometry
		tol  float64 // how far the result may be from the sampled box
	}{
		{"Greater Manchester", orb.Bound{Min: orb.Point{-2.73, 53.33}, Max: orb.Point{-1.91, 53.69}}, toBNG.point, ProjectToBNG, 0.003},
		{"all of GB", orb.Bound{Min: orb.Point{-7.5, 49.9}, Max: orb.Point{1.8, 60.8}}, toBNG.point, ProjectToBNG, 0.003},
		{"Kent, east of 2°W", orb.Bound{Min: orb.Point{0.0, 50.9}, Max: orb.Point{1.5, 51.5}}, toBNG.point, ProjectToBNG, 0.003},
		{"grid box across E0", orb.Bound{Min: orb.Point{300000, 300000}, Max: orb.Point{500000, 500000}}, toWGS84.point, ProjectToWGS84, 3e-8},
		{"grid box of all GB", orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{700000, 1250000}}, toWGS84.point, ProjectToWGS84, 3e-8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.proj(tc.in).(orb.Bound)
			const steps = 2000
			var want orb.Bound
			for i := 0; i <= steps; i++ {
				f := float64(i) / steps
				x := tc.in.Min[0] + f*(tc.in.Max[0]-tc.in.Min[0])
				y := tc.in.Min[1] + f*(tc.in.Max[1]-tc.in.Min[1])
				for j, p := range []orb.Point{
					{x, tc.in.Min[1]}, {x, tc.in.Max[1]}, {tc.in.Min[0], y}, {tc.in.Max[0], y},
				} {
					q := tc.conv(p)
					if i == 0 && j == 0 {
						want = orb.Bound{Min: q, Max: q}
					}
					want = want.Extend(q)
				}
			}
			for k := range 2 {
				if d := math.Max(math.Abs(got.Min[k]-want.Min[k]), math.Abs(got.Max[k]-want.Max[k])); d > tc.tol {
					t.Errorf("bound = %v, sampled edges give %v (axis %d off by %g)", got, want, k, d)
				}
			}
		})
	}
}
