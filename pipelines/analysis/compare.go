package analysis

import (
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
		codes, names, wards := t.strings("area_code"), t.strings("area_name"), t.strings("ward_name")
		for i, code := range codes {
			c.Names[code], c.Wards[code] = names[i], wards[i]
		}
	}
	return c, nil
}

func ranking(res *result.Result) (compare.Ranking, error) {
	t := table{rec: res.Areas}
	r := compare.Ranking{Name: res.Scenario.Name, Codes: t.strings("area_code"), Rank: t.ints("rank"),
		Selected: t.bools("selected"), Population: t.floats("population")}
	return r, t.err
}
