package score

import (
	"math"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/internal/result"
)

// bands: {weight: population} makes each decile of cost-of-living hold
// about a tenth of Manchester's residents: every decile's population is
// within one area's population of P/10, and the deciles still follow the
// ranks.
func TestPopulationWeightedDeciles(t *testing.T) {
	sc, err := costOfLiving(t, func(s string) string {
		return strings.Replace(s, "aggregation: arithmetic\n", "aggregation: arithmetic\nbands: {weight: population}\n", 1)
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc, Options{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	pop, _ := engine.Floats(res.Areas, result.ColPopulation)
	dec, _ := engine.Ints(res.Areas, engine.ColDecile)
	rank, _ := engine.Ints(res.Areas, engine.ColRank)
	var total, largest float64
	per := make([]float64, 11)
	for i, p := range pop {
		total += p
		largest = max(largest, p)
		per[dec[i]] += p
	}
	for d := 1; d <= 10; d++ {
		if math.Abs(per[d]-total/10) > largest {
			t.Errorf("decile %d holds %.0f residents, want %.0f +- %.0f", d, per[d], total/10, largest)
		}
	}
	byRank := make([]int64, len(rank)+1)
	for i, r := range rank {
		byRank[r] = dec[i]
	}
	for r := 2; r < len(byRank); r++ {
		if byRank[r] < byRank[r-1] {
			t.Fatalf("rank %d is in decile %d, rank %d in decile %d", r-1, byRank[r-1], r, byRank[r])
		}
	}
}
