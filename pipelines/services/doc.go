// Package services turns a case-level extract of council service records
// into small-area indicators that a scenario can use, with disclosure
// control on every figure that leaves it:
//
//	read (indicators/services) -> assign to areas (geo/assign) -> count
//	records and distinct people/households per area x service over a time
//	window -> margins for wards, district and all services -> disclosure
//	control (engine/disclosure) -> rates per 1,000 of each service's
//	denominator -> indicator table CSV, ward table CSV, data dictionary and
//	a report JSON.
//
// The stages are plain functions and types (Resolver, Accumulator, Tables)
// so that a distributed runner can call the same code per record and per
// key; Run is the in-process path, streaming the extract through all cores
// with memory bounded by the number of distinct (person, cell) pairs, never
// by the number of records. Case-level rows never reach an output or a log:
// only counts, after disclosure control, and whole-extract row counts by
// data-quality reason.
package services
