package scenario

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"
)

// StarterIndicators are the shipped indicators `targeting init` can put in
// a new scenario, in the order it lists them.
var StarterIndicators = []string{"income", "employment", "imd", "fuel_poverty", "household_deprivation"}

// Starter is what `targeting init` needs to write a scenario.
type Starter struct {
	District   string   // local authority district code, e.g. E08000006
	Indicators []string // from StarterIndicators; empty means income, employment, fuel_poverty
	// DataDir is the shipped data folder, relative to the folder the
	// scenario is written in (paths in a scenario are relative to it).
	DataDir string
}

var districtRE = regexp.MustCompile(`^E0[6-9]\d{6}$`)

// Scenario writes a commented scenario file that scores the district's
// LSOAs (2011) on the chosen shipped indicators with equal weights and
// selects the most deprived 20%. Manchester (E08000003) gets boundaries and
// a GeoPackage; other districts get tables (CSV and Excel), since the
// shipped ward boundaries are Manchester's.
func (st Starter) Scenario() ([]byte, error) {
	if !districtRE.MatchString(st.District) {
		return nil, fmt.Errorf("--district %q: want an English local authority district code such as E08000006 (Salford)", st.District)
	}
	inds := st.Indicators
	if len(inds) == 0 {
		inds = []string{"income", "employment", "fuel_poverty"}
	}
	for _, id := range inds {
		if !slices.Contains(StarterIndicators, id) {
			return nil, fmt.Errorf("--indicators: %q is not one of %v", id, StarterIndicators)
		}
	}
	data := filepath.ToSlash(st.DataDir)
	if data == "" {
		data = "data"
	}
	var b bytes.Buffer
	err := starterTemplate.Execute(&b, map[string]any{
		"District": st.District, "Name": "targeting-" + strings.ToLower(st.District), "Data": data,
		"Indicators": inds, "Weight": fmt.Sprintf("%.4g", 1/float64(len(inds))),
		"Manchester": st.District == "E08000003", "Census": slices.Contains(inds, "household_deprivation"),
		"Fuel": slices.Contains(inds, "fuel_poverty"),
	})
	return b.Bytes(), err
}

var starterTemplate = template.Must(template.New("starter").Parse(`# A targeting scenario for district {{.District}}, written by targeting init.
# Every key is explained in README.md ("Scenario files"). Edit freely, then:
#   targeting validate --scenario THIS_FILE
#   targeting score --scenario THIS_FILE --out out
name: {{.Name}}
title: Areas most in need in {{.District}}
description: >
  Every LSOA (2011) of district {{.District}} scored on shipped open data,
  equal weights, the most deprived 20% selected.

geography:
  areas: lsoa11                 # the small areas scored: LSOA 2011
  within: {{.District}}          # the district's areas only
  lookup:                       # LSOA -> ward -> district (ONS best-fit lookup, 2019 wards)
    file: {{.Data}}/lookups/lsoa11_ward19_lad19_england_wales.csv.gz
    area: LSOA11CD
    area_name: LSOA11NM
    ward: WD19CD
    ward_name: WD19NM
    district: LAD19CD
    district_name: LAD19NM
{{- if .Manchester}}
  boundaries:                   # maps: shipped for Manchester
    areas: {file: {{.Data}}/boundaries/manchester_lsoa11_generalised_wgs84.geojson, code: area_code}
    wards: {file: {{.Data}}/boundaries/manchester_wards2023_generalised_wgs84.geojson, code: area_code}
{{- end}}
{{- if .Census}}
  # Census 2021 counts are on LSOA 2021: converted through the ONS exact-fit
  # lookup, split between 2011 areas by their population.
  vintages: {{.Data}}/lookups/lsoa11_lsoa21_lad22_england_wales.csv.gz
  apportion:
    lsoa11: {source: iod2019, column: "Total population: mid 2015 (excluding prisoners)"}
{{- end}}
  population: {source: iod2019, column: "Total population: mid 2015 (excluding prisoners)"}
  attribution: "Source: Office for National Statistics licensed under the Open Government Licence v.3.0.{{if .Manchester}} Contains OS data © Crown copyright and database right 2021 (LSOA boundaries), 2023 (ward boundaries).{{end}}"

sources:
  iod2019:
    file: {{.Data}}/iod2019/iod2019_lsoa11_england.csv.gz
    code: LSOA code (2011)
    vintage: lsoa11
    title: English Indices of Deprivation 2019
    publisher: Ministry of Housing, Communities & Local Government
    licence: OGL-UK-3.0
    attribution: "English Indices of Deprivation 2019 (MHCLG). Contains public sector information licensed under the Open Government Licence v3.0."
{{- if .Fuel}}
  fuel_poverty:
    file: {{.Data}}/fuel_poverty/fuel_poverty_2020_lsoa11_england.csv.gz
    code: LSOA Code
    vintage: lsoa11
    title: Sub-regional fuel poverty 2022 (2020 data), LILEE
    publisher: Department for Business, Energy & Industrial Strategy
    licence: OGL-UK-3.0
    attribution: "Sub-regional fuel poverty 2022 (BEIS). Contains public sector information licensed under the Open Government Licence v3.0."
{{- end}}
{{- if .Census}}
  census_ts011:
    file: {{.Data}}/census2021/ts011_household_deprivation_dimensions_lsoa21_england_wales.csv.gz
    code: lsoa21_code
    vintage: lsoa21
    pivot: {key: households_number_deprivation_dimensions, value: count}
    title: Census 2021 TS011 Households by deprivation dimensions
    publisher: Office for National Statistics
    licence: OGL-UK-3.0
    attribution: "Census 2021 (ONS). Contains public sector information licensed under the Open Government Licence v3.0."
{{- end}}

# Each indicator: where its value comes from, which way is worse, how it is
# made comparable (normalise) and how much it counts (weight; they sum to 1).
indicators:
{{- range .Indicators}}
{{- if eq . "income"}}
  - id: income
    label: Income deprivation (IoD 2019 national rank, 1 = most deprived)
    source: iod2019
    value: Income Rank (where 1 is most deprived)
    kind: rank
    direction: higher_is_better
    normalise: {method: percentile}
    weight: {{$.Weight}}
{{- else if eq . "employment"}}
  - id: employment
    label: Employment deprivation (IoD 2019 national rank, 1 = most deprived)
    source: iod2019
    value: Employment Rank (where 1 is most deprived)
    kind: rank
    direction: higher_is_better
    normalise: {method: percentile}
    weight: {{$.Weight}}
{{- else if eq . "imd"}}
  - id: imd
    label: Index of Multiple Deprivation 2019 (score)
    source: iod2019
    value: Index of Multiple Deprivation (IMD) Score
    kind: score
    direction: higher_is_worse
    normalise: {method: percentile}
    weight: {{$.Weight}}
{{- else if eq . "fuel_poverty"}}
  - id: fuel_poverty
    label: Households in fuel poverty (%)
    source: fuel_poverty
    value: Proportion of households fuel poor (%)
    kind: share
    direction: higher_is_worse
    normalise: {method: percentile}
    weight: {{$.Weight}}
{{- else if eq . "household_deprivation"}}
  - id: household_deprivation
    label: Households deprived in 2+ dimensions (%), Census 2021
    source: census_ts011
    numerator: ["2", "3", "4"]
    denominator: ["0", "1", "2", "3", "4"]
    scale: 100
    direction: higher_is_worse
    normalise: {method: percentile}
    weight: {{$.Weight}}
{{- end}}
{{- end}}

aggregation: arithmetic
allow_weight_sum: true          # equal weights may not add to exactly 1 in decimals
selection:
  top_percent: 20               # the most deprived 20% of the district's areas
outputs:
  formats: [{{if .Manchester}}gpkg, {{end}}csv, xlsx]
`))
