package compare

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Ranking is one scored run: per area its code, rank (1 = most in need),
// whether it is selected and its population.
type Ranking struct {
	Name       string
	Codes      []string
	Rank       []int64
	Selected   []bool
	Population []float64
}

// Move is one area's rank in both runs. Change = RankA - RankB, so a
// positive change is a move up, towards more need, in B.
type Move struct {
	Code   string `json:"area_code"`
	RankA  int64  `json:"rank_a"`
	RankB  int64  `json:"rank_b"`
	Change int64  `json:"change"`
}

// Result is the comparison of run A with run B over their common areas.
type Result struct {
	A, B   string
	Common int `json:"common_areas"`
	// OnlyA and OnlyB are areas scored in one run only (e.g. a dropped
	// area, or a vintage change); they are left out of everything else.
	OnlyA []string `json:"only_in_a,omitempty"`
	OnlyB []string `json:"only_in_b,omitempty"`

	Entering []string `json:"entering"` // selected in B, not in A
	Leaving  []string `json:"leaving"`  // selected in A, not in B
	Staying  int      `json:"staying"`  // selected in both

	// Moves holds every common area, largest absolute change first (ties by
	// code), so Moves[:10] are the biggest movers.
	Moves []Move `json:"moves"`

	Spearman    float64 `json:"spearman_rho"`
	KendallTauB float64 `json:"kendall_tau_b"`

	SelectedA, SelectedB           int     `json:"-"`
	PeopleA, PeopleB               float64 `json:"-"` // people in selected areas
	PeopleEntering, PeopleLeaving  float64 `json:"-"`
	MeanAbsChange, MedianAbsChange float64 `json:"-"`
}

// Compare compares a and b by area code.
func Compare(a, b Ranking) (*Result, error) {
	if err := a.check(); err != nil {
		return nil, err
	}
	if err := b.check(); err != nil {
		return nil, err
	}
	inB := make(map[string]int, len(b.Codes))
	for j, c := range b.Codes {
		if _, dup := inB[c]; dup {
			return nil, fmt.Errorf("compare: %s: area %s appears twice", b.Name, c)
		}
		inB[c] = j
	}
	r := &Result{A: a.Name, B: b.Name}
	seen := make(map[string]bool, len(a.Codes))
	var ra, rb []float64
	var abs []float64
	for i, c := range a.Codes {
		if seen[c] {
			return nil, fmt.Errorf("compare: %s: area %s appears twice", a.Name, c)
		}
		seen[c] = true
		if a.Selected[i] {
			r.SelectedA++
			r.PeopleA += a.Population[i]
		}
		j, ok := inB[c]
		if !ok {
			r.OnlyA = append(r.OnlyA, c)
			continue
		}
		r.Common++
		ra, rb = append(ra, float64(a.Rank[i])), append(rb, float64(b.Rank[j]))
		m := Move{Code: c, RankA: a.Rank[i], RankB: b.Rank[j], Change: a.Rank[i] - b.Rank[j]}
		r.Moves = append(r.Moves, m)
		abs = append(abs, math.Abs(float64(m.Change)))
		switch sa, sb := a.Selected[i], b.Selected[j]; {
		case sa && sb:
			r.Staying++
		case sa:
			r.Leaving = append(r.Leaving, c)
			r.PeopleLeaving += a.Population[i]
		case sb:
			r.Entering = append(r.Entering, c)
			r.PeopleEntering += b.Population[j]
		}
	}
	for j, c := range b.Codes {
		if b.Selected[j] {
			r.SelectedB++
			r.PeopleB += b.Population[j]
		}
		if !seen[c] {
			r.OnlyB = append(r.OnlyB, c)
		}
	}
	if r.Common < 2 {
		return nil, fmt.Errorf("compare: %s and %s have %d area(s) in common; are they on the same geography vintage?", a.Name, b.Name, r.Common)
	}
	slices.SortFunc(r.Moves, func(x, y Move) int {
		ax, ay := max(x.Change, -x.Change), max(y.Change, -y.Change)
		if ax != ay {
			return int(ay - ax)
		}
		return strings.Compare(x.Code, y.Code)
	})
	for _, s := range [][]string{r.Entering, r.Leaving, r.OnlyA, r.OnlyB} {
		slices.Sort(s)
	}
	r.Spearman = Spearman(ra, rb)
	r.KendallTauB = KendallTauB(ra, rb)
	slices.Sort(abs)
	var sum float64
	for _, v := range abs {
		sum += v
	}
	r.MeanAbsChange = sum / float64(len(abs))
	h := len(abs) / 2
	r.MedianAbsChange = abs[h]
	if len(abs)%2 == 0 {
		r.MedianAbsChange = (abs[h-1] + abs[h]) / 2
	}
	return r, nil
}

func (r Ranking) check() error {
	n := len(r.Codes)
	if len(r.Rank) != n || len(r.Selected) != n || len(r.Population) != n {
		return fmt.Errorf("compare: %s: %d codes but %d ranks, %d selected flags, %d populations",
			r.Name, n, len(r.Rank), len(r.Selected), len(r.Population))
	}
	return nil
}
