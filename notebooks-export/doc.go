// Package notebooksexport hands a scored scenario over to the two audiences
// who do not use QGIS: analysts, who continue in Jupyter, and managers and
// councillors, who read a briefing.
//
//   - Export writes the results as Arrow IPC (Feather v2), Parquet, a
//     GeoPackage and CSV, and a Jupyter notebook (nbformat 4.5) that loads
//     them, reproduces the headline tables, draws the maps and charts and
//     explains every column: nobody retypes a number.
//   - WriteReport writes one self-contained HTML briefing (inline SVG and
//     CSS, no scripts, no external requests) that prints cleanly to PDF.
//   - WriteMapPNG draws the area map as a PNG in pure Go, so a briefing
//     image needs no browser.
//
// Everything exported goes through one function, disclose (disclosure.go),
// where statistical disclosure control is applied.
package notebooksexport
