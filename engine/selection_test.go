package engine

import (
	"slices"
	"testing"
)

func TestRuleEval(t *testing.T) {
	// 10 areas; composite rank = position+1; indicator "fp" ranks reversed.
	n := 10
	comp := target{value: make([]float64, n), rank: make([]int64, n)}
	fp := target{value: make([]float64, n), rank: make([]int64, n)}
	for i := 0; i < n; i++ {
		comp.value[i] = float64(n - i)
		comp.rank[i] = int64(i + 1)
		fp.value[i] = float64(i)
		fp.rank[i] = int64(n - i)
	}
	comp.decile = Band(comp.rank, n, 10)
	fp.decile = Band(fp.rank, n, 10)
	by := func(string) target { return fp }
	min8 := 8.0
	count := func(b []bool) (c int) {
		for _, v := range b {
			if v {
				c++
			}
		}
		return
	}
	for _, tc := range []struct {
		name string
		r    Rule
		want []int // selected indices
	}{
		{"top 3", Rule{TopN: 3}, []int{0, 1, 2}},
		{"top 25% rounds up", Rule{TopPercent: 25}, []int{0, 1, 2}},
		{"min score", Rule{MinScore: &min8}, []int{0, 1, 2}},
		{"decile 1", Rule{MaxDecile: 1}, []int{0}},
		{"indicator top 2", Rule{TopN: 2, Indicator: "fp"}, []int{8, 9}},
		{"OR", Rule{Any: []Rule{{MaxDecile: 1}, {TopN: 1, Indicator: "fp"}}}, []int{0, 9}},
		{"AND", Rule{All: []Rule{{TopN: 5}, {TopN: 6, Indicator: "fp"}}}, []int{4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.r.eval(comp, by)
			var idx []int
			for i, v := range got {
				if v {
					idx = append(idx, i)
				}
			}
			if !slices.Equal(idx, tc.want) || count(got) != len(tc.want) {
				t.Errorf("%s selected %v, want %v", tc.r, idx, tc.want)
			}
		})
	}
}

func TestRuleValidate(t *testing.T) {
	known := func(id string) bool { return id == "fp" }
	for _, tc := range []struct {
		r  Rule
		ok bool
	}{
		{Rule{TopN: 3}, true},
		{Rule{}, false},
		{Rule{TopN: 3, TopPercent: 10}, false},
		{Rule{TopPercent: 120}, false},
		{Rule{MaxDecile: 11}, false},
		{Rule{TopN: 1, Indicator: "nope"}, false},
		{Rule{Any: []Rule{{TopN: 1}, {TopN: -1}}}, false},
	} {
		if err := tc.r.Validate(known); (err == nil) != tc.ok {
			t.Errorf("%+v: err = %v, want ok=%v", tc.r, err, tc.ok)
		}
	}
}

func TestBand(t *testing.T) {
	got := Band([]int64{1, 28, 29, 282}, 282, 10)
	if !slices.Equal(got, []int64{1, 1, 2, 10}) {
		t.Errorf("Band = %v", got)
	}
}

func TestJoin(t *testing.T) {
	j, err := Join([]string{"a", "b", "c"}, []string{"c", "a", "z"}, []float64{3, 1, 9})
	if err != nil {
		t.Fatal(err)
	}
	if j.Values[0] != 1 || j.Values[2] != 3 || !slices.Equal(j.Missing, []int{1}) || j.Extra != 1 {
		t.Errorf("join = %+v", j)
	}
	if _, err := Join([]string{"a"}, []string{"a", "a"}, []float64{1, 2}); err == nil {
		t.Error("duplicate code: no error")
	}
}
