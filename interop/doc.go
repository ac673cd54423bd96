// Package interop holds tests that read the project's output files with
// other tools' own readers, here DuckDB through its cgo driver.
//
// It is a separate module so that the main module stays pure Go (no cgo,
// no DuckDB in its dependency graph, quick to build); CI runs
// `cd interop && go test ./...`. The replace directive in go.mod points at
// the working tree, so the tests always exercise the current writers.
package interop
