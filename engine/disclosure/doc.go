// Package disclosure is statistical disclosure control for tables of counts
// derived from case-level records: primary suppression of small counts,
// secondary suppression so that no suppressed cell can be recovered from the
// margins a table publishes, and an audit that proves it.
//
// It is pure: slices in, statuses out, no I/O and no other package of this
// module, so the in-process aggregation, a distributed runner and the tests
// all apply exactly the same rule. A table is a flat list of cells (each with
// one or more count measures, e.g. records and people) and a list of Lines,
// each saying "this total cell is the sum of these member cells" (areas of a
// ward add up to the ward, services add up to all services, ...). Grid builds
// the cells and lines of the usual areas-within-wards x services table.
package disclosure
