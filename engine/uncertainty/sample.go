package uncertainty

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// Factor kinds.
const (
	KindWeight        = "weight"
	KindNormalisation = "normalisation"
	KindAggregation   = "aggregation"
	KindDropOne       = "drop_one"
)

// design describes the factors and turns a point of the factor space into
// the settings of one run.
type design struct {
	weights  []float64 // the scenario's item weights
	wsum     float64
	alpha    []float64 // Gamma shape per positive-weight item
	items    []int     // item index of each weight factor
	factors  []factorSpec
	variants int
	aggs     int
	drop     bool
}

type factorSpec struct {
	name, kind string
}

// setting is one run: item weights, normalisation and aggregation.
type setting struct {
	w       []float64
	variant int
	agg     int
	dropped int // item index left out, -1 for none
}

func newDesign(p *Problem, opt Options) *design {
	d := &design{weights: p.Weights, variants: len(p.Normalisations), aggs: len(p.Aggregations), drop: opt.DropOne}
	for _, w := range p.Weights {
		d.wsum += w
	}
	for k, w := range p.Weights {
		if w > 0 {
			d.items = append(d.items, k)
			d.alpha = append(d.alpha, opt.Concentration*w/d.wsum)
			d.factors = append(d.factors, factorSpec{p.ItemIDs[k], KindWeight})
		}
	}
	if d.variants > 1 {
		d.factors = append(d.factors, factorSpec{"normalisation", KindNormalisation})
	}
	if d.aggs > 1 {
		d.factors = append(d.factors, factorSpec{"aggregation", KindAggregation})
	}
	if d.drop {
		d.factors = append(d.factors, factorSpec{"drop_one", KindDropOne})
	}
	return d
}

// stream returns the random source of design row j: a PCG generator whose
// state depends on (seed, j) only.
func stream(seed uint64, row int) *rand.PCG {
	return rand.NewPCG(splitmix64(seed), splitmix64(seed^splitmix64(uint64(row)+1)))
}

// sample draws one point: a Gamma variate per weight factor, then a uniform
// number in [0, 1) per discrete factor.
func (d *design) sample(src rand.Source, x []float64) {
	u := rand.New(src)
	for i, a := range d.alpha {
		x[i] = distuv.Gamma{Alpha: a, Beta: 1, Src: src}.Rand()
	}
	for i := len(d.alpha); i < len(d.factors); i++ {
		x[i] = u.Float64()
	}
}

// decode turns point x into the run's setting (s.w must have one slot per
// item).
func (d *design) decode(x []float64, s *setting) {
	for k := range s.w {
		s.w[k] = 0
	}
	var g float64
	for i := range d.alpha {
		g += x[i]
	}
	f := len(d.alpha)
	s.variant, s.agg, s.dropped = 0, 0, -1
	if d.variants > 1 {
		s.variant = pick(x[f], d.variants)
		f++
	}
	if d.aggs > 1 {
		s.agg = pick(x[f], d.aggs)
		f++
	}
	if d.drop {
		// none, or one of the positively weighted items
		if c := pick(x[f], len(d.items)+1); c > 0 {
			s.dropped = d.items[c-1]
		}
	}
	var kept float64
	for i, k := range d.items {
		if k != s.dropped {
			s.w[k] = x[i] / g
			if g == 0 { // every Gamma variate underflowed (tiny shapes): the Dirichlet mean
				s.w[k] = d.weights[k]
			}
			kept += s.w[k]
		}
	}
	if kept == 0 { // the one weight that did not underflow was dropped
		for _, k := range d.items {
			if k != s.dropped {
				s.w[k] = d.weights[k]
				kept += s.w[k]
			}
		}
	}
	for _, k := range d.items {
		s.w[k] *= d.wsum / kept // back on the scenario's scale
	}
}

// base is the scenario's own setting.
func (d *design) base(s *setting) {
	copy(s.w, d.weights)
	s.variant, s.agg, s.dropped = 0, 0, -1
}

func pick(u float64, m int) int { return min(int(u*float64(m)), m-1) }

func (d *design) describe(p *Problem, opt Options) []string {
	out := []string{fmt.Sprintf("weights: Dirichlet around the scenario's, concentration %g, over %d inputs", opt.Concentration, len(d.items))}
	if d.variants > 1 {
		s := "normalisation: "
		for i, v := range p.Normalisations {
			if i > 0 {
				s += ", "
			}
			s += v.Name
		}
		out = append(out, s)
	}
	if d.aggs > 1 {
		s := "aggregation: "
		for i, a := range p.Aggregations {
			if i > 0 {
				s += ", "
			}
			s += string(a)
		}
		out = append(out, s)
	}
	if d.drop {
		out = append(out, fmt.Sprintf("drop-one: none or one of %d inputs, equally likely", len(d.items)))
	}
	return out
}

// splitmix64 is the finaliser of Steele, Lea & Flood (2014): a bijective
// mixer that decorrelates neighbouring seeds and row numbers.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
