package geo

import (
	"strings"
	"testing"
)

func TestShortNames(t *testing.T) {
	names := []string{"lsoa21cd", "employment_value", "employment_norm", "employment_score", "income_deprivation_value",
		"income_deprivation_norm", "people_covered", "people_covered_total", "areas_selected", "score", "Score_rank_",
		"population", "p_selected", "fuel_poverty_value", "fuel_poverty_value2"}
	got := ShortNames(names)
	want := map[string]string{"lsoa21cd": "lsoa21cd", "employment_value": "employme_v", "employment_norm": "employme_n",
		"employment_score": "employme_s", "population": "population", "people_covered": "people_cov",
		"areas_selected": "areas_sel"}
	for n, w := range want {
		if got[n] != w {
			t.Errorf("%s -> %q, want %q", n, got[n], w)
		}
	}
	seen := map[string]string{}
	for _, n := range names {
		s := got[n]
		if s == "" || len(s) > 10 {
			t.Errorf("%s -> %q: empty or longer than 10", n, s)
		}
		if o, ok := seen[strings.ToLower(s)]; ok {
			t.Errorf("%s and %s share the short name %q", n, o, s)
		}
		seen[strings.ToLower(s)] = n
	}
}
