// Package extract reads case-level extracts of council service records
// (council tax support, welfare payments, referrals, ...) from CSV (plain or
// gzip), Parquet and XLSX, through a column mapping, as a stream of
// column-wise batches. It is the first stage of the service-usage
// aggregation: package aggregate (pipelines/aggregate) places, counts and
// protects what it reads, in process or on Apache Beam
// (pipelines/aggregate/beam), from the same batches.
//
// It only reads: it never drops or judges a row. A row whose date, location
// or id is blank or unreadable comes through with a marker (NoDate, BadDate,
// a NaN or infinite coordinate, a malformed-row flag) so that the pipeline
// can count every kind of dirty row and report it. A file that cannot be
// read as an extract at all (no such column, a column of the wrong type, a
// broken CSV quote) is an *indicators.DataError naming file, row and column.
//
// Memory stays bounded: CSV and XLSX are read in batches of BatchRows rows,
// Parquet one row group at a time (several row groups in parallel), with
// dictionary-encoded text columns kept as dictionary indexes, so 20 million
// records never become 20 million Go values at once.
package extract
