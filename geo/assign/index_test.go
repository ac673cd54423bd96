package assign

import (
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/crs"
)

func square(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

// grid is four unit squares meeting at (1, 1), a sloped pair sharing a
// diagonal edge, and a square with a hole filled by another area.
//
//	C D      (0..2, 0..2)      F = [5,8]^2 minus [6,7]^2, G = [6,7]^2
//	A B      E1/E2: triangles of [3,4]x[0,1] split by the diagonal
func grid(t *testing.T) *Index {
	t.Helper()
	codes := []string{"A", "B", "C", "D", "E1", "E2", "F", "G"}
	holed := orb.Polygon{square(5, 5, 8, 8)[0], orb.Ring{{6, 6}, {6, 7}, {7, 7}, {7, 6}, {6, 6}}}
	geoms := []orb.Geometry{
		square(0, 0, 1, 1), square(1, 0, 2, 1), square(0, 1, 1, 2), square(1, 1, 2, 2),
		orb.Polygon{{{3, 0}, {4, 0}, {4, 1}, {3, 0}}}, // below the diagonal
		orb.Polygon{{{3, 0}, {4, 1}, {3, 1}, {3, 0}}}, // above it (walked the other way)
		orb.MultiPolygon{holed}, square(6, 6, 7, 7),
	}
	ix, err := NewIndex(codes, geoms)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestBoundaryRule(t *testing.T) {
	ix := grid(t)
	for _, tc := range []struct {
		name string
		x, y float64
		want string
	}{
		{"interior", 0.5, 0.5, "A"},
		{"shared vertical edge goes east", 1, 0.5, "B"},
		{"shared horizontal edge goes north", 0.5, 1, "C"},
		{"vertex of four areas goes north-east", 1, 1, "D"},
		{"vertex on the bottom edge goes east", 1, 0, "B"},
		{"west outer edge is inside", 0, 0.5, "A"},
		{"south-west corner is inside", 0, 0, "A"},
		{"east outer edge is outside", 2, 0.5, ""},
		{"north outer edge is outside", 0.5, 2, ""},
		{"far away", 50, 50, ""},
		{"between the areas", 2.5, 0.5, ""},
		{"diagonal shared edge", 3.5, 0.5, "E1"},
		{"diagonal edge, other point", 3.25, 0.25, "E1"},
		{"hole interior belongs to the island", 6.5, 6.5, "G"},
		{"hole edge west side goes east into the island", 6, 6.5, "G"},
		{"hole edge east side goes east into the ring", 7, 6.5, "F"},
		{"ring interior", 5.5, 5.5, "F"},
	} {
		got := ""
		if a := ix.Locate(tc.x, tc.y); a != Outside {
			got = ix.Codes()[a]
		}
		if got != tc.want {
			t.Errorf("%s: (%g, %g) went to %q, want %q", tc.name, tc.x, tc.y, got, tc.want)
		}
		if all := ix.LocateAll(tc.x, tc.y); len(all) > 1 {
			t.Errorf("%s: (%g, %g) is in %d areas %v", tc.name, tc.x, tc.y, len(all), all)
		}
	}
}

// Every vertex and every edge midpoint of Manchester's 282 LSOA boundaries
// goes to at most one area, in both lon/lat and British National Grid; and
// random interior points go to the area they were drawn in.
func TestManchesterBoundariesOneAreaEach(t *testing.T) {
	b, err := geo.LoadGeoJSON(nil, "../../data/boundaries/manchester_lsoa11_generalised_wgs84.geojson", "area_code")
	if err != nil {
		t.Fatal(err)
	}
	codes := slices.Sorted(maps.Keys(b.Geoms))
	geoms, _ := b.For(codes)
	bng := make([]orb.Geometry, len(geoms))
	for i, g := range geoms {
		bng[i] = crs.ProjectToBNG(g)
	}
	for _, tc := range []struct {
		name  string
		geoms []orb.Geometry
	}{{"wgs84", geoms}, {"bng", bng}} {
		ix, err := NewIndex(codes, tc.geoms)
		if err != nil {
			t.Fatal(err)
		}
		var points, inside, multi int
		for _, g := range tc.geoms {
			for _, p := range g.(orb.MultiPolygon) {
				for _, r := range p {
					for k := 0; k+1 < len(r); k++ {
						for _, q := range []orb.Point{r[k], {(r[k][0] + r[k+1][0]) / 2, (r[k][1] + r[k+1][1]) / 2}} {
							points++
							all := ix.LocateAll(q[0], q[1])
							if len(all) > 1 {
								multi++
							}
							if len(all) > 0 {
								inside++
								if got := ix.Locate(q[0], q[1]); got != all[0] {
									t.Fatalf("%s: Locate %d, LocateAll %v", tc.name, got, all)
								}
							}
						}
					}
				}
			}
		}
		if multi > 0 {
			t.Errorf("%s: %d of %d boundary points are in more than one area", tc.name, multi, points)
		}
		if inside < points/2 {
			t.Errorf("%s: only %d of %d boundary points are in an area; shared edges should go to one side", tc.name, inside, points)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		for a, g := range tc.geoms {
			bd := g.Bound()
			for k := 0; k < 20; k++ {
				x := bd.Min[0] + rng.Float64()*(bd.Max[0]-bd.Min[0])
				y := bd.Min[1] + rng.Float64()*(bd.Max[1]-bd.Min[1])
				in := false
				for _, p := range g.(orb.MultiPolygon) {
					pp := part{rings: ringsOf(p)}
					in = in || pp.contains(x, y)
				}
				if in && ix.Locate(x, y) != a {
					t.Errorf("%s: point %v drawn in %s went to %d", tc.name, orb.Point{x, y}, codes[a], ix.Locate(x, y))
				}
			}
		}
	}
}

func TestCodesAndKeys(t *testing.T) {
	c := NewCodes([]string{"E01005061", "E01005062"})
	for in, want := range map[string]int{"E01005062": 1, " e01005061 ": 0, "E0100506": Unknown, "": Unknown} {
		if got := c.Lookup(in); got != want {
			t.Errorf("Codes.Lookup(%q) = %d, want %d", in, got, want)
		}
	}
	k := NewKeys([]string{"M13 9PL"}, []int{1})
	for in, want := range map[string]int{"M13 9PL": 1, "m139pl": 1, " M13  9PL": 1, "M13 9PM": Unknown} {
		if got := k.Lookup(in); got != want {
			t.Errorf("Keys.Lookup(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestRTreeMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var boxes []box
	for range 1000 {
		x, y := rng.Float64()*100, rng.Float64()*100
		boxes = append(boxes, box{x, y, x + rng.Float64()*5, y + rng.Float64()*5})
	}
	tr := newRTree(boxes)
	for range 2000 {
		x, y := rng.Float64()*105, rng.Float64()*105
		got := map[int32]bool{}
		for _, id := range tr.search(x, y, nil) {
			got[id] = true
		}
		for i, b := range boxes {
			if b.contains(x, y) != got[int32(i)] {
				t.Fatalf("box %d at (%g, %g): tree %v, brute force %v", i, x, y, got[int32(i)], b.contains(x, y))
			}
		}
	}
}
