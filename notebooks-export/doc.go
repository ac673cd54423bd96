// Package notebooksexport hands a scored scenario over to the two audiences
// who do not use QGIS: analysts, who continue in Jupyter, and managers and
// councillors, who read a briefing.
//
//   - Export writes the results as Arrow IPC (Feather v2), Parquet, a
//     GeoPackage and CSV, and a Jupyter notebook (nbformat 4.5) that loads
//     them, reproduces the headline tables, draws the maps and charts and
//     explains every column: nobody retypes a number.
//   - WriteReport writes one self-contained HTML briefing (inline SVG and
//     CSS, no scripts, no external requests) that prints cleanly to A4 PDF:
//     the maps on page 1 with ward labels of 7 pt on paper (a second set of
//     labels, placed at the print size), page numbers in the margin.
//   - WriteMapPNG draws the area map as a PNG in pure Go, with text set
//     from the embedded Go fonts' outlines (font.go) and the SYNTHETIC
//     banner when the run used synthetic sources, so a briefing image needs
//     no browser.
//
// Everything exported goes through one function, disclose (disclosure.go),
// where statistical disclosure control is applied.
package notebooksexport
