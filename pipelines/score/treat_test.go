package score

import (
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/engine"
)

// A scenario-wide treat applies to every indicator; with limits tight
// enough to catch income's skew (about 1.2) the report lists each
// winsorised or logged value, and <id>_value keeps the raw value.
func TestTreatReported(t *testing.T) {
	if testing.Short() {
		t.Skip("scores cost-of-living from the national files (~1-3 s); runs without -short")
	}
	sc, err := costOfLiving(t, func(s string) string {
		return strings.Replace(s, "aggregation: arithmetic\n", "aggregation: arithmetic\ntreat: {winsorise: {skew: 1, kurtosis: -5, max_points: 3}}\n", 1)
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc, Options{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Report.Treated) == 0 {
		t.Fatal("nothing treated")
	}
	codes, _ := engine.Strings(res.Areas, engine.ColCode)
	row := map[string]int{}
	for i, c := range codes {
		row[c] = i
	}
	vals := map[string][]float64{}
	for _, tr := range res.Report.Treated {
		if vals[tr.Indicator] == nil {
			vals[tr.Indicator], _ = engine.Floats(res.Areas, tr.Indicator+"_value")
		}
		if v := vals[tr.Indicator][row[tr.Code]]; v != tr.Raw {
			t.Errorf("%s %s: _value %g, report raw %g", tr.Indicator, tr.Code, v, tr.Raw)
		}
		if tr.Treated == tr.Raw && tr.Step != "log" {
			t.Errorf("%+v: listed but unchanged", tr)
		}
	}
	if res.Report.Treated[0].Indicator != "income" {
		t.Errorf("first treated %+v, want income", res.Report.Treated[0])
	}
}
