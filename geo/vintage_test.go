package geo

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/indicators"
)

// People are conserved through LSOA 2011 -> 2021 -> 2011, for Manchester and
// for England, with equal shares and with population weights.
func TestVintagePopulationConserved(t *testing.T) {
	v, err := LoadVintages(nil, "../data/lookups/lsoa11_lsoa21_lad22_england_wales.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	const popCol = "Total population: mid 2015 (excluding prisoners)"
	tab, err := indicators.LoadCSV(indicators.Spec{File: "../data/iod2019/iod2019_lsoa11_england.csv.gz", Code: "LSOA code (2011)", Columns: []string{popCol}})
	if err != nil {
		t.Fatal(err)
	}
	codes11 := tab.Codes()
	pop11, _ := tab.Column(popCol)
	w11 := map[string]float64{}
	for i, c := range codes11 {
		w11[c] = pop11[i]
	}
	var england21 []string
	for c := range v.codes[LSOA21] {
		if strings.HasPrefix(c, "E") {
			england21 = append(england21, c)
		}
	}
	man11, err := LoadAreas(AreaLookup{File: "../data/lookups/lsoa11_ward19_lad19_england_wales.csv.gz", Area: "LSOA11CD",
		AreaName: "LSOA11NM", Ward: "WD19CD", WardName: "WD19NM", District: "LAD19CD"}, "E08000003")
	if err != nil {
		t.Fatal(err)
	}
	man21, err := LoadAreas(AreaLookup{File: "../data/lookups/lsoa21_ward24_lad24_england_wales.csv.gz", Area: "lsoa21_code",
		AreaName: "lsoa21_name", Ward: "ward24_code", WardName: "ward24_name", District: "ltla24_code"}, "E08000003")
	if err != nil {
		t.Fatal(err)
	}
	manPop := make([]float64, man11.Len())
	for i, c := range man11.Codes {
		manPop[i] = w11[c]
	}
	for _, tc := range []struct {
		name        string
		codes11     []string
		pop         []float64
		targets21   []string
		weights     map[string]map[string]float64
		apportioned bool
	}{
		{"England, equal shares", codes11, pop11, england21, nil, true},
		{"England, population weights", codes11, pop11, england21, map[string]map[string]float64{LSOA11: w11}, true},
		{"Manchester, equal shares", man11.Codes, manPop, man21.Codes, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, conv, err := v.Convert(LSOA11, LSOA21, tc.codes11, [][]float64{tc.pop}, []Kind{Count}, tc.targets21, tc.weights)
			if err != nil {
				t.Fatal(err)
			}
			before, after := sum(tc.pop), sum(out[0])
			if math.Abs(before-after) > 1e-9*before {
				t.Errorf("2011 -> 2021: %.3f people before, %.3f after", before, after)
			}
			if tc.apportioned && len(conv.Apportioned) == 0 {
				t.Error("no apportioned areas reported")
			}
			back, _, err := v.Convert(LSOA21, LSOA11, tc.targets21, out, []Kind{Count}, tc.codes11, tc.weights)
			if err != nil {
				t.Fatal(err)
			}
			if b := sum(back[0]); math.Abs(before-b) > 1e-9*before {
				t.Errorf("2011 -> 2021 -> 2011: %.3f people before, %.3f after", before, b)
			}
		})
	}
}

// Rates are averaged, not summed: a split copies the parent's rate.
func TestVintageRates(t *testing.T) {
	v := &Vintages{links: []link{{"A", "A1", 'S'}, {"A", "A2", 'S'}, {"B", "C", 'M'}, {"D", "C", 'M'}, {"E", "E", 'U'}},
		codes: map[string]map[string]bool{LSOA11: {"A": true, "B": true, "D": true, "E": true}, LSOA21: {"A1": true, "A2": true, "C": true, "E": true}}}
	out, conv, err := v.Convert(LSOA11, LSOA21, []string{"A", "B", "D", "E"}, [][]float64{{10, 20, 40, 5}, {100, 10, 30, 7}},
		[]Kind{Rate, Count}, []string{"A1", "A2", "C", "E"}, map[string]map[string]float64{LSOA11: {"B": 1, "D": 3}})
	if err != nil {
		t.Fatal(err)
	}
	// Rate: A1 = A2 = 10; C = population-weighted mean of B, D = (20*1 + 40*3)/4 = 35.
	// Count: A split equally 50/50; C = 10 + 30.
	want := [][]float64{{10, 10, 35, 5}, {50, 50, 40, 7}}
	for k := range want {
		for i := range want[k] {
			if math.Abs(out[k][i]-want[k][i]) > 1e-12 {
				t.Fatalf("column %d = %v, want %v", k, out[k], want[k])
			}
		}
	}
	if strings.Join(conv.Apportioned, ",") != "A1,A2,C" {
		t.Errorf("apportioned %v", conv.Apportioned)
	}
}

func sum(v []float64) (s float64) {
	for _, x := range v {
		if !math.IsNaN(x) {
			s += x
		}
	}
	return s
}

// Counts round-trip exactly: 2011 -> 2021 -> 2011 returns each Manchester
// area's count to the last digit for unchanged (U) and split (S) areas,
// with population weights that make the split shares inexact in binary
// (the last part of a split takes the remainder), and each group of merged
// (M) areas' total to the last digit: a merge loses how its parts divided,
// so the way back can only share the total out again. Irregular (X) areas
// are not round-trippable by construction, and Manchester has none.
func TestVintageCountsRoundTripExactly(t *testing.T) {
	v, err := LoadVintages(nil, "../data/lookups/lsoa11_lsoa21_lad22_england_wales.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	man11, err := LoadAreas(AreaLookup{File: "../data/lookups/lsoa11_ward19_lad19_england_wales.csv.gz", Area: "LSOA11CD",
		AreaName: "LSOA11NM", Ward: "WD19CD", WardName: "WD19NM", District: "LAD19CD"}, "E08000003")
	if err != nil {
		t.Fatal(err)
	}
	counts := make([]float64, man11.Len())
	for i := range counts {
		counts[i] = float64(9_700_037*i%13_001_003 + 3) // whole numbers, as counts are
	}
	targets := v.Targets(LSOA11, LSOA21, man11.Codes)
	w21 := map[string]float64{}
	for i, c := range targets {
		w21[c] = math.Sqrt(float64(i + 2)) // shares not exact in binary
	}
	weights := map[string]map[string]float64{LSOA21: w21}
	out, conv, err := v.Convert(LSOA11, LSOA21, man11.Codes, [][]float64{counts}, []Kind{Count}, targets, weights)
	if err != nil {
		t.Fatal(err)
	}
	if len(conv.Apportioned) == 0 {
		t.Fatal("Manchester has split and merged areas; none were reported")
	}
	back, _, err := v.Convert(LSOA21, LSOA11, targets, out, []Kind{Count}, man11.Codes, weights)
	if err != nil {
		t.Fatal(err)
	}
	merged := map[string][]int{} // 2021 code -> the 2011 areas merged into it
	for _, l := range v.links {
		if l.change == 'M' {
			if i := slices.Index(man11.Codes, l.lsoa11); i >= 0 {
				merged[l.lsoa21] = append(merged[l.lsoa21], i)
			}
		}
	}
	inMerge := map[int]bool{}
	for _, group := range merged {
		var before, after float64
		for _, i := range group {
			before, after = before+counts[i], after+back[0][i]
			inMerge[i] = true
		}
		if before != after {
			t.Errorf("merged group %v: %v -> %v", group, before, after)
		}
	}
	if len(merged) == 0 {
		t.Error("no merged areas in Manchester: the M case is untested")
	}
	for i, c := range man11.Codes {
		if !inMerge[i] && back[0][i] != counts[i] {
			t.Errorf("%s: %v -> %v", c, counts[i], back[0][i])
		}
	}
}

// Rank columns convert as positions (a split copies, a merge averages) and
// Rerank turns them back into whole ranks 1..n, ties broken by code.
func TestVintageRanks(t *testing.T) {
	v := &Vintages{links: []link{{"A", "A1", 'S'}, {"A", "A2", 'S'}, {"B", "C", 'M'}, {"D", "C", 'M'}, {"E", "E", 'U'}},
		codes: map[string]map[string]bool{LSOA11: {"A": true, "B": true, "D": true, "E": true}, LSOA21: {"A1": true, "A2": true, "C": true, "E": true}}}
	codes := []string{"A", "B", "D", "E"}
	all := v.Targets(LSOA11, LSOA21, codes)
	if strings.Join(all, ",") != "A1,A2,C,E" {
		t.Fatalf("targets %v", all)
	}
	pos, _, err := v.Convert(LSOA11, LSOA21, codes, [][]float64{{2, 1, 4, 3}}, []Kind{Rank}, all, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A1 = A2 = 2 (copied), C = (1 + 4) / 2 = 2.5, E = 3.
	ranks, n := Rerank(all, pos[0])
	if want := []float64{1, 2, 3, 4}; n != 4 || !slicesEqual(ranks, want) {
		t.Errorf("ranks %v (n %d), want %v", ranks, n, want)
	}
	r, n := Rerank([]string{"b", "a", "c"}, []float64{5, 5, math.NaN()})
	if n != 2 || r[0] != 2 || r[1] != 1 || !math.IsNaN(r[2]) {
		t.Errorf("ties by code, NaN unranked: %v %d", r, n)
	}
}

func slicesEqual(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
