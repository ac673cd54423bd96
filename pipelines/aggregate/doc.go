// Package aggregate turns a case-level extract of council service records
// into small-area indicators that a scenario can use, with disclosure
// control on every figure that leaves it. It is the core of `targeting
// aggregate`; its pieces live beside it:
//
//	extract (pipelines/aggregate/extract): read CSV, Parquet or XLSX
//	    through the mapping's columns, as column-wise batches
//	-> placement (Resolver, over geo/assign): each row to its area x
//	    service cell by LSOA code, postcode key or point-in-polygon, or to
//	    the reason it is set aside (Reason)
//	-> accumulate (Accumulator): records and distinct people/households
//	    per cell over the time window; margins for wards, the district and
//	    all services (Layout)
//	-> disclosure control (engine/disclosure.Protect) -> rates per 1,000
//	    of each service's denominator (Result)
//	-> writers (AreaTable, WardTable, Write): indicator table CSV, ward
//	    table CSV, data dictionary and a report JSON.
//
// Run is the in-process path: it streams the extract through all cores
// with memory bounded by the number of distinct (person, cell) pairs,
// never by the number of records. Count is its counting core alone (the
// W2 benchmark shape, no margins or disclosure control). The stages are
// plain functions and types so that pipelines/aggregate/beam (its own Go
// module, the targeting-beam binary) runs the same code per record and
// per key on Apache Beam, for extracts too big for one machine. The
// synthetic extracts the tests, examples and benchmarks use come from
// pipelines/aggregate/synth (`targeting synth services`).
//
// Case-level rows never reach an output or a log: only counts, after
// disclosure control, and whole-extract row counts by data-quality reason.
package aggregate
