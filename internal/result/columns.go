package result

import "github.com/manchester-insight/targeting/engine"

// Names of the output contract's columns (README "Output fields"): scripts
// rely on them, so every package spells them through these constants.
const (
	// Areas table, before the engine's columns.
	ColAreaCode   = engine.ColCode
	ColAreaName   = "area_name"
	ColWardCode   = "ward_code"
	ColWardName   = "ward_name"
	ColPopulation = "population"
	// Wards table, after ward_code and ward_name.
	ColNAreas        = "n_areas"
	ColMeanScore     = "mean_score"
	ColAreasSelected = "areas_selected"
	ColPeopleCovered = "people_covered"
)
