// Package pipelines orchestrates runs: it takes a scenario, loads and checks
// its indicators (package indicators), converts geographies (package geo),
// computes (package engine) and writes every output atomically.
package pipelines
