// Package engine is the columnar compute core of targeting: it joins indicator
// tables on area codes, normalises each indicator, aggregates them into a
// composite score, ranks, bands and selects areas, and summarises by group.
//
// Inputs and outputs are Apache Arrow records; computation runs over the
// records' contiguous float64 buffers. engine imports none of the project's
// other packages: loading, geography and writing happen elsewhere.
//
// Conventions, everywhere in this package:
//   - a normalised value and the composite score are "higher = more in need";
//   - rank 1 is the area most in need; ties in score are broken by area code
//     (ascending), so ranks are a permutation of 1..n and runs are repeatable;
//   - decile = ceil(rank * 10 / n), so decile 1 is the 10% most in need.
package engine
