package pipeline

import (
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/assign"
	"github.com/manchester-insight/targeting/geo/crs"
	"github.com/manchester-insight/targeting/pipelines/aggregate"
	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
)

// newResolver builds, on a worker, the aggregate.Resolver that the
// in-process path builds in aggregate.Run: the same code lookup (over the
// side input's areas, so area numbers agree on every worker), the same
// postcode lookup and the same point-in-polygon index over the same
// boundaries in the same CRS. Record-id duplicates are not its job here:
// they are found across files by the id shuffle (see dups.go).
//
// The postcode lookup and boundaries are read from the paths the mapping
// names, so on a cluster they must be at that path on every worker.
func newResolver(p *Plan, g *Geography) (*aggregate.Resolver, error) {
	cfg := p.Config
	codes := g.Areas.Codes
	r := aggregate.NewResolver(len(codes), p.Services)
	r.Households = p.Households
	r.Codes = assign.NewCodes(codes)
	r.AsOf = extract.Days(p.AsOf)
	if !p.From.IsZero() {
		r.From = extract.Days(p.From)
	}
	if !p.To.IsZero() {
		r.To = extract.Days(p.To)
	}
	gg := cfg.Geography
	if cfg.Extract.Columns.Postcode != "" {
		k, err := assign.LoadKeys(cfg.Resolve(gg.Postcodes.File), gg.Postcodes.Key, gg.Postcodes.Area, r.Codes)
		if err != nil {
			return nil, err
		}
		r.Keys = k
	}
	kind := cfg.Extract.Point()
	if kind == extract.NoPoint {
		return r, nil
	}
	b, err := geo.LoadGeoJSON(nil, cfg.Resolve(gg.Boundaries.File), gg.Boundaries.Code)
	if err != nil {
		return nil, err
	}
	geoms, err := b.For(codes)
	if err != nil {
		return nil, err
	}
	if kind == extract.BNG {
		for i := range geoms {
			geoms[i] = crs.ProjectToBNG(geoms[i])
		}
	}
	r.Points, err = assign.NewIndex(codes, geoms)
	return r, err
}
