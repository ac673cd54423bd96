// Package pipeline is the service-usage aggregation of pipelines/aggregate
// as an Apache Beam pipeline, for extracts too big for one machine; the
// targeting-beam command (cmd/targeting-beam in this module, which
// `targeting aggregate --runner prism|dataflow|flink|spark` runs) launches
// it. It is the same computation, not a port: the extract is read by the
// same loaders (pipelines/aggregate/extract), every record is placed by
// the same aggregate.Resolver (geo/assign code lookup, postcode keys and
// point-in-polygon), counted by the same rules, and the counts go through
// the same disclosure control (engine/disclosure.Protect) and the same
// table builders and writers as `targeting aggregate --runner local`; the
// indicator tables are also written as Hive-partitioned Parquet (folder
// names by internal/hive).
//
// It lives in its own Go module (pipelines/aggregate/beam) so that the
// default targeting binary carries none of Beam's dependencies.
//
// Stages (F extract files, S shards):
//
//	files ──(record ids)──► shuffle by id (S) ──► duplicate ids ──┐ side input
//	files ──► read, assign, count per file ◄────────────────────────┘
//	        │ distinct (person, cell) pairs ──► shuffle by person (S) ──► distinct people per cell
//	        │ records per cell, rows by reason ─────────────────────────► sum
//	        └──────────────────► one worker: margins, disclosure control, tables, write
//
// The two shuffles are where records cross machines: record ids (16 bytes
// and a position each) to find duplicates across files, and each file's
// distinct (person, area x service) pairs (20 bytes each) to count
// distinct people per area, ward and district. Everything else moves
// per-file or per-shard vectors of counts. The areas (codes, wards,
// denominators) are fixed at launch and reach every worker as a side
// input, so all workers number areas the same way.
package pipeline
