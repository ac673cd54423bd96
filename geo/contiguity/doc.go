// Package contiguity derives neighbour lists from area polygons: queen
// contiguity (areas touching at a point or more) and rook contiguity (areas
// sharing a stretch of boundary), the two weights that spatial statistics
// on small areas start from. The lists feed spatial.NewBinary.
//
// # Tolerance
//
// Coordinates are compared in the geometries' own units (metres for British
// National Grid, EPSG:27700). Vertices at distance <= tol from each other
// are merged into one boundary node; merging is transitive, so a chain of
// vertices each within tol of the next becomes one node. tol = 0 means
// exact coordinate equality, which is right for topologically built data
// such as the ONS generalised (BGC/BSC) boundaries, where neighbouring
// areas share their boundary vertices exactly. A small positive tol (0.5 m
// in BNG, say) absorbs rounding, reprojection or digitising noise; it must
// stay well below the shortest genuine edge and the narrowest polygon, or
// distinct vertices collapse. spdep's poly2nb uses the same idea (its snap
// argument); PySAL compares vertices exactly.
//
// # Definitions
//
//   - Queen: the two areas have a boundary node in common, or share a
//     stretch of boundary (see Rook), so rook neighbours are always queen
//     neighbours. A vertex of one area lying inside an edge of another
//     (a T-junction without a shared vertex) does not count on its own.
//   - Rook: the two areas share a stretch of boundary of positive length:
//     an edge whose two end nodes are consecutive on both boundaries, or,
//     for boundaries whose vertices do not coincide, two edges that are
//     collinear within tol and overlap by more than tol.
//
// Polygons are assumed not to overlap each other (a partition, like census
// geographies). Holes count as boundary, so an enclave neighbours the area
// around it. Each MultiPolygon is one area.
//
// The work is linear in the number of vertices: nodes are found through a
// hash of exact coordinates and, for tol > 0, a grid of cell size tol;
// shared edges are matched by their node pairs; only edges left unmatched
// (the outer boundary, or non-noded data) go through the overlap test, via
// a grid of edges. No pair of polygons is compared directly.
package contiguity
