package analysis

import (
	"slices"
	"testing"

	"github.com/manchester-insight/targeting/engine/compare"
)

// TestCompareManchester: the fuel-heavy variant against the scenario on the
// shipped data. Both select the top 20% (57 of 282), so as many areas enter
// as leave; the rankings agree strongly but not perfectly.
func TestCompareManchester(t *testing.T) {
	a, b := scored(t, costOfLiving), scored(t, fuelHeavy)
	c, err := Compare(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if c.Common != 282 || len(c.OnlyA)+len(c.OnlyB) != 0 {
		t.Errorf("common %d, only %v %v", c.Common, c.OnlyA, c.OnlyB)
	}
	if c.SelectedA != 57 || c.SelectedB != 57 || len(c.Entering) != len(c.Leaving) || len(c.Entering) == 0 {
		t.Errorf("selected %d -> %d, entering %d, leaving %d", c.SelectedA, c.SelectedB, len(c.Entering), len(c.Leaving))
	}
	if c.Staying+len(c.Leaving) != 57 {
		t.Errorf("staying %d + leaving %d != 57", c.Staying, len(c.Leaving))
	}
	if c.Spearman < 0.8 || c.Spearman >= 1 || c.KendallTauB < 0.6 || c.KendallTauB >= c.Spearman {
		t.Errorf("rho %g tau %g", c.Spearman, c.KendallTauB)
	}
	if got := c.PeopleA - c.PeopleLeaving + c.PeopleEntering; abs(got-c.PeopleB) > 1e-6 {
		t.Errorf("people: %g - %g + %g != %g", c.PeopleA, c.PeopleLeaving, c.PeopleEntering, c.PeopleB)
	}
	if !slices.IsSortedFunc(c.Moves, func(x, y compare.Move) int { return int(absI(y.Change) - absI(x.Change)) }) {
		t.Error("moves not sorted by size")
	}
	if c.Names[c.Moves[0].Code] == "" {
		t.Error("no name for the biggest mover")
	}
	same, err := Compare(a, a)
	if err != nil || abs(same.Spearman-1) > 1e-12 || same.KendallTauB != 1 || len(same.Entering)+len(same.Leaving) != 0 {
		t.Errorf("a scenario against itself: rho %v tau %v entering %d, %v", same.Spearman, same.KendallTauB, len(same.Entering), err)
	}
}

func abs(x float64) float64 { return max(x, -x) }
func absI(x int64) int64    { return max(x, -x) }
