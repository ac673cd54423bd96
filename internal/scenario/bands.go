package scenario

import (
	"fmt"

	"github.com/manchester-insight/targeting/engine"
)

// Bands says what deciles, quintiles and percentiles hold equal shares of:
// `bands: {weight: population}` makes each decile hold about 10% of the
// residents (geography.population) instead of 10% of the areas (the IoD's
// deciles, the default; `weight: areas`). See engine.BandPopulation.
type Bands struct {
	Weight string `yaml:"weight"`
}

func (s *Scenario) validateBands() error {
	if s.Bands == nil {
		return nil
	}
	switch engine.BandWeight(s.Bands.Weight) {
	case engine.BandAreas:
		return nil
	case engine.BandPopulation:
		for i, ind := range s.Indicators {
			if ind.ID == engine.ColPopulation {
				return s.errAt(fmt.Sprintf("indicators[%d].id", i), "%q is the population column that bands: {weight: population} uses; rename the indicator", ind.ID)
			}
		}
		return nil
	case "":
		return s.errAt("bands.weight", "is required: areas (each decile holds 10%% of the areas) or population (10%% of the residents)")
	}
	return s.errAt("bands.weight", "%q must be areas or population", s.Bands.Weight)
}
