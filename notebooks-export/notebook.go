package notebooksexport

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/palette"
)

// exportFiles are the base names of the files an export writes, which the
// notebook opens relative to its own folder. Empty means not written.
type exportFiles struct {
	gpkg                             string
	areasFeather, wardsFeather       string
	areasParquet, wardsParquet       string
	areasCSV, wardsCSV               string
	fields, report, robustness, self string
}

// notebookCells builds the notebook: provenance first, then loading,
// the headline numbers checked against the run, the tables, the column
// dictionary, the map and the rank-uncertainty chart. dict is the data
// dictionary rows (layer, field, type, description).
func notebookCells(r *run, f exportFiles, dict [][]string) []cell {
	rep := r.rep
	k := r.nSelected()
	var cells []cell

	intro := []string{
		"# " + r.sc.Title,
		"",
		strings.TrimSpace(r.sc.Description),
		"",
		fmt.Sprintf("Scenario `%s`, scored by targeting %s on %s UTC. **Selection:** %s: %d of %d small areas, covering %s people, in %d of %d wards.",
			r.sc.Name, rep.Version, rep.Started.Format("2 January 2006 15:04"), rep.Selection, k, len(r.code), thousands(rep.People), r.wardsWithSelected(), len(r.wCode)),
		"",
		"This notebook was written by `targeting notebook` next to the run's files; run it top to bottom (it needs pandas, matplotlib and geopandas: " +
			"Debian's `python3-geopandas`, `python3-matplotlib`; pyarrow or polars are used for the Arrow files when installed). " +
			"Every number below is read from those files and checked against the run, so nothing is retyped.",
		"",
		"| file | what |",
		"| --- | --- |",
	}
	row := func(name, what string) {
		if name != "" {
			intro = append(intro, fmt.Sprintf("| `%s` | %s |", name, what))
		}
	}
	row(f.areasFeather, "small areas, Arrow IPC file (Feather v2)")
	row(f.wardsFeather, "wards, Arrow IPC file (Feather v2)")
	row(f.areasParquet, "small areas, Parquet")
	row(f.wardsParquet, "wards, Parquet")
	row(f.areasCSV, "small areas, CSV")
	row(f.wardsCSV, "wards, CSV")
	row(f.gpkg, "GeoPackage, layers `areas` and `wards` in EPSG:27700 (British National Grid), styled for QGIS")
	row(f.fields, "data dictionary: every column, its type and meaning")
	row(f.report, "run report: inputs with sha256, conversions, imputations, warnings")
	row(f.robustness, "robustness run: rank interval of each area")
	intro = append(intro, "", "**Disclosure control:** counts below "+fmt.Sprint(MinCount)+" from service-usage sources are suppressed (empty) in every file here. "+
		suppressionNote(r.suppressed))
	cells = append(cells, markdown("about", intro...))

	cells = append(cells, markdown("setup-note", "## Setup",
		"", "The run's own values, written by `targeting notebook`: file names, column types, the headline numbers the data must reproduce, and the map's colours (the same as the GeoPackage's QGIS style and the HTML report)."))
	cells = append(cells, code("setup", setupSource(r, f)))
	cells = append(cells, markdown("load-note", "## Load the tables",
		"", "The Arrow IPC (Feather v2) files are read with pyarrow, or else polars. Debian's Python has neither, so without them the CSV copies are read with the Arrow files' column types: the frames are the same. The Parquet files are compared too where pandas has a Parquet engine."))
	cells = append(cells, code("load", loadSource))
	cells = append(cells, markdown("headline-note", "## Headline numbers",
		"", "Recomputed from the tables and checked against the run report: an assertion fails if a file does not match the run."))
	cells = append(cells, code("headline", headlineSource))
	cells = append(cells, markdown("tables-note", "## Tables",
		"", "The ten areas most in need, every selected area, and the wards by people covered. Rank 1 is the area most in need; decile 1 is the 10% of areas most in need."))
	cells = append(cells, code("top-areas", topAreasSource))
	cells = append(cells, code("selected-areas", selectedSource))
	cells = append(cells, code("ward-summary", wardsSource))
	cells = append(cells, markdown("columns", columnsMarkdown(dict)...))
	cells = append(cells, code("columns-table", columnsSource))
	cells = append(cells, markdown("map-note", "## Map",
		"", "Small areas coloured by decile (darkest = most in need), selected areas outlined in black, ward boundaries and names on top. Drawn from the GeoPackage with geopandas."))
	cells = append(cells, code("map", mapSource))
	cells = append(cells, markdown("uncertainty-note", "## Rank uncertainty",
		"", "How stable is each rank? A robustness run (`targeting robustness`) re-scores the scenario many times with its modelling choices varied (weights, and the alternative normalisations and aggregations the scenario names) "+
			"and records each area's median rank, the 5th to 95th percentile of its rank and how often it is selected. "+
			"Areas whose bar crosses the selection line could as well be in or out.",
		"", robustnessMarkdown(r)))
	cells = append(cells, code("uncertainty", uncertaintySource))
	cells = append(cells, markdown("provenance", provenanceMarkdown(r)...))
	return cells
}

func suppressionNote(n int) string {
	if n == 0 {
		return "This run has no such counts, so nothing was suppressed."
	}
	return fmt.Sprintf("%d cells were suppressed in this run.", n)
}

func robustnessMarkdown(r *run) string {
	if r.rob == nil {
		return "**Not run:** no robustness result was found for this scenario, so the chart below is skipped and ranks are point estimates."
	}
	runs := "an unstated number of"
	if r.rob.Draws > 0 {
		runs = fmt.Sprint(r.rob.Draws)
	}
	varied := ""
	if len(r.rob.Varied) > 0 {
		varied = " Varied: " + strings.Join(r.rob.Varied, "; ") + "."
	}
	return fmt.Sprintf("Robustness result: %s draws, %d areas.%s", runs, len(r.rob.Areas), varied)
}

// setupSource is the first code cell: the run's values as Python constants.
func setupSource(r *run, f exportFiles) string {
	files := pyDict{}
	for k, v := range map[string]string{"gpkg": f.gpkg, "areas_feather": f.areasFeather, "wards_feather": f.wardsFeather,
		"areas_parquet": f.areasParquet, "wards_parquet": f.wardsParquet, "areas_csv": f.areasCSV, "wards_csv": f.wardsCSV,
		"fields": f.fields, "report": f.report, "robustness": f.robustness} {
		if v == "" {
			files[k] = nil
		} else {
			files[k] = v
		}
	}
	style := geo.DecileStyle("decile")
	colours, labels := make([]string, len(style.Classes)), make([]string, len(style.Classes))
	for i, c := range style.Classes {
		colours[i], labels[i] = c.Colour, c.Label
	}
	expected := pyDict{"areas": float64(len(r.code)), "wards": float64(len(r.wCode)), "areas_selected": float64(r.nSelected()),
		"people_covered": r.rep.People, "top_k": selectedAreTopK(r)}
	var b strings.Builder
	fmt.Fprintf(&b, "# Written by `targeting notebook` from the run; the cells below check the files against EXPECTED.\n")
	fmt.Fprintf(&b, "from pathlib import Path\n\nimport pandas as pd\n\n")
	fmt.Fprintf(&b, "NAME = %s\nTITLE = %s\nSELECTION = %s\n", py(r.sc.Name), py(r.sc.Title), py(r.rep.Selection))
	fmt.Fprintf(&b, "FILES = %s\n", py(files))
	fmt.Fprintf(&b, "DTYPES = %s\n", py(pyDict{"areas": arrowTypes(r.areas), "wards": arrowTypes(r.wards)}))
	fmt.Fprintf(&b, "EXPECTED = %s\n", py(expected))
	fmt.Fprintf(&b, "DECILE_COLOURS = %s\nDECILE_LABELS = %s\n", py(colours), py(labels))
	fmt.Fprintf(&b, "AREA_EDGE = %s\nWARD_BOUNDARY = %s\nSELECTED_OUTLINE = %s\nSELECTED_COLOUR = %s\nOTHER_COLOUR = %s\n",
		py(palette.AreaEdge), py(palette.WardBoundary), py(palette.SelectedOutline), py(palette.Accent), py(palette.Unselected))
	fmt.Fprintf(&b, "ATTRIBUTION = %s\n\n", py(r.rep.Attribution))
	fmt.Fprintf(&b, "pd.set_option(\"display.max_columns\", 40)\npd.set_option(\"display.width\", 200)\npd.set_option(\"display.max_rows\", 120)\n")
	return b.String()
}

// selectedAreTopK reports whether the selection is exactly ranks 1..k, so
// charts may draw a selection line at k + 0.5 (true for top_n and
// top_percent; not for rules on one indicator).
func selectedAreTopK(r *run) bool {
	k := float64(r.nSelected())
	for i, s := range r.selected {
		if s != (r.rank[i] <= k) {
			return false
		}
	}
	return true
}

// arrowTypes names each column's type for the CSV fallback reader.
func arrowTypes(rec arrow.RecordBatch) pyDict {
	out := pyDict{}
	for _, f := range rec.Schema().Fields() {
		out[f.Name] = map[arrow.Type]string{arrow.STRING: "str", arrow.FLOAT64: "float64", arrow.INT64: "Int64", arrow.BOOL: "bool"}[f.Type.ID()]
	}
	return out
}

func columnsMarkdown(dict [][]string) []string {
	lines := []string{"## What each column means", "",
		"From the run's data dictionary (`_fields.csv`). Areas come first, then wards. `<id>_value` is an indicator's raw value and `<id>_norm` its normalised value (higher = more in need).", "",
		"| table | column | type | meaning |", "| --- | --- | --- | --- |"}
	for _, d := range dict {
		if len(d) < 4 {
			continue
		}
		lines = append(lines, fmt.Sprintf("| %s | `%s` | %s | %s |", mdCell(d[0]), mdCell(d[1]), mdCell(d[2]), mdCell(d[3])))
	}
	return lines
}

func provenanceMarkdown(r *run) []string {
	rep := r.rep
	lines := []string{"## Provenance", "",
		fmt.Sprintf("targeting %s; run started %s UTC; scenario file `%s` (sha256 `%s`).", rep.Version, rep.Started.Format("2006-01-02 15:04:05"), r.sc.Path, rep.ScenarioSHA), "",
		"| input | file | bytes | sha256 |", "| --- | --- | --- | --- |"}
	for _, in := range rep.Inputs {
		lines = append(lines, fmt.Sprintf("| %s | `%s` | %d | `%s` |", mdCell(in.Source), mdCell(in.Path), in.Bytes, in.SHA256))
	}
	if len(rep.Warnings) > 0 {
		lines = append(lines, "", "Warnings:", "")
		for _, w := range rep.Warnings {
			lines = append(lines, "- "+w)
		}
	}
	lines = append(lines, "", "### Data sources and attribution", "")
	for _, a := range rep.Attribution {
		lines = append(lines, "- "+a)
	}
	return lines
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ").Replace(s)
}
