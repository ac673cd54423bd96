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
// geography.boundaries.areas). See engine/smooth.
type Smooth struct {
	Method string `yaml:"method"`
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
	if sm.Method == SmoothSpatialEB && s.Geography.Boundaries.Areas.File == "" {
		return s.errAt(key+".smooth.method", "spatial_eb needs neighbours: set geography.boundaries.areas")
	}
	return nil
}
