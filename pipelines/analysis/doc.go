// Package analysis answers an analyst's follow-up questions about a scored
// scenario, each from a result.Result: how two scenarios differ
// (engine/compare), how robust the ranking is to the modelling choices
// (engine/uncertainty), where need clusters in space (geo/contiguity and
// engine/spatial) and how a budget splits by need (engine/allocate). It
// turns results into layers and tables and writes them with the project's
// writers, atomically, next to the scenario's own outputs.
package analysis
