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

// BenchmarkLocate assigns random points in Manchester's bounding box to
// its 282 LSOAs (British National Grid) and reports points/s on one core.
func BenchmarkLocate(b *testing.B) {
	bd, err := geo.LoadGeoJSON(nil, "../../data/boundaries/manchester_lsoa11_generalised_wgs84.geojson", "area_code")
	if err != nil {
		b.Fatal(err)
	}
	codes := slices.Sorted(maps.Keys(bd.Geoms))
	geoms, _ := bd.For(codes)
	box := orb.Bound{Min: orb.Point{1e9, 1e9}, Max: orb.Point{-1e9, -1e9}}
	for i := range geoms {
		geoms[i] = crs.ProjectToBNG(geoms[i])
		box = box.Union(geoms[i].Bound())
	}
	ix, err := NewIndex(codes, geoms)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	pts := make([]orb.Point, 1<<16)
	for i := range pts {
		pts[i] = orb.Point{box.Min[0] + rng.Float64()*(box.Max[0]-box.Min[0]), box.Min[1] + rng.Float64()*(box.Max[1]-box.Min[1])}
	}
	b.ResetTimer()
	n := 0
	for b.Loop() {
		p := pts[n&(len(pts)-1)]
		ix.Locate(p[0], p[1])
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "points/s")
}
