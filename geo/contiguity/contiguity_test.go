package contiguity

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/manchester-insight/targeting/engine/spatial"
)

const refDir = "../../testdata/spatial_reference"

// readLayer returns the geometries of a GeoJSON file and the value of one
// property per feature, formatted as GAL ids.
func readLayer(t testing.TB, file, idProp string) ([]orb.Geometry, []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(refDir, file))
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	geoms := make([]orb.Geometry, len(fc.Features))
	ids := make([]string, len(fc.Features))
	for i, f := range fc.Features {
		geoms[i] = f.Geometry
		switch v := f.Properties[idProp].(type) {
		case float64:
			ids[i] = fmt.Sprint(int64(v))
		case string:
			ids[i] = v
		default:
			ids[i] = fmt.Sprint(i + 1)
		}
	}
	return geoms, ids
}

// readGAL returns a GAL file's neighbour lists re-indexed to the order of
// the given ids.
func readGAL(t testing.TB, file string, ids []string) [][]int {
	t.Helper()
	f, err := os.Open(filepath.Join(refDir, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, galIDs, err := spatial.ReadGAL(f)
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]int{}
	for i, id := range ids {
		pos[id] = i
	}
	out := make([][]int, len(ids))
	for r, nb := range w.Neighbours {
		i, ok := pos[galIDs[r]]
		if !ok {
			t.Fatalf("%s: id %s not in the layer", file, galIDs[r])
		}
		for _, j := range nb {
			out[i] = append(out[i], pos[galIDs[j]])
		}
		slices.Sort(out[i])
	}
	return out
}

func links(nb [][]int) int {
	k := 0
	for _, r := range nb {
		k += len(r)
	}
	return k
}

func sameLists(t *testing.T, what string, got, want [][]int, ids []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d lists, want %d", what, len(got), len(want))
	}
	bad := 0
	for i := range want {
		if !slices.Equal(got[i], want[i]) && (len(got[i]) > 0 || len(want[i]) > 0) {
			if bad++; bad <= 5 {
				t.Errorf("%s: id %s: got %v, want %v", what, ids[i], got[i], want[i])
			}
		}
	}
	if bad > 5 {
		t.Errorf("%s: %d lists differ", what, bad)
	}
}

// TestColumbusQueen: queen contiguity of columbus.geojson must reproduce
// the shipped columbus_queen.gal (libpysal; = spdep poly2nb) exactly, with
// exact vertex matching and with a small tolerance.
func TestColumbusQueen(t *testing.T) {
	geoms, ids := readLayer(t, "columbus/columbus.geojson", "POLYID")
	want := readGAL(t, "columbus/columbus_queen.gal", ids)
	for _, tol := range []float64{0, 1e-7} {
		got := Queen(geoms, tol)
		sameLists(t, fmt.Sprintf("columbus queen tol=%g", tol), got, want, ids)
		if links(got) != 236 {
			t.Errorf("tol=%g: %d links, want 236", tol, links(got))
		}
	}
	// Rook on Columbus has 200 links (README of the reference data).
	if k := links(Rook(geoms, 0)); k != 200 {
		t.Errorf("columbus rook: %d links, want 200", k)
	}
}

// TestRookReference: stl.gal and sids2.gal (libpysal) are rook contiguity
// of their polygons, as the reference README establishes with spdep
// poly2nb; queen would have 406 and 490 links.
func TestRookReference(t *testing.T) {
	for _, c := range []struct {
		geojson, idProp, gal string
		rook, queen          int
	}{
		{"stl/stl_hom.geojson", "", "stl/stl.gal", 398, 406},
		{"stl/stl_hom.geojson", "", "stl/stl_hom_rook.gal", 398, 406},
		{"sids2/sids2.geojson", "FIPSNO", "sids2/sids2.gal", 462, 490},
	} {
		geoms, ids := readLayer(t, c.geojson, c.idProp)
		want := readGAL(t, c.gal, ids)
		got := Rook(geoms, 0)
		sameLists(t, c.gal+" rook", got, want, ids)
		if links(got) != c.rook {
			t.Errorf("%s: rook %d links, want %d", c.gal, links(got), c.rook)
		}
		if q := links(Queen(geoms, 0)); q != c.queen {
			t.Errorf("%s: queen %d links, want %d", c.geojson, q, c.queen)
		}
	}
}

func square(x, y, s float64) orb.Polygon {
	return orb.Polygon{{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}}
}

// grid returns r x c unit squares in row-major order.
func grid(r, c int) []orb.Geometry {
	var g []orb.Geometry
	for i := range r {
		for j := range c {
			g = append(g, square(float64(j), float64(i), 1))
		}
	}
	return g
}

func TestGrid3x3(t *testing.T) {
	g := grid(3, 3)
	q, r := Queen(g, 0), Rook(g, 0)
	if !slices.Equal(r[0], []int{1, 3}) || !slices.Equal(q[0], []int{1, 3, 4}) {
		t.Errorf("corner: rook %v queen %v", r[0], q[0])
	}
	if len(r[4]) != 4 || len(q[4]) != 8 || len(r[1]) != 3 || len(q[1]) != 5 {
		t.Errorf("centre rook %v queen %v; edge rook %v queen %v", r[4], q[4], r[1], q[1])
	}
	if links(r) != 24 || links(q) != 40 {
		t.Errorf("links rook %d queen %d, want 24 and 40", links(r), links(q))
	}
}

// TestTolerance: a grid whose shared vertices disagree by up to 0.3
// (e.g. metres after reprojection) is separate at tol 0 and the plain
// grid at tol 0.5.
func TestTolerance(t *testing.T) {
	g := grid(3, 3)
	noisy := make([]orb.Geometry, len(g))
	for k, geom := range g {
		p := geom.(orb.Polygon).Clone()
		for i := range p[0] {
			p[0][i][0] = p[0][i][0]*100 + float64((k*7+i*3)%7)/20
			p[0][i][1] = p[0][i][1]*100 - float64((k*5+i)%7)/20
		}
		p[0][len(p[0])-1] = p[0][0]
		noisy[k] = p
	}
	if links(Queen(noisy, 0)) >= 40 {
		t.Error("tol 0 should not join perturbed vertices")
	}
	if q, r := Queen(noisy, 0.5), Rook(noisy, 0.5); links(q) != 40 || links(r) != 24 {
		t.Errorf("tol 0.5: queen %d rook %d links, want 40 and 24", links(q), links(r))
	}
}

// TestOverlap: boundaries that run along each other without shared
// vertices (a T-junction and a fully non-noded edge) are rook neighbours;
// areas touching at one corner are queen only.
func TestOverlap(t *testing.T) {
	// A is 0..10 x 0..10. B sits on A's top edge from x=2 to 6 without any
	// vertex of A; C sits on A's right edge, sharing its corner (10,0) and
	// with a vertex (10,4) inside A's edge. D touches A only at (0,0).
	a := orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}}
	b := orb.Polygon{{{2, 10}, {6, 10}, {6, 14}, {2, 14}, {2, 10}}}
	c := orb.Polygon{{{10, 0}, {14, 0}, {14, 4}, {10, 4}, {10, 0}}}
	d := orb.Polygon{{{-5, -5}, {0, -5}, {0, 0}, {-5, 0}, {-5, -5}}}
	g := []orb.Geometry{a, b, c, d}
	r, q := Rook(g, 0), Queen(g, 0)
	if !slices.Equal(r[0], []int{1, 2}) || len(r[3]) != 0 {
		t.Errorf("rook: %v", r)
	}
	if !slices.Equal(q[0], []int{1, 2, 3}) {
		t.Errorf("queen: %v", q)
	}
	// A slanted boundary with a T-junction needs a tolerance.
	e := orb.Polygon{{{0, 0}, {3, 1}, {3, 5}, {0, 5}, {0, 0}}}
	f := orb.Polygon{{{0, 0}, {1.5, 0.5000000001}, {3, 1}, {3, -2}, {0, 0}}}
	if got := Rook([]orb.Geometry{e, f}, 1e-6); !slices.Equal(got[0], []int{1}) {
		t.Errorf("slanted T-junction: %v", got)
	}
}

// TestMultiPolygonAndHoles: an enclave neighbours the area around it; a
// multipolygon counts as one area through any of its parts.
func TestMultiPolygonAndHoles(t *testing.T) {
	outer := orb.Polygon{
		{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}},
		{{4, 4}, {4, 6}, {6, 6}, {6, 4}, {4, 4}},
	}
	enclave := square(4, 4, 2)
	island := orb.MultiPolygon{square(20, 20, 1), square(10, 2, 2)} // second part touches outer
	far := square(50, 50, 1)
	got := Rook([]orb.Geometry{outer, enclave, island, far, nil, orb.Point{1, 1}}, 0)
	if !slices.Equal(got[0], []int{1, 2}) || !slices.Equal(got[1], []int{0}) || !slices.Equal(got[2], []int{0}) || len(got[3]) != 0 || len(got[4]) != 0 {
		t.Errorf("%v", got)
	}
}
