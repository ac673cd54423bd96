// Package fgb writes a geo.Layer as a FlatGeobuf file (format version 3,
// flatgeobuf.org): magic bytes, a size-prefixed Header table, a packed
// Hilbert R-tree (node size 16) and size-prefixed Feature tables.
//
// FlatGeobuf is the layer format for the web: the index lets a browser or
// GDAL fetch only the features in a bounding box (even over HTTP range
// requests), which a GeoPackage cannot offer.
//
// The FlatBuffers accessors in internal/fbs are generated from the schemas
// in schema/, which reproduce the published header.fbs and feature.fbs
// field for field (slot order is the wire format). flatc 2.0.8 (Debian's
// flatbuffers-compiler) emits code that compiles unchanged against the
// github.com/google/flatbuffers v25 Go runtime, so no post-processing is
// applied; --go-namespace only renames the package from FlatGeobuf to fbs.
// Regenerate with `go generate ./geo/fgb` after `apt-get install -y
// flatbuffers-compiler`; TestGeneratedCodeUpToDate checks the committed
// code against that flatc when it is installed.
package fgb

//go:generate flatc --go --go-namespace fbs -o internal schema/header.fbs schema/feature.fbs
