package analysis

import (
	"fmt"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/paulmach/orb"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/engine/spatial"
	"github.com/manchester-insight/targeting/geo/contiguity"
	"github.com/manchester-insight/targeting/internal/result"
)

// ClusterOptions set the weights and the tests.
type ClusterOptions struct {
	Variable     string  // areas-table column to test; "" = score
	Contiguity   string  // queen (default) or rook
	Tolerance    float64 // metres within which vertices are one node
	Permutations int     // for the global and local pseudo p-values; 0 = analytic only
	Seed         uint64
	Alpha        float64 // significance level; 0 = spatial.DefaultAlpha
	FDR          float64 // false discovery rate q; 0 = no correction
}

// Clusters are the spatial statistics of one variable over the areas, with
// row-standardised contiguity weights.
type Clusters struct {
	Variable     string
	Contiguity   string
	Tolerance    float64
	Areas        int
	Links        int
	Islands      []int // areas with no neighbour (indices)
	Permutations int
	Seed         uint64

	Moran     spatial.GlobalMoran
	MoranPSim float64 // NaN without permutations

	// Alpha is the significance level; with FDR > 0 the thresholds are the
	// Benjamini-Hochberg ones at FDR, for LISA and Gi* separately.
	Alpha, FDR          float64
	LisaCut, GiCut      float64 // p at or below which a local statistic is significant
	Local               []spatial.LocalResult
	Gi                  []spatial.GResult
	GiP                 []float64 // two-sided p of Gi* z; NaN for islands
	Weights             spatial.Weights
	ClusterSize         map[string]int // LISA label -> areas
	HotSpots, ColdSpots int
}

// ClusterValues computes contiguity from the polygons, then global Moran's
// I, local Moran's I (LISA) with labels, and Getis-Ord Gi* for x, which is
// aligned with geoms.
func ClusterValues(geoms []orb.Geometry, x []float64, opt ClusterOptions) (*Clusters, error) {
	if len(geoms) != len(x) {
		return nil, fmt.Errorf("clusters: %d polygons for %d values", len(geoms), len(x))
	}
	if len(x) < 4 {
		return nil, fmt.Errorf("clusters: need at least 4 areas, got %d", len(x))
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("clusters: value %d is %g; spatial statistics need a value for every area", i+1, v)
		}
	}
	if opt.Contiguity == "" {
		opt.Contiguity = "queen"
	}
	if opt.Alpha == 0 {
		opt.Alpha = spatial.DefaultAlpha
	}
	if opt.Alpha < 0 || opt.Alpha >= 1 || opt.FDR < 0 || opt.FDR >= 1 || opt.Tolerance < 0 || opt.Permutations < 0 {
		return nil, fmt.Errorf("clusters: alpha and fdr must be in (0, 1), tolerance and permutations >= 0")
	}
	var nb [][]int
	switch opt.Contiguity {
	case "queen":
		nb = contiguity.Queen(geoms, opt.Tolerance)
	case "rook":
		nb = contiguity.Rook(geoms, opt.Tolerance)
	default:
		return nil, fmt.Errorf("clusters: contiguity %q is not queen or rook", opt.Contiguity)
	}
	b, err := spatial.NewBinary(nb)
	if err != nil {
		return nil, err
	}
	w := b.RowStandardise()
	c := &Clusters{Variable: opt.Variable, Contiguity: opt.Contiguity, Tolerance: opt.Tolerance, Areas: len(x),
		Links: w.Links(), Islands: w.Islands(), Permutations: opt.Permutations, Seed: opt.Seed,
		Alpha: opt.Alpha, FDR: opt.FDR, Weights: w, MoranPSim: math.NaN()}
	if len(c.Islands) == len(x) {
		return nil, fmt.Errorf("clusters: no two areas touch under %s contiguity (tolerance %g): are the polygons in one projected CRS?", opt.Contiguity, opt.Tolerance)
	}
	c.Moran = spatial.MoranI(x, w)
	if opt.Permutations > 0 {
		c.MoranPSim = spatial.MoranPermutation(x, w, opt.Permutations, opt.Seed)
	}
	c.Local = spatial.LocalMoran(x, w, opt.Permutations, opt.Seed)
	c.Gi = spatial.GiStar(x, w)
	c.GiP = make([]float64, len(x))
	for i, g := range c.Gi {
		c.GiP[i] = 2 * distuv.UnitNormal.CDF(-math.Abs(g.Z))
		if len(w.Neighbours[i]) == 0 {
			c.GiP[i] = math.NaN()
		}
	}
	c.LisaCut, c.GiCut = opt.Alpha, opt.Alpha
	if opt.FDR > 0 {
		c.LisaCut = spatial.FDR(spatial.PValues(c.Local), opt.FDR)
		c.GiCut = spatial.FDR(c.GiP, opt.FDR)
	}
	spatial.Classify(c.Local, c.LisaCut)
	c.ClusterSize = map[string]int{}
	for _, l := range c.Local {
		c.ClusterSize[l.Cluster.String()]++
	}
	for i := range c.Gi {
		switch c.giClass(i) {
		case hot:
			c.HotSpots++
		case cold:
			c.ColdSpots++
		}
	}
	return c, nil
}

const (
	hot  = "Hot spot"
	cold = "Cold spot"
	none = "Not significant"
)

// giClass labels area i's Gi*: a hot spot (high values around it) or a
// cold spot where its two-sided p-value is at or below the threshold.
func (c *Clusters) giClass(i int) string {
	p := c.GiP[i]
	if math.IsNaN(p) || p > c.GiCut {
		return none
	}
	if c.Gi[i].Z > 0 {
		return hot
	}
	return cold
}

// ScenarioClusters runs ClusterValues on a scored result: the variable is
// a numeric column of the areas table (the composite score by default) and
// the polygons are the areas' boundaries in British National Grid metres.
func ScenarioClusters(res *result.Result, opt ClusterOptions) (*Clusters, error) {
	if opt.Variable == "" {
		opt.Variable = engine.ColScore
	}
	if len(res.AreaGeoms) == 0 {
		return nil, fmt.Errorf("clusters: scenario %s has no area boundaries (geography.boundaries): contiguity needs polygons", res.Scenario.Name)
	}
	x, err := numericColumn(res, opt.Variable)
	if err != nil {
		return nil, err
	}
	return ClusterValues(res.AreaGeoms, x, opt)
}

// numericColumn reads an int or float column of the areas table as floats.
func numericColumn(res *result.Result, name string) ([]float64, error) {
	idx := res.Areas.Schema().FieldIndices(name)
	if len(idx) == 0 {
		var nums []string
		for _, f := range res.Areas.Schema().Fields() {
			if id := f.Type.ID(); id == arrow.FLOAT64 || id == arrow.INT64 {
				nums = append(nums, f.Name)
			}
		}
		return nil, fmt.Errorf("clusters: the areas table has no column %q; numeric columns: %v", name, nums)
	}
	switch v := engine.Slice(res.Areas.Column(idx[0])).(type) {
	case []float64:
		return v, nil
	case []int64:
		out := make([]float64, len(v))
		for i, x := range v {
			out[i] = float64(x)
		}
		return out, nil
	}
	return nil, fmt.Errorf("clusters: column %q is not numeric", name)
}

// ClusterSummary is what scripts read (--json, NAME_clusters.json): the
// settings, global Moran's I with its randomisation test, and the counts
// of local clusters.
type ClusterSummary struct {
	Variable     string         `json:"variable"`
	Contiguity   string         `json:"contiguity"`
	Tolerance    float64        `json:"tolerance_m"`
	Areas        int            `json:"areas"`
	Links        int            `json:"links"`
	Islands      int            `json:"islands"`
	Permutations int            `json:"permutations"`
	Seed         uint64         `json:"seed"`
	MoranI       float64        `json:"moran_i"`
	ExpectedI    float64        `json:"moran_expected_i"`
	VarianceI    float64        `json:"moran_variance_randomisation"`
	ZI           float64        `json:"moran_z_randomisation"`
	PI           float64        `json:"moran_p_randomisation"` // two-sided
	PSim         *float64       `json:"moran_p_sim"`           // permutations; null without
	Alpha        float64        `json:"alpha"`
	FDR          float64        `json:"fdr"`
	LisaCut      float64        `json:"lisa_p_threshold"`
	GiCut        float64        `json:"gi_star_p_threshold"`
	Clusters     map[string]int `json:"lisa_clusters"`
	HotSpots     int            `json:"gi_star_hot_spots"`
	ColdSpots    int            `json:"gi_star_cold_spots"`
}

// Summary returns the JSON-ready summary.
func (c *Clusters) Summary() ClusterSummary {
	s := ClusterSummary{Variable: c.Variable, Contiguity: c.Contiguity, Tolerance: c.Tolerance, Areas: c.Areas,
		Links: c.Links, Islands: len(c.Islands), Permutations: c.Permutations, Seed: c.Seed,
		MoranI: c.Moran.I, ExpectedI: c.Moran.EI, VarianceI: c.Moran.VarRand, ZI: c.Moran.ZRand, PI: c.Moran.PRand,
		Alpha: c.Alpha, FDR: c.FDR, LisaCut: c.LisaCut, GiCut: c.GiCut, Clusters: c.ClusterSize,
		HotSpots: c.HotSpots, ColdSpots: c.ColdSpots}
	if !math.IsNaN(c.MoranPSim) {
		p := c.MoranPSim
		s.PSim = &p
	}
	return s
}
