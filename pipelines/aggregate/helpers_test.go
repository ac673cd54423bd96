package aggregate

import (
	"path/filepath"
	"testing"

	"github.com/manchester-insight/targeting/pipelines/aggregate/synth"
)

const mappingFile = "../../testdata/services/mapping.yaml"

// config loads the committed mapping; postcodes, when given, replaces its
// postcode lookup (for extracts generated in a test).
func config(t testing.TB, postcodes string) *Config {
	t.Helper()
	cfg, err := LoadConfig(mappingFile)
	if err != nil {
		t.Fatal(err)
	}
	if postcodes != "" {
		abs, _ := filepath.Abs(postcodes)
		cfg.Geography.Postcodes.File = abs
	}
	return cfg
}

var testAreas []synth.Area

// generate writes a synthetic extract into dir and returns its path.
func generate(t testing.TB, dir, name string, opt synth.Options) string {
	t.Helper()
	g, err := synth.New(loadTestAreas(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if _, err := synth.Write(path, g); err != nil {
		t.Fatal(err)
	}
	return path
}

// loadTestAreas reads Manchester's areas for the generator, once.
func loadTestAreas(t testing.TB) []synth.Area {
	t.Helper()
	if testAreas == nil {
		a, err := synth.LoadAreas(synth.Inputs{Boundaries: "../../data/boundaries/manchester_lsoa11_generalised_wgs84.geojson",
			CodeProp: "area_code", IoD: "../../data/iod2019/iod2019_lsoa11_england.csv.gz",
			Households: "../../data/fuel_poverty/fuel_poverty_2020_lsoa11_england.csv.gz"})
		if err != nil {
			t.Fatal(err)
		}
		testAreas = a
	}
	return testAreas
}
