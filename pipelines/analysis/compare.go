package analysis

import (
	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/engine/compare"
	"github.com/manchester-insight/targeting/internal/result"
)

// Comparison is a compare.Result with the areas' names and wards, for
// printing.
type Comparison struct {
	*compare.Result
	Names map[string]string `json:"-"` // area code -> name
	Wards map[string]string `json:"-"` // area code -> ward name
}

// Compare compares the rankings and selections of two scored results, by
// area code. Both should be on the same geography vintage: areas in only
// one are listed, not compared.
func Compare(a, b *result.Result) (*Comparison, error) {
	ra, err := ranking(a)
	if err != nil {
		return nil, err
	}
	rb, err := ranking(b)
	if err != nil {
		return nil, err
	}
	if ra.Name == rb.Name {
		ra.Name, rb.Name = ra.Name+" (A)", rb.Name+" (B)"
	}
	r, err := compare.Compare(ra, rb)
	if err != nil {
		return nil, err
	}
	c := &Comparison{Result: r, Names: map[string]string{}, Wards: map[string]string{}}
	for _, res := range []*result.Result{b, a} {
		t := table{rec: res.Areas}
		codes, names, wards := t.strings(result.ColAreaCode), t.strings(result.ColAreaName), t.strings(result.ColWardName)
		for i, code := range codes {
			c.Names[code], c.Wards[code] = names[i], wards[i]
		}
	}
	return c, nil
}

func ranking(res *result.Result) (compare.Ranking, error) {
	t := table{rec: res.Areas}
	r := compare.Ranking{Name: res.Scenario.Name, Codes: t.strings(result.ColAreaCode), Rank: t.ints(engine.ColRank),
		Selected: t.bools(engine.ColSelected), Population: t.floats(result.ColPopulation)}
	return r, t.err
}
