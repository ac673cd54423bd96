// Package assign puts case records into small areas: by area code, by a
// postcode-like key through a lookup, or by point-in-polygon against the
// area boundaries. It is plain functions over immutable indexes, so the
// in-process aggregation and a distributed runner (one index per worker,
// shared read-only) assign every record the same way.
//
// # Points on boundaries
//
// Every point goes to at most one area, by this rule:
//
//	A point on an area's boundary (an edge or a vertex) belongs to the area
//	that contains the points an infinitesimal step east of it, or, where the
//	boundary runs east-west, an infinitesimal step north.
//
// So a point on an edge shared by two areas goes to the area to its east (or
// north on an east-west edge); a point on a vertex where several areas meet
// goes to the one whose interior lies just east (then north) of it; a point on
// the city's outer boundary with no area to its east is outside.
//
// The rule is what a half-open crossing-number test gives when each edge is
// evaluated the same way whichever polygon it belongs to: an edge counts for
// the ray from (x, y) towards +x when exactly one endpoint lies strictly
// above y, and its crossing abscissa is computed from the lower endpoint, so
// the two polygons sharing an edge make the same decision and a point cannot
// be in both or in neither. Where boundaries overlap (generalised boundaries
// can), the first area in index order (the order of the codes given, which
// callers sort) wins, so the result is still one area and repeatable.
package assign
