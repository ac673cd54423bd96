// Package result is the result of a scoring run: the scored areas and wards
// tables, their geometries, the run report (inputs, conversions,
// imputations, warnings, attribution) and what summaries and explanations
// need. Orchestrators (pipelines/...) build it; exporters (the output
// formats, notebooks-export, the analysis commands) read it. It reads no
// files: everything it holds was read by the run's input stage
// (pipelines/score).
package result

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/internal/scenario"
)

// Result is a scored scenario, ready to write.
type Result struct {
	Scenario  *scenario.Scenario
	Areas     arrow.RecordBatch // the areas table (see README "Output fields")
	Wards     arrow.RecordBatch // the wards table
	AreaGeoms []orb.Geometry    // EPSG:27700, aligned with Areas; nil without boundaries
	WardGeoms []orb.Geometry    // EPSG:27700, aligned with Wards
	Report    Report

	// Engine is the engine's own result, for explanations.
	Engine *engine.Result
	// Geography is every area of the scenario's geography, in lookup order,
	// with its ward and district.
	Geography *geo.Areas
	// Summary is the index that Summarise summarises, aligned with Areas.
	Summary SummaryInput
	// Groupings are the area -> group lookups the run read for summaries,
	// by grouping name or lookup column.
	Groupings map[string]Grouping
	// WardShares splits areas between wards by population share
	// (geography.ward_shares), when the run read it.
	WardShares *Shares
}

// Grouping is one area -> group lookup and the file it came from.
type Grouping struct {
	File   string
	Area   string // the file's area code column
	Groups map[string]geo.Group
}

// Shares is the geography.ward_shares lookup and the file it came from.
type Shares struct {
	File   string
	Area   string
	Shares map[string][]geo.Share
}

// Explain explains one area's score and selection (see engine.Explanation).
func (r *Result) Explain(code string) (*engine.Explanation, error) {
	return r.Engine.Explain(code)
}

// Districts maps every area and ward code of the geography to its district.
func (r *Result) Districts() map[string]string {
	g := r.Geography
	out := make(map[string]string, 2*g.Len())
	for i, c := range g.Codes {
		out[c] = g.Districts[i]
		if _, ok := out[g.Wards[i]]; !ok {
			out[g.Wards[i]] = g.Districts[i]
		}
	}
	return out
}
