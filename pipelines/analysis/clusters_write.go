package analysis

import (
	"math"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/internal/result"
)

// clusterFields describe the fields ClusterLayer adds to the areas.
var clusterFields = map[string]string{
	"neighbours":    "Number of contiguous areas (the contiguity of the run's --contiguity)",
	"lisa_i":        "Local Moran's I of the variable, row-standardised weights (spdep scaling; GeoDa reports (n-1)/n of it)",
	"lisa_z":        "Local Moran's I z-value under conditional randomisation",
	"lisa_p":        "LISA p-value: conditional permutation pseudo p-value (folded, as GeoDa), or analytic when no permutations were run",
	"lisa_quadrant": "Moran scatterplot quadrant: High-High, Low-Low, High-Low, Low-High",
	"lisa_cluster":  "LISA cluster: the quadrant where lisa_p is at or below the threshold (alpha or FDR), else Not significant",
	"lisa_code":     "LISA cluster code as GeoDa: 0 not significant, 1 High-High, 2 Low-Low, 3 High-Low, 4 Low-High",
	"gi_star_z":     "Getis-Ord Gi* z-value (self included): high = a cluster of high values",
	"gi_star_p":     "Two-sided normal p-value of gi_star_z",
	"gi_star_class": "Hot spot / Cold spot where gi_star_p is at or below the threshold, else Not significant",
}

// ClusterLayer is the areas layer with the cluster fields added, styled by
// LISA cluster.
func ClusterLayer(res *result.Result, c *Clusters) (*geo.Layer, error) {
	n := c.Areas
	var (
		nbs                 = make([]int64, n)
		li, lz, lp, gz, gp  = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		quad, clus, giClass = make([]string, n), make([]string, n), make([]string, n)
		code                = make([]int64, n)
	)
	for i, l := range c.Local {
		nbs[i] = int64(len(c.Weights.Neighbours[i]))
		li[i], lz[i] = l.I, l.Z
		lp[i] = l.PSim
		if math.IsNaN(lp[i]) {
			lp[i] = l.P
		}
		quad[i], clus[i], code[i] = l.Quadrant.String(), l.Cluster.String(), int64(l.Cluster)
		if nbs[i] == 0 {
			quad[i] = ""
		}
		gz[i], gp[i], giClass[i] = c.Gi[i].Z, c.GiP[i], c.giClass(i)
	}
	rec, err := appendColumns(res.Areas,
		[]string{"neighbours", "lisa_i", "lisa_z", "lisa_p", "lisa_quadrant", "lisa_cluster", "lisa_code", "gi_star_z", "gi_star_p", "gi_star_class"},
		[]any{nbs, li, lz, lp, quad, clus, code, gz, gp, giClass})
	if err != nil {
		return nil, err
	}
	sc := res.Scenario
	return &geo.Layer{Name: "clusters", Title: sc.Title + ": spatial clusters of " + c.Variable,
		Description: "Local Moran's I (LISA) and Getis-Ord Gi* of " + c.Variable + " with " + c.Contiguity + " contiguity",
		SRID:        geo.BNG, Attributes: rec, Geometry: res.AreaGeoms, Style: lisaStyle("lisa_code"),
		Metadata: layerText(res, "Spatial clusters of "+c.Variable)}, nil
}

// WriteClusters writes, for a scenario named NAME, NAME_clusters.* (the
// clusters layer in the scenario's formats), NAME_clusters_fields.csv and
// NAME_clusters.json (the global statistics and settings) into dir.
func WriteClusters(res *result.Result, c *Clusters, dir string) ([]string, error) {
	l, err := ClusterLayer(res, c)
	if err != nil {
		return nil, err
	}
	o, err := newOutputs(res, dir)
	if err != nil {
		return nil, err
	}
	stem := res.Scenario.Slug() + "_clusters"
	layers := []*geo.Layer{l}
	if err := o.layers(stem, layers, clusterFields); err != nil {
		o.abort()
		return nil, err
	}
	if err := o.dictionary(stem+"_fields.csv", layers, clusterFields); err != nil {
		o.abort()
		return nil, err
	}
	if err := o.json(stem+".json", c.Summary()); err != nil {
		o.abort()
		return nil, err
	}
	return o.commit()
}
