package result

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/internal/scenario"
)

// fixedFields describes the output fields that every scenario writes. These
// names are a contract that scripts rely on: keep them stable.
var fixedFields = map[string]string{
	ColAreaCode:        "Small-area code (ONS GSS code of the scenario's geography vintage)",
	ColAreaName:        "Small-area name (ONS)",
	ColWardCode:        "Electoral ward code (best-fit lookup from small area to ward)",
	ColWardName:        "Electoral ward name",
	ColPopulation:      "Population of the area (the scenario's geography.population column)",
	engine.ColScore:    "Composite need score: higher = more in need",
	engine.ColRank:     "Rank of the composite score among the scenario's areas: 1 = most in need; ties broken by area code",
	engine.ColDecile:   "Decile of rank: 1 = the 10% of areas most in need, 10 = the 10% least in need",
	engine.ColSelected: "True if the area meets the scenario's selection rule",
	"quintile":         "Quintile of rank: 1 = the 20% of areas most in need",
	"percentile":       "Percentile of rank: 1 = the 1% of areas most in need",
	ColNAreas:          "Number of small areas in the ward",
	ColMeanScore:       "Population-weighted mean of the areas' composite scores",
	ColAreasSelected:   "Number of the ward's areas selected",
	ColPeopleCovered:   "Population of the ward's selected areas",
}

// fixedTitles are the short titles of the fixed fields: the aliases GIS
// clients show in attribute tables (gpkg_data_columns, QML aliases).
var fixedTitles = map[string]string{
	ColAreaCode: "Area code", ColAreaName: "Area name", ColWardCode: "Ward code", ColWardName: "Ward",
	ColPopulation: "Population", engine.ColScore: "Need score", engine.ColRank: "Rank (1 = most in need)",
	engine.ColDecile: "Decile (1 = most in need)", engine.ColSelected: "Selected",
	"quintile": "Quintile", "percentile": "Percentile", ColNAreas: "Small areas", ColMeanScore: "Mean need score",
	ColAreasSelected: "Areas selected", ColPeopleCovered: "People covered",
}

// Describe is a field's title and description in the data dictionary of
// scenario sc (either may be empty for a field the scenario does not write).
func Describe(sc *scenario.Scenario, name string) (title, description string) {
	return fieldTitle(sc, name), describe(sc, name)
}

// fieldTitle is a field's short title.
func fieldTitle(sc *scenario.Scenario, name string) string {
	if t, ok := fixedTitles[name]; ok {
		return t
	}
	if sc == nil {
		return ""
	}
	for _, d := range sc.Domains {
		if name == d.ID+"_score" {
			return labelOr(d.Label, d.ID) + " (domain score)"
		}
	}
	for _, ind := range sc.Indicators {
		switch name {
		case ind.ID + "_value":
			return labelOr(ind.Label, ind.ID) + " (value)"
		case ind.ID + "_norm":
			return labelOr(ind.Label, ind.ID) + " (normalised)"
		}
	}
	return ""
}

func labelOr(label, id string) string {
	if label == "" {
		return id
	}
	return label
}

// TitleFrom makes a short title from a description: the text before its
// first ":", " (", "," or ";", cut at a word to at most 48 characters.
func TitleFrom(description string) string {
	t := description
	for _, sep := range []string{":", " (", ",", ";"} {
		if i := strings.Index(t, sep); i > 0 {
			t = t[:i]
		}
	}
	t = strings.TrimSpace(t)
	if len(t) > 48 {
		if i := strings.LastIndexByte(t[:48], ' '); i > 0 {
			t = t[:i]
		} else {
			t = t[:48]
		}
	}
	return t
}

// FieldInfos describes every column of rec for the layer formats: title
// and description from describe (a title from the description when
// describe gives none, the column name when it gives neither) and the
// column's 10-character short name (geo.ShortNames).
func FieldInfos(rec arrow.RecordBatch, describe func(name string) (title, description string)) map[string]geo.FieldInfo {
	if rec == nil {
		return nil
	}
	var names []string
	for _, f := range rec.Schema().Fields() {
		names = append(names, f.Name)
	}
	short := geo.ShortNames(names)
	out := make(map[string]geo.FieldInfo, len(names))
	for _, n := range names {
		title, desc := describe(n)
		if title == "" {
			title = TitleFrom(desc)
		}
		if title == "" {
			title = n
		}
		out[n] = geo.FieldInfo{Title: title, Description: desc, Alias10: short[n]}
	}
	return out
}

// describe returns a field's description for the data dictionary.
func describe(sc *scenario.Scenario, name string) string {
	if d, ok := fixedFields[name]; ok {
		if name == ColPopulation && sc != nil {
			return fmt.Sprintf("Population of the area (%s, source %s)", sc.Geography.Population.Column, sc.Geography.Population.Source)
		}
		return d
	}
	for _, d := range sc.Domains {
		if name == d.ID+"_score" {
			label := d.Label
			if label == "" {
				label = d.ID
			}
			return fmt.Sprintf("%s: domain score (%s aggregation of its indicators), higher = more in need; weight %g", label, d.Aggregation, *d.Weight)
		}
	}
	for _, ind := range sc.Indicators {
		label := ind.Label
		if label == "" {
			label = ind.ID
		}
		switch name {
		case ind.ID + "_value", ind.ID + "_norm":
			d := describeIndicator(sc, ind, name, label)
			if src := sc.Sources[ind.Source]; src != nil && src.Synthetic {
				d = "SYNTHETIC (generated test data, not real records): " + d
			}
			return d
		}
	}
	return ""
}

func describeIndicator(sc *scenario.Scenario, ind *scenario.Indicator, name, label string) string {
	{
		switch name {
		case ind.ID + "_value":
			what := ind.Value
			if what == "" {
				what = fmt.Sprintf("%g x (%s) / (%s)", ind.Scale, ind.Numerator, ind.Denominator)
			}
			return fmt.Sprintf("%s: raw value (%s; source %s; %s)", label, what, ind.Source, strings.ReplaceAll(ind.Direction, "_", " "))
		default:
			return fmt.Sprintf("%s: normalised (%s), higher = more in need; weight %g", label, ind.Normalise.Method, *ind.Weight)
		}
	}
}

// DictionaryHeader names the data dictionary's columns (NAME_fields.csv,
// a workbook's Fields sheet).
var DictionaryHeader = []string{"layer", "field", "type", "description", "title", "short_name"}

// DictionaryRows are the data dictionary rows of a layer's fields: layer,
// field, type, description, title and 10-character short name.
func DictionaryRows(layer string, rec arrow.RecordBatch, info map[string]geo.FieldInfo) [][]string {
	var rows [][]string
	for _, f := range rec.Schema().Fields() {
		fi := info[f.Name]
		rows = append(rows, []string{layer, f.Name, TypeName(f.Type), fi.Description, fi.Title, fi.Alias10})
	}
	return rows
}

// fieldInfos describes the columns of a scored table of scenario sc.
func fieldInfos(sc *scenario.Scenario, rec arrow.RecordBatch) map[string]geo.FieldInfo {
	return FieldInfos(rec, func(n string) (string, string) { return Describe(sc, n) })
}
