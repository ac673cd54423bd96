// Package spatial computes spatial-autocorrelation statistics for area
// rankings: global Moran's I with analytic and permutation inference, local
// Moran's I (LISA) with cluster labels, Getis-Ord local G / G*, and the
// Benjamini-Hochberg false discovery rate threshold.
//
// The package is pure compute, like its parent engine: it takes values in
// observation order and sparse weights (see Weights, ReadGAL), and knows
// nothing about geometry. Contiguity from polygons lives in geo/contiguity.
//
// Conventions are those of the reference implementations the tests are
// checked against (R spdep, PySAL esda, GeoDa), so that numbers can be
// compared with published results:
//   - z = x - mean(x), m2 = sum(z^2)/n (population moments, divisor n);
//   - global Moran moments follow Cliff & Ord (1981), as spdep moran.test
//     and esda Moran;
//   - local Moran Ii uses spdep's scaling (z_i/m2) sum_j w_ij z_j with the
//     conditional randomisation moments of Sokal, Oden & Thomson (1998);
//     esda and GeoDa report (n-1)/n times that value (see LocalResult);
//   - Getis-Ord z-values follow Getis & Ord (1992) and Ord & Getis (1995) as
//     spdep localG computes them.
//
// Values must be finite and in the weights' observation order (a length
// mismatch panics); drop or impute missing values first.
//
// Permutation inference is deterministic for a given seed whatever the
// number of CPUs: each observation (local) or each block of permutations
// (global) draws from its own PCG stream derived from the seed.
package spatial
