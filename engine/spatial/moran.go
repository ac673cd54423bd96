package spatial

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// GlobalMoran is Moran's I with its analytic moments under the two null
// hypotheses of Cliff & Ord (1981, ch. 2): normality (x drawn from a normal
// population) and randomisation (x fixed, locations permuted). The p-values
// are two-sided, 2(1 - Phi(|z|)); halve them for the one-sided p in the
// direction of z (spdep's alternative="greater" when z > 0, esda's
// two_tailed=False).
type GlobalMoran struct {
	N     int
	I, EI float64

	VarNorm, ZNorm, PNorm float64
	VarRand, ZRand, PRand float64
}

// MoranI computes global Moran's I = (n/S0) z'Wz / z'z with E[I] = -1/(n-1)
// and the Cliff & Ord variances, using the same formulas as spdep
// moran.test and esda Moran, so results agree with theirs to rounding.
// Observations with no neighbour stay in n (spdep zero.policy=TRUE
// without adjust.n).
func MoranI(x []float64, w Weights) GlobalMoran {
	checkLen(x, w)
	n := float64(len(x))
	z := centre(x)
	lag := w.lag(z)
	s0, s1, s2 := w.sums()
	zz := floats.Dot(z, z)

	g := GlobalMoran{N: len(x)}
	g.I = n / s0 * floats.Dot(z, lag) / zz
	g.EI = -1 / (n - 1)
	ei2 := g.EI * g.EI

	s02 := s0 * s0
	g.VarNorm = (n*n*s1-n*s2+3*s02)/((n*n-1)*s02) - ei2

	// b2 is the sample kurtosis m4/m2^2 (population moments).
	mean := stat.Mean(x, nil)
	m2 := stat.MomentAbout(2, x, mean, nil)
	b2 := stat.MomentAbout(4, x, mean, nil) / (m2 * m2)
	num := n*((n*n-3*n+3)*s1-n*s2+3*s02) - b2*((n*n-n)*s1-2*n*s2+6*s02)
	g.VarRand = num/((n-1)*(n-2)*(n-3)*s02) - ei2

	g.ZNorm = (g.I - g.EI) / math.Sqrt(g.VarNorm)
	g.ZRand = (g.I - g.EI) / math.Sqrt(g.VarRand)
	g.PNorm = twoSided(g.ZNorm)
	g.PRand = twoSided(g.ZRand)
	return g
}

// MoranPermutation returns the permutation pseudo p-value of global Moran's
// I: x is randomly reassigned to locations perms times and
// p = (M+1)/(perms+1), where M counts simulated I at least as extreme as the
// observed one in its own tail (the folded one-sided count of esda and
// GeoDa, see foldedP). The smallest attainable p is 1/(perms+1).
func MoranPermutation(x []float64, w Weights, perms int, seed uint64) float64 {
	checkLen(x, w)
	if perms <= 0 {
		return math.NaN()
	}
	n := float64(len(x))
	z := centre(x)
	s0, _, _ := w.sums()
	scale := n / s0 / floats.Dot(z, z)
	obs := scale * floats.Dot(z, w.lag(z))

	sims := make([]float64, perms)
	parallelBlocks(perms, globalBlock, func() func(b, lo, hi int) {
		zp := make([]float64, len(z))
		var pcg pcgSource
		return func(b, lo, hi int) {
			pcg.stream(seed, uint64(b))
			copy(zp, z)
			for r := lo; r < hi; r++ {
				pcg.shuffle(zp)
				s := 0.0
				for i, nb := range w.Neighbours {
					l := 0.0
					for t, j := range nb {
						l += w.W[i][t] * zp[j]
					}
					s += zp[i] * l
				}
				sims[r] = scale * s
			}
		}
	})
	return foldedP(obs, sims)
}

// centre returns x minus its mean.
func centre(x []float64) []float64 {
	z := make([]float64, len(x))
	copy(z, x)
	floats.AddConst(-stat.Mean(x, nil), z)
	return z
}

// twoSided is 2(1 - Phi(|z|)), computed from the lower tail so that small
// p-values keep full relative precision.
func twoSided(z float64) float64 {
	return 2 * distuv.UnitNormal.CDF(-math.Abs(z))
}

// foldedP is the pseudo p-value (M+1)/(R+1) as esda computes it: M is the
// number of the R simulated values >= obs, replaced by the number < obs
// when that is smaller, so the test is one-sided in the direction the data
// point to. GeoDa counts the same way up to ties.
func foldedP(obs float64, sims []float64) float64 {
	larger := 0
	for _, s := range sims {
		if s >= obs {
			larger++
		}
	}
	if r := len(sims); r-larger < larger {
		larger = r - larger
	}
	return float64(larger+1) / float64(len(sims)+1)
}
