// Package indicators loads indicator tables (CSV, gzip-compressed CSV), checks
// them against data-quality rules and carries the catalogue of known sources
// with their metadata (direction, unit, vintage, source, licence).
//
// Every problem in an input file is reported as a *DataError naming the file,
// row, column and area code, so an analyst can open the file and fix it.
package indicators
