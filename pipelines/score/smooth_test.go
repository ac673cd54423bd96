package score

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/engine"
)

// Smoothing household deprivation (a rate of census counts) in
// cost-of-living: the scored value is the smoothed rate, the report lists
// every area raw -> smoothed, and shrinkage moves each rate towards the
// reference, never past it.
func TestSmoothedRates(t *testing.T) {
	if testing.Short() {
		t.Skip("scores cost-of-living twice from the national files (~3 s); runs without -short")
	}
	for _, spec := range []string{"empirical_bayes", "spatial_eb", "empirical_bayes, reference: ward", "empirical_bayes, reference: msoa"} {
		method, _, _ := strings.Cut(spec, ",")
		t.Run(spec, func(t *testing.T) {
			sc, err := costOfLiving(t, func(s string) string {
				return strings.Replace(s, "    scale: 100\n", "    scale: 100\n    smooth: {method: "+spec+"}\n", 1)
			})
			if err != nil {
				t.Fatal(err)
			}
			res, err := Run(sc, Options{}, quiet)
			if err != nil {
				t.Fatal(err)
			}
			sm := res.Report.Smoothed
			if len(sm) != 1 || sm[0].Indicator != "household_deprivation" || sm[0].Method != method || len(sm[0].Areas) != 282 {
				t.Fatalf("report: %+v", sm)
			}
			codes, _ := engine.Strings(res.Areas, engine.ColCode)
			val, _ := engine.Floats(res.Areas, "household_deprivation_value")
			byCode := map[string]float64{}
			for i, c := range codes {
				byCode[c] = val[i]
			}
			var moved int
			var sumRaw, sumSmooth float64
			for _, a := range sm[0].Areas {
				if a.Raw == nil || a.Smoothed == nil {
					t.Fatalf("area %s has no rate", a.Code)
				}
				if byCode[a.Code] != *a.Smoothed {
					t.Errorf("%s: scored %g, report says smoothed %g", a.Code, byCode[a.Code], *a.Smoothed)
				}
				if math.Abs(*a.Raw-*a.Smoothed) > 1e-9 {
					moved++
				}
				sumRaw += *a.Raw
				sumSmooth += *a.Smoothed
			}
			if moved == 0 {
				t.Error("no rate moved")
			}
			// Shrinkage towards the mean reduces the spread of the rates.
			var vr, vs float64
			mr, ms := sumRaw/282, sumSmooth/282
			for _, a := range sm[0].Areas {
				vr += (*a.Raw - mr) * (*a.Raw - mr)
				vs += (*a.Smoothed - ms) * (*a.Smoothed - ms)
			}
			if vs >= vr {
				t.Errorf("variance of smoothed rates %g >= raw %g", vs/281, vr/281)
			}
			if _, err := json.Marshal(res.Report); err != nil {
				t.Fatal(err)
			}
		})
	}
}
