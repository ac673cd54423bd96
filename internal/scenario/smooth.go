package scenario

// Smoothing methods of Smooth.Method.
const (
	SmoothEB        = "empirical_bayes" // global empirical Bayes (Marshall 1991)
	SmoothSpatialEB = "spatial_eb"      // spatial empirical Bayes over queen contiguity
)

// Smooth shrinks an indicator's rate (numerator / denominator) towards a
// wider mean before it is normalised: `smooth: {method: empirical_bayes}`
// towards the mean of all areas, `smooth: {method: spatial_eb}` towards the
// pooled rate of each area and its queen-contiguous neighbours (from
// geography.boundaries.areas). Reference (empirical_bayes only) is what
// the rates shrink towards: all (the default: every area of the
// scenario), district or ward (the area's own district or ward), or the
// name of one of geography.groupings (e.g. msoa). See engine/smooth.
type Smooth struct {
	Method    string `yaml:"method"`
	Reference string `yaml:"reference"`
}

func (s *Scenario) validateSmooth(key string, ind *Indicator) error {
	sm := ind.Smooth
	if sm == nil {
		return nil
	}
	switch sm.Method {
	case SmoothEB, SmoothSpatialEB:
	case "":
		return s.errAt(key+".smooth.method", "is required: %s or %s", SmoothEB, SmoothSpatialEB)
	default:
		return s.errAt(key+".smooth.method", "%q is not one of %s, %s", sm.Method, SmoothEB, SmoothSpatialEB)
	}
	if ind.Value != "" {
		return s.errAt(key+".smooth", "smoothing needs the counts: give numerator and denominator instead of value")
	}
	switch {
	case sm.Method == SmoothSpatialEB && sm.Reference != "" && sm.Reference != "neighbours":
		return s.errAt(key+".smooth.reference", "spatial_eb shrinks towards the neighbours; give no reference (or neighbours)")
	case sm.Method == SmoothEB && sm.Reference != "" && sm.Reference != "all" && sm.Reference != "district" && sm.Reference != "ward" &&
		s.Geography.Groupings[sm.Reference].File == "":
		return s.errAt(key+".smooth.reference", "%q is not one of all, district, ward or a geography.groupings name (use method: spatial_eb for neighbours)", sm.Reference)
	}
	if sm.Method == SmoothSpatialEB && s.Geography.Boundaries.Areas.File == "" {
		return s.errAt(key+".smooth.method", "spatial_eb needs neighbours: set geography.boundaries.areas")
	}
	return nil
}
