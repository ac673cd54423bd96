package score

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
)

// A count given as value: converts as a count only when the scenario says
// so. LSOA 2011 E01005108 was split into E01034111 (778 claimants) and
// E01034113 (500): converted back to 2011 it holds 1,278 claimants, not the
// population-weighted mean that a rate gets (the old silent answer, 641.38).
func TestCountConvertsAsCount(t *testing.T) {
	if testing.Short() {
		t.Skip("scores the Manchester example twice; runs without -short")
	}
	tab, err := indicators.LoadCSV(indicators.Spec{File: repoData(t) + "/iod2025/iod2025_lsoa21_manchester_file7.csv",
		Code: "LSOA code (2021)", Columns: []string{"Total population: mid 2022"}})
	if err != nil {
		t.Fatal(err)
	}
	lines := []string{"lsoa21cd,claimants"}
	for i, c := range tab.Codes() {
		n := 100 + i%50
		switch c {
		case "E01034111":
			n = 778
		case "E01034113":
			n = 500
		}
		lines = append(lines, fmt.Sprintf("%s,%d", c, n))
	}
	path := filepath.Join(t.TempDir(), "claimants.csv")
	os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	for _, tc := range []struct {
		kind string
		want float64
	}{{"\n    kind: count", 1278}, {"", -1}} {
		sc, err := costOfLiving(t, func(s string) string {
			s = strings.Replace(s, "\nsources:\n", "\nsources:\n  claimants:\n    file: "+path+"\n    code: lsoa21cd\n    vintage: lsoa21\n", 1)
			return strings.Replace(s, "\nindicators:\n", "\nindicators:\n  - id: claimants\n    source: claimants\n    value: claimants"+tc.kind+
				"\n    direction: higher_is_worse\n    normalise: {method: percentile}\n    weight: 0\n", 1)
		})
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(sc, Options{}, quiet)
		if err != nil {
			t.Fatal(err)
		}
		codes, _ := engine.Strings(res.Areas, result.ColAreaCode)
		vals, _ := engine.Floats(res.Areas, "claimants_value")
		got := math.NaN()
		for i, c := range codes {
			if c == "E01005108" {
				got = vals[i]
			}
		}
		switch {
		case tc.want > 0 && got != tc.want:
			t.Errorf("kind: count: E01005108 = %v, want %v", got, tc.want)
		case tc.want < 0 && (got >= 778 || got <= 500):
			t.Errorf("default (rate): E01005108 = %v, want a mean of 778 and 500", got)
		}
		want := map[bool]string{true: "count", false: "rate (default)"}[tc.kind != ""]
		if res.Report.Kinds["claimants"] != want {
			t.Errorf("report measure kinds %v, want claimants: %s", res.Report.Kinds, want)
		}
	}
}

// IoD 2019 on LSOA 2021 with the exponential transform runs: the domain
// ranks convert as positions and are re-ranked among England's 33,755
// LSOA 2021, the report says so, and for the areas that did not change the
// rebuilt index orders them as the published IMD 2019 does.
func TestIMD2019OnLSOA21(t *testing.T) {
	if testing.Short() {
		t.Skip("national scale: converts all 32,844 LSOAs of IoD 2019; runs without -short")
	}
	sc, err := scenario.Load("../../examples/imd2019-on-lsoa21-manchester.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc, Options{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Areas != 295 {
		t.Errorf("%d areas, want Manchester's 295 LSOA 2021", res.Report.Areas)
	}
	b, _ := json.Marshal(res.Report.Conversions)
	if !strings.Contains(string(b), "re-ranked among the 33755 lsoa21 areas") || strings.Count(string(b), "ranks out of 33755") != 7 {
		t.Errorf("the report does not say how the 7 domain ranks were converted: %s", b)
	}
	// Unchanged areas keep their LSOA 2011 code: compare the orders.
	pub, err := indicators.LoadCSV(indicators.Spec{File: repoData(t) + "/iod2019/iod2019_lsoa11_england.csv.gz",
		Code: "LSOA code (2011)", Columns: []string{"Index of Multiple Deprivation (IMD) Score"}})
	if err != nil {
		t.Fatal(err)
	}
	published := map[string]float64{}
	score19, _ := pub.Column("Index of Multiple Deprivation (IMD) Score")
	for i, c := range pub.Codes() {
		published[c] = score19[i]
	}
	codes, _ := engine.Strings(res.Areas, result.ColAreaCode)
	score, _ := engine.Floats(res.Areas, engine.ColScore)
	var x, y []float64
	for i, c := range codes {
		if p, ok := published[c]; ok {
			x, y = append(x, p), append(y, score[i])
		}
	}
	if len(x) < 250 {
		t.Fatalf("only %d unchanged areas", len(x))
	}
	if rho := spearman(x, y); rho < 0.995 {
		t.Errorf("Spearman %.4f between the rebuilt and the published IMD 2019 over %d unchanged areas", rho, len(x))
	}
}

func spearman(x, y []float64) float64 {
	rx := rankOf(x)
	ry := rankOf(y)
	var mx, my float64
	for i := range rx {
		mx, my = mx+rx[i], my+ry[i]
	}
	mx, my = mx/float64(len(rx)), my/float64(len(ry))
	var sxy, sxx, syy float64
	for i := range rx {
		sxy += (rx[i] - mx) * (ry[i] - my)
		sxx += (rx[i] - mx) * (rx[i] - mx)
		syy += (ry[i] - my) * (ry[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

func rankOf(v []float64) []float64 {
	out := make([]float64, len(v))
	for i := range v {
		for j := range v {
			if v[j] < v[i] {
				out[i]++
			}
		}
	}
	return out
}

// A rate's numerator and denominator may come from different sources:
// fuel-poor households (fuel poverty file) per 1,000 residents (IoD 2019's
// mid-2015 population), checked against the two files read independently.
func TestCrossSourceRate(t *testing.T) {
	if testing.Short() {
		t.Skip("scores the Manchester example; runs without -short")
	}
	sc, err := costOfLiving(t, func(s string) string {
		return strings.Replace(s, "\nindicators:\n", `
indicators:
  - id: fuel_poor_per_1000
    source: fuel_poverty
    numerator: Number of households in fuel poverty
    denominator: {source: iod2019, column: "Total population: mid 2015 (excluding prisoners)"}
    scale: 1000
    direction: higher_is_worse
    normalise: {method: percentile}
    weight: 0
`, 1)
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc, Options{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	num, err := indicators.LoadCSV(indicators.Spec{File: repoData(t) + "/fuel_poverty/fuel_poverty_2020_lsoa11_england.csv.gz",
		Code: "LSOA Code", Columns: []string{"Number of households in fuel poverty"}})
	if err != nil {
		t.Fatal(err)
	}
	den, err := indicators.LoadCSV(indicators.Spec{File: repoData(t) + "/iod2019/iod2019_lsoa11_england.csv.gz",
		Code: "LSOA code (2011)", Columns: []string{"Total population: mid 2015 (excluding prisoners)"}})
	if err != nil {
		t.Fatal(err)
	}
	byCode := func(tab *indicators.Table, col string) map[string]float64 {
		v, _ := tab.Column(col)
		m := map[string]float64{}
		for i, c := range tab.Codes() {
			m[c] = v[i]
		}
		return m
	}
	n, d := byCode(num, "Number of households in fuel poverty"), byCode(den, "Total population: mid 2015 (excluding prisoners)")
	codes, _ := engine.Strings(res.Areas, result.ColAreaCode)
	got, _ := engine.Floats(res.Areas, "fuel_poor_per_1000_value")
	for i, c := range codes {
		if want := 1000 * n[c] / d[c]; math.Abs(got[i]-want) > 1e-9*want {
			t.Fatalf("%s: %v, want %v", c, got[i], want)
		}
	}
}
