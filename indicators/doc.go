// Package indicators loads indicator tables — CSV, gzip-compressed CSV, long
// (pivoted) CSV, Parquet files and Hive-partitioned Parquet folders — into
// columns keyed by area code, checking them as it reads. What a source
// means (direction, vintage, licence) is said by the scenario that uses it
// (internal/scenario), not here.
//
// Every problem in an input file is reported as a *DataError naming the file,
// row, column and area code, so an analyst can open the file and fix it.
package indicators
