package result

import (
	"time"

	"github.com/manchester-insight/targeting/engine"
)

// Report is the run report: what went in, what was converted, imputed,
// dropped and warned about. It is written next to the outputs as JSON.
type Report struct {
	Scenario    string           `json:"scenario"`
	Title       string           `json:"title"`
	ScenarioSHA string           `json:"scenario_sha256"`
	Version     string           `json:"engine_version"`
	Started     time.Time        `json:"started"`
	Finished    time.Time        `json:"finished"`
	Inputs      []Input          `json:"inputs"`
	Conversions []ConversionNote `json:"conversions,omitempty"`
	// Kinds is each value indicator's measure kind (how it converts between
	// vintages), "(default)" where the scenario did not declare it.
	Kinds     map[string]string `json:"measure_kinds,omitempty"`
	Areas     int               `json:"areas"`
	Wards     int               `json:"wards"`
	Selected  int               `json:"areas_selected"`
	People    float64           `json:"people_covered"`
	Selection string            `json:"selection"`
	Imputed   map[string]int    `json:"imputed,omitempty"`
	// ImputedAreas lists every imputed value by indicator and area.
	ImputedAreas []engine.Imputation `json:"imputed_areas,omitempty"`
	// Outside counts, per source, the rows for areas that are not the
	// scenario's (another district, another nation), with a few codes.
	Outside     []OutsideNote `json:"rows_outside_areas,omitempty"`
	Dropped     []string      `json:"dropped,omitempty"`
	Warnings    []string      `json:"warnings,omitempty"`
	Attribution []string      `json:"attribution"`
	// Synthetic lists the sources made by a generator, not real records:
	// every output computed from them says so.
	Synthetic []string `json:"synthetic_sources,omitempty"`
	Outputs   []string `json:"outputs"`
	// Smoothed lists, per smoothed indicator, every area's raw and
	// smoothed rate (scenario key indicators[].smooth).
	Smoothed []Smoothing `json:"smoothed,omitempty"`
	// Treated lists every value changed by an outlier treatment
	// (indicators[].treat): raw, treated, and the step.
	Treated []engine.Treated `json:"treated,omitempty"`
	// PCAWeights states the weights set by principal components (weights:
	// pca): the method, the variance explained and each input's weight.
	PCAWeights []engine.PCAWeights `json:"pca_weights,omitempty"`
}

// Smoothing is one indicator's rate smoothing.
type Smoothing struct {
	Indicator string         `json:"indicator"`
	Method    string         `json:"method"`
	Reference string         `json:"reference"` // what the rates shrink towards, in words
	Areas     []SmoothedRate `json:"areas"`
}

// SmoothedRate is one area's rate before and after smoothing; an area with
// a suppressed count or no denominator is listed with null rates.
type SmoothedRate struct {
	Code     string   `json:"area_code"`
	Raw      *float64 `json:"raw"`
	Smoothed *float64 `json:"smoothed"`
}

// Input is one input file with its content hash.
type Input struct {
	Source string `json:"source"`
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// OutsideNote is how many rows of a source name areas outside the
// scenario, and the first few of them.
type OutsideNote struct {
	Source   string   `json:"source"`
	Rows     int      `json:"rows"`
	Examples []string `json:"examples"`
}

// ConversionNote records a vintage conversion.
type ConversionNote struct {
	Source      string   `json:"source"`
	From        string   `json:"from"`
	To          string   `json:"to"`
	Lookup      string   `json:"lookup"`
	Apportioned []string `json:"apportioned,omitempty"`
	// Ranks says how each rank column was converted and re-ranked.
	Ranks []string `json:"ranks,omitempty"`
}
