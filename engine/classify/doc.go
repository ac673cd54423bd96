// Package classify splits a numeric field into map classes: quantiles, equal
// intervals, Fisher-Jenks optimal classes (Jenks natural breaks) and deciles,
// the named options a choropleth legend is built from.
//
// Classes are given by their upper bounds, as mapclassify and QGIS state
// them: class 0 holds [min, Breaks[0]], class c holds (Breaks[c-1],
// Breaks[c]], and the last bound is the maximum. Values are classed
// ascending (class 0 = lowest values); for the project's rank-based deciles
// (1 = most in need) use the decile field of the scored areas instead.
//
// NaN values are ignored when breaks are computed and get class -1.
package classify
