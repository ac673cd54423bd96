// Package uncertainty runs the uncertainty and sensitivity analysis of a
// composite indicator as the JRC/OECD Handbook on Constructing Composite
// Indicators (2008, section 7) describes it: the modeller's choices are
// varied at random, the composite is recomputed and re-ranked for each
// draw, and the spread of each area's rank says how far its place, and its
// selection, depend on those choices.
//
// # What is varied
//
//   - Weights: drawn from a Dirichlet distribution centred on the
//     scenario's weights, w ~ Dir(c * w0 / sum(w0)), rescaled to sum(w0).
//     The concentration c sets how far they stray: the coefficient of
//     variation of a weight share p is sqrt((1-p)/(p(c+1))), so c = 50
//     moves a 25% weight by about 24% of itself; the intervals narrow as c
//     grows.
//   - Normalisation: each draw uses, with equal probability, the
//     scenario's normalisations or one of the alternatives the scenario
//     names (every indicator switched to that method).
//   - Aggregation: the scenario's, or one of the named alternatives.
//   - Drop-one (optional): with equal probability no input, or one of the
//     composite's inputs, is left out (its weight set to zero and the
//     others rescaled).
//
// Only the composite's direct inputs (indicators outside domains, and
// domain scores) are weighted and dropped; domain internals stay as the
// scenario sets them.
//
// # What is reported
//
// Per area: the rank under the scenario, the median and the 5th and 95th
// percentiles of its rank over the draws (the inverse empirical CDF, so
// they are ranks that occurred), the share of draws that select it under
// the scenario's rule, and a flag where that share lies strictly between
// Band and 1 - Band (the selection is uncertain).
//
// Per varied factor: variance-based first-order (S1) and total (ST)
// sensitivity indices of two scalar outputs of a draw: the mean absolute
// shift of the areas' ranks from the scenario's ranks (the Handbook's
// R-bar_S), and the number of areas whose selection differs from the
// scenario's. They come from Saltelli's design: two independent sample
// matrices A and B of N rows and, per factor i, A with column i taken from
// B (A_B^i), N(k+2) runs in all, with the estimators recommended by
// Saltelli et al. (2010, "Variance based sensitivity analysis of model
// output", Table 2):
//
//	S1_i = mean_j f(B)_j (f(A_B^i)_j - f(A)_j) / V          (Saltelli 2010)
//	ST_i = mean_j (f(A)_j - f(A_B^i)_j)^2 / (2V)           (Jansen 1999)
//
// with V the variance of f over the rows of A and B. The estimators need
// independent factors, and Dirichlet weights are not (they sum to one), so
// the factor behind weight i is its independent Gamma(c w0_i / sum w0)
// variate, of which the weights are the normalised vector: S_i is then the
// effect of perturbing that weight with the others rescaled. Discrete
// choices are factors drawn as a uniform number and cut into equal parts.
// The indices are Monte Carlo estimates with an error of order 1/sqrt(N):
// a small S1 may come out slightly negative, or above its ST; read them to
// about two decimals at the default 1,000 draws. Gamma variates come from
// gonum's distuv.Gamma.
//
// The 2N rows of A and B are also the draws the rank statistics use, so
// --draws D means N = D/2 (D rounded up to even) and D + (D/2)k runs.
//
// # Reproducibility and speed
//
// Row j of the design draws from its own PCG stream keyed by (seed, j), so
// results depend on the seed only, never on the number of cores, which all
// work in parallel. Each run is a weighted sum of precomputed normalised
// inputs (every normalisation is computed once, before the draws) and a
// radix sort, with no allocation: 1,000 draws over the 32,844 LSOAs of
// England (4,501 runs) take about 3 s of CPU time, shared by the cores
// (pipelines/analysis BenchmarkRobustnessNational).
package uncertainty
