package analysis

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/manchester-insight/targeting/engine/spatial"
)

const refDir = "../../testdata/spatial_reference"

// columbus reads the 49 Columbus neighbourhoods (polygons and CRIME) in
// POLYID order, as shipped (see testdata/spatial_reference/README.md).
func columbus(t *testing.T) ([]orb.Geometry, []float64) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(refDir, "columbus", "columbus.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	geoms := make([]orb.Geometry, len(fc.Features))
	crime := make([]float64, len(fc.Features))
	for i, f := range fc.Features {
		if id := f.Properties.MustFloat64("POLYID"); int(id) != i+1 {
			t.Fatalf("feature %d has POLYID %g", i, id)
		}
		geoms[i], crime[i] = f.Geometry, f.Properties.MustFloat64("CRIME")
	}
	return geoms, crime
}

func readGAL(t *testing.T) spatial.Weights {
	t.Helper()
	f, err := os.Open(filepath.Join(refDir, "columbus", "columbus_queen.gal"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, _, err := spatial.ReadGAL(f)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TestColumbusThroughThePipeline: contiguity built from columbus.geojson by
// the clusters pipeline gives the published Moran's I of CRIME with
// row-standardised queen weights (spdep moran.test / esda Moran:
// 0.5001885571828611, E[I] = -0.020833333, Var = 0.008689289,
// z = 5.5894), and LISA and Gi* equal those from the published GAL.
func TestColumbusThroughThePipeline(t *testing.T) {
	geoms, crime := columbus(t)
	c, err := ClusterValues(geoms, crime, ClusterOptions{Contiguity: "queen", Permutations: 999, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if c.Links != 236 || len(c.Islands) != 0 {
		t.Errorf("queen: %d links, %d islands; want 236, 0", c.Links, len(c.Islands))
	}
	for _, v := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"I", c.Moran.I, 0.5001885571828611, 1e-14},
		{"E[I]", c.Moran.EI, -0.020833333, 5e-10},
		{"Var[I]", c.Moran.VarRand, 0.008689289, 5e-10},
		{"z", c.Moran.ZRand, 5.5894, 5e-5},
	} {
		if math.Abs(v.got-v.want) > v.tol {
			t.Errorf("Moran %s = %.12g, published %.12g", v.name, v.got, v.want)
		}
	}
	if c.MoranPSim != 0.001 {
		t.Errorf("permutation p = %g, want 1/1000 (I is far in the tail)", c.MoranPSim)
	}
	w := readGAL(t).RowStandardise()
	local := spatial.LocalMoran(crime, w, 999, 7)
	gi := spatial.GiStar(crime, w)
	for i := range local {
		if local[i] != c.Local[i] && !(math.IsNaN(local[i].Z) && math.IsNaN(c.Local[i].Z)) {
			t.Fatalf("area %d: LISA %+v, from the GAL %+v", i+1, c.Local[i], local[i])
		}
		if gi[i] != c.Gi[i] {
			t.Fatalf("area %d: Gi* %+v, from the GAL %+v", i+1, c.Gi[i], gi[i])
		}
	}
	if c.ClusterSize["High-High"] == 0 || c.ClusterSize["Low-Low"] == 0 {
		t.Errorf("clusters %v: Columbus has both hot and cold crime clusters", c.ClusterSize)
	}
	rook, err := ClusterValues(geoms, crime, ClusterOptions{Contiguity: "rook"})
	if err != nil || rook.Links != 200 {
		t.Errorf("rook: %d links (want 200), %v", rook.Links, err)
	}
	fdr, _ := ClusterValues(geoms, crime, ClusterOptions{Permutations: 999, Seed: 7, FDR: 0.05})
	if fdr.LisaCut > 0.05 || fdr.ClusterSize["Not significant"] < c.ClusterSize["Not significant"] {
		t.Errorf("FDR should be stricter: threshold %g, clusters %v vs %v", fdr.LisaCut, fdr.ClusterSize, c.ClusterSize)
	}
	if _, err := json.Marshal(rook.Summary()); err != nil {
		t.Errorf("summary without permutations must marshal: %v", err)
	}
}

func TestManchesterClusters(t *testing.T) {
	res := scored(t, costOfLiving)
	c, err := ScenarioClusters(res, ClusterOptions{Tolerance: 0.5, Permutations: 199, Seed: 1, FDR: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	if c.Areas != 282 || len(c.Islands) != 0 {
		t.Errorf("%d areas, %d islands", c.Areas, len(c.Islands))
	}
	if c.Moran.I < 0.3 || c.MoranPSim > 0.01 {
		t.Errorf("need in Manchester should cluster strongly: I = %g, p = %g", c.Moran.I, c.MoranPSim)
	}
	dir := t.TempDir()
	files, err := WriteClusters(res, c, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"cost-of-living_clusters.gpkg": true, "cost-of-living_clusters.csv": true,
		"cost-of-living_clusters_fields.csv": true, "cost-of-living_clusters.json": true}
	for _, f := range files {
		delete(want, filepath.Base(f))
	}
	if len(want) > 0 {
		t.Errorf("missing %v in %v", want, files)
	}
	if _, err := ScenarioClusters(res, ClusterOptions{Variable: "nope"}); err == nil {
		t.Error("an unknown variable should fail")
	}
}
