package spatial

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"
)

// Label is a LISA quadrant or cluster class. The numeric codes are GeoDa's
// cluster-map codes, so exported maps read the same as GeoDa's.
type Label uint8

const (
	NotSignificant Label = iota // no label: not significant, or no test possible
	HighHigh                    // high value among high neighbours (hot spot)
	LowLow                      // low value among low neighbours (cold spot)
	HighLow                     // high value among low neighbours (outlier)
	LowHigh                     // low value among high neighbours (outlier)
)

func (l Label) String() string {
	switch l {
	case HighHigh:
		return "High-High"
	case LowLow:
		return "Low-Low"
	case HighLow:
		return "High-Low"
	case LowHigh:
		return "Low-High"
	}
	return "Not significant"
}

// DefaultAlpha is the significance level LocalMoran labels clusters at.
// Use Classify to relabel at another level or at an FDR threshold.
const DefaultAlpha = 0.05

// LocalResult is the local Moran statistic of one observation
// (Anselin 1995).
//
// I is spdep's scaling (z_i/m2) sum_j w_ij z_j with m2 = sum z^2/n; esda's
// Is and GeoDa's lisa_values() are (n-1)/n * I. Z and P do not depend on
// the scaling.
//
// E, Var, Z and P use the conditional randomisation moments (z_i held fixed,
// the other values permuted; Sokal, Oden & Thomson 1998, eqs. A7-A8), which
// is what spdep localmoran reports by default and esda calls EIc/VIc.
// P is two-sided, 2(1 - Phi(|Z|)). ETotal and VarTotal are Anselin's (1995)
// total randomisation moments (esda's EI/VI).
//
// PSim is the conditional permutation pseudo p-value (see LocalMoran).
// Z, P and PSim are NaN where no test is possible: an island or z_i = 0,
// where I is identically 0.
type LocalResult struct {
	I, E, Var, Z, P  float64
	ETotal, VarTotal float64
	PSim             float64
	// Lag is the spatial lag of the centred value, sum_j w_ij z_j.
	Lag float64
	// Quadrant is the Moran scatterplot quadrant from the signs of z_i and
	// Lag (a zero counts as low, as in esda); NotSignificant for islands.
	Quadrant Label
	// Cluster is Quadrant where the test is significant (see Classify),
	// NotSignificant elsewhere.
	Cluster Label
}

// LocalMoran computes local Moran's I for every observation. With perms > 0
// each observation is tested by conditional permutation (Anselin 1995): its
// own value is held fixed and its k_i neighbours' values are replaced by k_i
// values drawn without replacement from the other n-1 observations, perms
// times. The pseudo p-value is folded, (M+1)/(perms+1) with M the count in
// the tail the observed value lies in, as esda and GeoDa compute it. Clusters
// are labelled at DefaultAlpha on PSim (or on P when perms is 0).
//
// Because it is folded, PSim is about uniform on (0, 0.5] under the null
// rather than on (0, 1]: PSim <= 0.05 is a two-sided test at level 0.10,
// and about a tenth of the areas of a pattern with no autocorrelation get a
// label. That is the GeoDa/esda convention; use FDR (or a smaller alpha)
// when n is large.
//
// Draws for observation i come from a PCG stream keyed by (seed, i), so the
// results are reproducible for a seed whatever the number of CPUs used.
func LocalMoran(x []float64, w Weights, perms int, seed uint64) []LocalResult {
	checkLen(x, w)
	n := len(x)
	nf := float64(n)
	z := centre(x)
	lag := w.lag(z)
	m2 := floats.Dot(z, z) / nf
	mean := stat.Mean(x, nil)
	b2 := stat.MomentAbout(4, x, mean, nil) / (m2 * m2)

	res := make([]LocalResult, n)
	for i, row := range w.W {
		r := &res[i]
		zi := z[i]
		wi, wi2 := 0.0, 0.0
		for _, v := range row {
			wi += v
			wi2 += v * v
		}
		r.Lag = lag[i]
		r.I = zi / m2 * lag[i]
		r.E = -zi * zi * wi / ((nf - 1) * m2)
		r.Var = (zi / m2) * (zi / m2) * nf / (nf - 2) * (wi2 - wi*wi/(nf-1)) * (m2 - zi*zi/(nf-1))
		r.ETotal = -wi / (nf - 1)
		r.VarTotal = wi2*(nf-b2)/(nf-1) + (wi*wi-wi2)*(2*b2-nf)/((nf-1)*(nf-2)) - r.ETotal*r.ETotal
		r.PSim = math.NaN()
		if len(row) == 0 || zi == 0 {
			r.Z, r.P = math.NaN(), math.NaN()
		} else {
			r.Z = (r.I - r.E) / math.Sqrt(r.Var)
			r.P = twoSided(r.Z)
		}
		if len(row) > 0 {
			r.Quadrant = quadrant(zi, lag[i])
		}
	}
	if perms > 0 {
		conditionalPermutation(z, m2, w, res, perms, seed)
	}
	Classify(res, DefaultAlpha)
	return res
}

// Classify sets each result's Cluster to its Quadrant where the pseudo
// p-value PSim (or the analytic P when PSim is NaN) is <= alpha, and to
// NotSignificant elsewhere. Pass FDR(p, q) as alpha for a false discovery
// rate correction.
func Classify(res []LocalResult, alpha float64) {
	for i := range res {
		p := res[i].PSim
		if math.IsNaN(p) {
			p = res[i].P
		}
		res[i].Cluster = NotSignificant
		if p <= alpha {
			res[i].Cluster = res[i].Quadrant
		}
	}
}

// PValues returns the p-values Classify uses (PSim, or P where PSim is NaN),
// ready for FDR.
func PValues(res []LocalResult) []float64 {
	p := make([]float64, len(res))
	for i, r := range res {
		p[i] = r.PSim
		if math.IsNaN(p[i]) {
			p[i] = r.P
		}
	}
	return p
}

func quadrant(zi, lag float64) Label {
	switch {
	case zi > 0 && lag > 0:
		return HighHigh
	case zi > 0:
		return HighLow
	case lag > 0:
		return LowHigh
	}
	return LowLow
}

// conditionalPermutation fills res[i].PSim. Each draw is a partial
// Fisher-Yates shuffle of the other n-1 indices, undone afterwards, so a
// draw costs O(k_i) whatever n is.
func conditionalPermutation(z []float64, m2 float64, w Weights, res []LocalResult, perms int, seed uint64) {
	n := len(z)
	parallelBlocks(n, localBlock, func() func(b, lo, hi int) {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		maxK := 0
		for _, nb := range w.Neighbours {
			maxK = max(maxK, len(nb))
		}
		swaps := make([]int, maxK)
		var pcg pcgSource
		return func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				nb, row := w.Neighbours[i], w.W[i]
				k := len(nb)
				if k == 0 || z[i] == 0 {
					continue
				}
				pcg.stream(seed, uint64(i))
				c := z[i] / m2
				obs := c * res[i].Lag
				// Park i at the end so draws come from idx[0:n-1].
				idx[i], idx[n-1] = idx[n-1], idx[i]
				larger := 0
				for range perms {
					l := 0.0
					for t := range k {
						s := t + pcg.below(n-1-t)
						idx[t], idx[s] = idx[s], idx[t]
						swaps[t] = s
						l += row[t] * z[idx[t]]
					}
					if c*l >= obs {
						larger++
					}
					for t := k - 1; t >= 0; t-- {
						s := swaps[t]
						idx[t], idx[s] = idx[s], idx[t]
					}
				}
				idx[i], idx[n-1] = idx[n-1], idx[i]
				if perms-larger < larger {
					larger = perms - larger
				}
				res[i].PSim = float64(larger+1) / float64(perms+1)
			}
		}
	})
}
