package pipeline

import (
	"context"
	"fmt"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/manchester-insight/targeting/pipelines/aggregate"
)

// Runners are the Beam runners a job can be submitted to.
var Runners = []string{"prism", "dataflow", "flink", "spark"}

// Build adds the aggregation of a prepared job to a pipeline.
func Build(s beam.Scope, p *Plan, g *Geography) {
	s = s.Scope("aggregate")
	plan := encode(p)
	geography := beam.Create(s, encode(g))
	ordinals := make([]int, len(p.Files))
	for i := range ordinals {
		ordinals[i] = i
	}
	// Reshuffle spreads the files over workers (a Create is one bundle).
	files := beam.Reshuffle(s, beam.CreateList(s, ordinals))

	dups := beam.CreateList(s, [][]byte{})
	if p.Config.Extract.Columns.RecordID != "" {
		ids := beam.ParDo(s.Scope("record ids"), &idsFn{Plan: plan}, files)
		dups = beam.ParDo(s.Scope("duplicates"), firstOfDuplicates, beam.GroupByKey(s, ids))
	}
	pairs, sums, names := beam.ParDo3(s.Scope("count"), &countFn{Plan: plan}, files,
		beam.SideInput{Input: geography}, beam.SideInput{Input: dups})
	people := beam.ParDo(s.Scope("distinct"), &distinctFn{Plan: plan}, beam.GroupByKey(s, pairs),
		beam.SideInput{Input: geography}, beam.SideInput{Input: names})
	records, metas := beam.ParDo2(s.Scope("records"), &recordsFn{}, sums,
		beam.SideInput{Input: geography}, beam.SideInput{Input: names})
	measures := beam.CombinePerKey(s.Scope("sum"), sumCounts, beam.Flatten(s, people, records))
	beam.ParDo0(s.Scope("finish"), &finishFn{Plan: plan}, beam.Impulse(s),
		beam.SideInput{Input: geography}, beam.SideInput{Input: names},
		beam.SideInput{Input: measures}, beam.SideInput{Input: metas})
}

// Run builds the job's pipeline and runs it on the named runner, waiting
// for it to finish (unless Beam's --async is set), and returns its
// counters. The runner reads its options (endpoint, project, region, temp
// location, ...) from Beam's flags.
func Run(ctx context.Context, runner string, p *Plan, g *Geography) (*Stats, error) {
	if !slices.Contains(Runners, runner) {
		return nil, fmt.Errorf("runner %q is not one of %v", runner, Runners)
	}
	pipeline := beam.NewPipeline()
	Build(pipeline.Root(), p, g)
	r, err := beam.Run(ctx, runner, pipeline)
	if err != nil {
		return nil, err
	}
	return statsOf(r), nil
}

// Version is the engine version the outputs carry.
func Version() string { return aggregate.Version }
