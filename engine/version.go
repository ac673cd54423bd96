package engine

// Version is the engine version written into every output's metadata and
// run report, and hashed by the nightly batch to decide what to recompute.
var Version = "0.1.0"
