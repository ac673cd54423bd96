package pipeline

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/manchester-insight/targeting/engine/disclosure"
	"github.com/manchester-insight/targeting/pipelines/aggregate"
	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
)

// finishFn runs once, on one worker, when every count is in: it builds the
// aggregate.Result the in-process path would have built from the same
// records, applies the same disclosure control and writes the same tables
// (CSV) plus the Hive-partitioned Parquet ones.
type finishFn struct {
	Plan []byte
}

func (f *finishFn) ProcessElement(ctx context.Context, _ []byte, geoSide func(*[]byte) bool, nameSide func(*string) bool,
	measures func(*int, *[]byte) bool, metas func(*[]byte) bool) error {
	p := &Plan{}
	if err := decode(f.Plan, p); err != nil {
		return err
	}
	fr, err := newFrame(geoSide, nameSide)
	if err != nil {
		return err
	}
	res, err := result(p, fr, measures, metas)
	if err != nil {
		return err
	}
	_, err = WriteOutputs(ctx, res, fr.geo, p.Out)
	return err
}

// result assembles the counts into an aggregate.Result and protects it.
func result(p *Plan, fr *frame, measures func(*int, *[]byte) bool, metas func(*[]byte) bool) (*aggregate.Result, error) {
	g := fr.grid
	cfg := p.Config
	if p.Services == nil && len(fr.services) > aggregate.MaxOpenServices {
		// Each worker's resolver stops at this many; together they may not.
		return nil, fmt.Errorf("the extract has more than %d different services; list the services in the mapping", aggregate.MaxOpenServices)
	}
	res := &aggregate.Result{Config: cfg, Areas: fr.geo.Areas, Services: fr.services,
		AsOf: p.AsOf, From: p.From, To: p.To, Started: p.Started, Inputs: slices.Clone(p.Inputs)}
	res.Layout = aggregate.Layout{Grid: g, Column: make([]int, len(fr.services))}
	for i := range res.Layout.Column {
		res.Layout.Column[i] = i
	}
	vec := map[int][]int64{}
	var (
		m int
		b []byte
	)
	for measures(&m, &b) {
		v, err := decodeCounts(b)
		if err != nil {
			return nil, err
		}
		if len(v) != g.Cells() {
			return nil, fmt.Errorf("aggregate: measure %d has %d cells, the grid %d", m, len(v), g.Cells())
		}
		vec[m] = v
	}
	for _, m := range []int{measureRecords, measurePeople, measureHouseholds} {
		if vec[m] == nil {
			vec[m] = make([]int64, g.Cells()) // no row counted anywhere
		}
	}
	res.Records, res.People = vec[measureRecords], vec[measurePeople]
	if p.Households {
		res.House = vec[measureHouseholds]
	}
	var sums []summary
	for metas(&b) {
		var s summary
		if err := decode(b, &s); err != nil {
			return nil, err
		}
		sums = append(sums, s)
	}
	slices.SortFunc(sums, func(a, b summary) int { return a.Ordinal - b.Ordinal })
	info := &extract.Info{Path: p.Extract, Point: cfg.Extract.Point()}
	for _, s := range sums {
		info.Rows += s.Rows
		info.Synthetic = info.Synthetic || s.Synthetic
		switch info.Format {
		case "", s.Format:
			info.Format = s.Format
		default:
			info.Format = "mixed"
		}
		for k, n := range s.Reasons {
			res.Rows[k] += n
		}
		res.Inputs = append(res.Inputs, s.Input)
	}
	res.Extract = info
	res.Synthetic = info.Synthetic || cfg.Synthetic
	measuresOf := [][]int64{res.Records, res.People}
	if res.House != nil {
		measuresOf = append(measuresOf, res.House)
	}
	var err error
	if res.Status, err = disclosure.Protect(cfg.Rule(), measuresOf, g.Lines()); err != nil {
		return nil, err
	}
	res.Finished = time.Now().UTC()
	return res, nil
}
