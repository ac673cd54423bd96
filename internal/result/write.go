package result

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/csvfile"
	"github.com/manchester-insight/targeting/geo/format"
	"github.com/manchester-insight/targeting/geo/gpkg"
	"github.com/manchester-insight/targeting/geo/palette"
	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/internal/stage"
)

// Write writes a result's outputs into dir in the given formats (see
// package geo/format), then the scenario's summaries, the data dictionary
// and the run report. Every file is first written into a staging folder
// inside dir and only renamed into place once all of them are complete, so
// a failed run leaves earlier outputs untouched. It returns the paths
// written.
//
// Files, for a scenario named NAME: NAME.gpkg (layers areas and wards),
// NAME_areas.parquet / NAME_wards.parquet (GeoParquet), NAME_areas.fgb /
// NAME_wards.fgb, NAME_areas.geojson / NAME_wards.geojson, NAME_areas.csv /
// NAME_wards.csv, NAME_<by>_summary.csv for each outputs.summaries entry,
// NAME_fields.csv (data dictionary), NAME_report.json.
func Write(res *Result, dir string, formats []string) ([]string, error) {
	st, err := stage.New(dir, res.Scenario.Name)
	if err != nil {
		return nil, err
	}
	defer st.Abort()
	if err := WriteTo(st, res, formats); err != nil {
		return nil, err
	}
	return st.Publish()
}

// WriteTo writes what Write writes into a stage that the caller publishes.
func WriteTo(st *stage.Stage, res *Result, formats []string) error {
	name := res.Scenario.Slug()
	o := res.Output(name)
	for _, by := range res.Scenario.Outputs.Summaries {
		rec, _, err := Summarise(res, by, "")
		if err != nil {
			return fmt.Errorf("outputs.summaries: %w", err)
		}
		defer rec.Release()
		o.Tables = append(o.Tables, format.Table{Name: "Summary by " + by, Rec: rec})
	}
	if err := format.Write(st, o, formats); err != nil {
		return err
	}
	for i, by := range res.Scenario.Outputs.Summaries {
		rec := o.Tables[i].Rec
		if err := st.Write(name+"_"+by+"_summary.csv", func(p string) error { return csvfile.Write(p, rec) }); err != nil {
			return err
		}
	}
	if err := st.Write(name+"_fields.csv", func(p string) error { return writeDictionary(p, res) }); err != nil {
		return err
	}
	res.Report.Outputs = append(slices.Clone(st.Files()), name+"_report.json")
	return st.Write(name+"_report.json", func(p string) error { return WriteJSON(p, res.Report) })
}

// Output is the result's two layers, areas (styled by decile) and wards, in
// EPSG:27700, with the run's provenance, for the output formats: the files
// are named stem.gpkg, stem_areas.csv, ...
func (res *Result) Output(stem string) *format.Output {
	r := res.Report
	o := &format.Output{Stem: stem, Layers: res.Layers(), CRS: res.Scenario.Outputs.CRS,
		Meta: res.Metadata(), Districts: res.Districts(), Title: res.Scenario.Title, Dictionary: res.Dictionary(),
		About: [][2]string{{"Selection", r.Selection},
			{"Result", fmt.Sprintf("%d of %d areas selected, covering %.0f people, in %d wards", r.Selected, r.Areas, r.People, r.Wards)},
			{"Engine", "targeting " + r.Version}}}
	if len(r.Synthetic) > 0 {
		o.Banner = SyntheticBanner(r.Synthetic)
	}
	for i, w := range r.Warnings {
		label := ""
		if i == 0 {
			label = "Warnings"
		}
		o.About = append(o.About, [2]string{label, w})
	}
	return o
}

// Layers are the result's two layers, areas (styled by decile) and wards,
// in EPSG:27700. Without boundaries their geometries are nil.
func (res *Result) Layers() []*geo.Layer {
	sc := res.Scenario
	meta := res.Metadata()
	text := fmt.Sprintf("Scenario %s (%s), engine %s, run %s. Selection: %s.\n%s",
		sc.Name, sc.Title, engine.Version, meta.RunTime.Format("2006-01-02T15:04:05Z"), res.Report.Selection,
		strings.Join(res.Report.Attribution, "\n"))
	if len(res.Report.Synthetic) > 0 {
		text = fmt.Sprintf("CONTAINS SYNTHETIC DATA (sources %v are generated test data, not real records).\n", res.Report.Synthetic) + text
	}
	// Areas: decile fill, area-name labels defined but off. Wards: outlines
	// labelled with ward names, drawn above the areas.
	areaStyle := geo.DecileStyle(engine.ColDecile)
	areaStyle.Labels = &geo.Labels{Field: ColAreaName, SizePt: 7, Colour: palette.DarkInk}
	return []*geo.Layer{
		{Name: "areas", Title: sc.Title + ": small areas", Description: sc.Description, SRID: geo.BNG,
			Attributes: res.Areas, Geometry: res.AreaGeoms, Style: areaStyle, Metadata: text,
			Fields: fieldInfos(sc, res.Areas)},
		{Name: "wards", Title: sc.Title + ": wards", Description: "Ward summary of " + sc.Title, SRID: geo.BNG,
			Attributes: res.Wards, Geometry: res.WardGeoms, Metadata: text,
			Style: geo.BoundaryStyle("Ward boundaries", ColWardName, true), Fields: fieldInfos(sc, res.Wards)},
	}
}

// Metadata is the run's provenance as the layer formats store it.
func (res *Result) Metadata() gpkg.Metadata {
	m := gpkg.Metadata{Scenario: res.Scenario.Name, RunTime: res.Report.Started, Attribution: res.Report.Attribution,
		Extra: string(res.Scenario.Text), Licences: Licences(res.Scenario), Keywords: []string{"deprivation", "need", "targeting"}}
	if len(res.Report.Synthetic) > 0 {
		m.Synthetic = SyntheticBanner(res.Report.Synthetic)
	}
	return m
}

// SyntheticBanner is the warning every output of a run on synthetic
// sources carries.
func SyntheticBanner(sources []string) string {
	return fmt.Sprintf("SYNTHETIC DATA: sources %v are generated test data, not real records; do not use these results for decisions", sources)
}

// licenceNames spell out the licence identifiers scenarios use.
var licenceNames = map[string]string{
	"OGL-UK-3.0": "Open Government Licence v3.0 (OGL-UK-3.0), https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}

// Licences are the licences of the scenario's sources, spelled out, each
// once; the Open Government Licence v3.0 when no source names one (the
// outputs are published under it).
func Licences(sc *scenario.Scenario) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range slices.Sorted(maps.Keys(sc.Sources)) {
		l := strings.TrimSpace(sc.Sources[id].Licence)
		if l == "" {
			continue
		}
		if n, ok := licenceNames[l]; ok {
			l = n
		}
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		out = []string{licenceNames["OGL-UK-3.0"]}
	}
	return out
}

// Dictionary is the data dictionary of the areas and wards tables (columns
// DictionaryHeader): layer, field, type, description, title, short name.
func (res *Result) Dictionary() [][]string {
	return append(DictionaryRows("areas", res.Areas, fieldInfos(res.Scenario, res.Areas)),
		DictionaryRows("wards", res.Wards, fieldInfos(res.Scenario, res.Wards))...)
}

func writeDictionary(path string, res *Result) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write(DictionaryHeader)
	w.WriteAll(res.Dictionary())
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// TypeName is a column type in the words of the data dictionary.
func TypeName(t arrow.DataType) string {
	return map[arrow.Type]string{arrow.STRING: "text", arrow.FLOAT64: "real", arrow.INT64: "integer", arrow.BOOL: "boolean"}[t.ID()]
}

// WriteJSON writes v as indented JSON with a final newline.
func WriteJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
