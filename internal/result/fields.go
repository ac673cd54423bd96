package result

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/manchester-insight/targeting/engine"
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

// dictionary builds the data dictionary rows for a layer's fields.
func dictionary(sc *scenario.Scenario, layer string, rec arrow.RecordBatch) [][]string {
	var rows [][]string
	for _, f := range rec.Schema().Fields() {
		rows = append(rows, []string{layer, f.Name, TypeName(f.Type), describe(sc, f.Name)})
	}
	return rows
}
