package score

import (
	"testing"

	"github.com/manchester-insight/targeting/geo/format"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
)

// BenchmarkIMD2019 is the whole national run of examples/imd2019.yaml:
// load the 32,844-row file and the lookup, rebuild the IMD, rank, and write
// the CSV outputs.
func BenchmarkIMD2019(b *testing.B) {
	sc, err := scenario.Load("../../examples/imd2019.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		res, err := Run(sc, Options{}, quiet)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := result.Write(res, b.TempDir(), res.Scenario.Outputs.Formats); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteManchesterAllFormats writes the Manchester scenario's two
// layers in every format (GeoPackage, GeoParquet, FlatGeobuf, GeoJSON, CSV).
func BenchmarkWriteManchesterAllFormats(b *testing.B) {
	sc, err := scenario.Load("../../examples/cost-of-living.yaml")
	if err != nil {
		b.Fatal(err)
	}
	sc.Outputs.Formats = format.Names()
	res, err := Run(sc, Options{}, quiet)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := result.Write(res, b.TempDir(), res.Scenario.Outputs.Formats); err != nil {
			b.Fatal(err)
		}
	}
}
