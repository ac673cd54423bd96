// Package synth generates realistic, clearly synthetic case-level extracts
// of council service records for a city's small areas (`targeting synth
// services`), so that the service-usage aggregation (pipelines/aggregate),
// its disclosure control and its speed can be built, tested and shown
// without touching a real person's record. What it writes is read back by
// pipelines/aggregate/extract like any council extract; the committed
// sample in testdata/services is made by it.
//
// Volumes follow each area's real denominators (population, children, older
// people, households) and its real IoD 2019 income deprivation, so the
// synthetic rates have the shape of real ones; households use services
// repeatedly, demand is seasonal, and a small share of rows is dirty in the
// ways real extracts are (blank location, a point outside the city, a date
// in the future, a record id sent twice). Every file written says SYNTHETIC:
// a column on every row and the file's own metadata where it has any.
// A seed fixes every byte of the output.
package synth
