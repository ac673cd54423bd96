package uncertainty

import (
	"math"

	"github.com/manchester-insight/targeting/engine"
)

// ruleIndicators lists the indicators a rule's leaves name.
func ruleIndicators(r engine.Rule) []string {
	var out []string
	if r.Indicator != "" && len(r.Any) == 0 && len(r.All) == 0 {
		out = append(out, r.Indicator)
	}
	for _, s := range append(append([]engine.Rule{}, r.Any...), r.All...) {
		out = append(out, ruleIndicators(s)...)
	}
	return out
}

// node is a compiled selection rule. A leaf on the composite is evaluated
// for every draw; a leaf on an indicator does not depend on the weights or
// the aggregation, so its mask is computed once per normalisation.
type node struct {
	rule  engine.Rule
	kids  []int // indices of child nodes (Any/All)
	all   bool
	masks [][]bool // indicator leaf: per normalisation variant
}

// compiled is a rule ready to evaluate per draw.
type compiled struct {
	nodes     []node
	needScore bool // a composite leaf tests the score itself (min_score)
	cutoff    int32
	simple    bool // the rule is rank <= cutoff on the composite
}

// compileRule compiles r; nil means nothing is selected.
func compileRule(r *engine.Rule, p *Problem, codes []string) *compiled {
	if r == nil {
		return nil
	}
	c := &compiled{}
	n := len(codes)
	c.add(*r, p, codes)
	if root := c.nodes[0].rule; len(c.nodes) == 1 && root.Indicator == "" && root.MinScore == nil {
		c.simple = true
		c.cutoff = int32(leafCutoff(root, n))
	}
	return c
}

func (c *compiled) add(r engine.Rule, p *Problem, codes []string) int {
	at := len(c.nodes)
	c.nodes = append(c.nodes, node{rule: r})
	switch {
	case len(r.Any) > 0 || len(r.All) > 0:
		kids := r.Any
		if len(r.All) > 0 {
			kids, c.nodes[at].all = r.All, true
		}
		var idx []int
		for _, k := range kids {
			idx = append(idx, c.add(k, p, codes))
		}
		c.nodes[at].kids = idx
	case r.Indicator != "":
		n := len(codes)
		for _, v := range p.Normalisations {
			val := v.Indicators[r.Indicator]
			rank := engine.RankByNeed(val, codes)
			mask := make([]bool, n)
			r32 := make([]int32, n)
			for i, x := range rank {
				r32[i] = int32(x)
			}
			leaf(r, val, r32, mask)
			c.nodes[at].masks = append(c.nodes[at].masks, mask)
		}
	case r.MinScore != nil:
		c.needScore = true
	}
	return at
}

// leafCutoff is the largest rank a rank-based leaf selects: top_n,
// top_percent (ceil(p n / 100), as the engine rounds) or max_decile (the
// ranks with ceil(rank * 10 / n) <= d).
func leafCutoff(r engine.Rule, n int) int {
	switch {
	case r.TopN > 0:
		return min(r.TopN, n)
	case r.TopPercent > 0:
		return min(n, int(math.Ceil(r.TopPercent*float64(n)/100-1e-9)))
	case r.MaxDecile > 0:
		return r.MaxDecile * n / 10
	}
	return 0
}

// leaf evaluates one test on values and ranks.
func leaf(r engine.Rule, value []float64, rank []int32, out []bool) {
	if r.MinScore != nil {
		for i, v := range value {
			out[i] = v >= *r.MinScore
		}
		return
	}
	cut := int32(leafCutoff(r, len(rank)))
	for i, k := range rank {
		out[i] = k <= cut
	}
}

// eval writes the selection of one draw into out, using bufs (one per
// node) as scratch.
func (c *compiled) eval(at, variant int, score []float64, rank []int32, bufs [][]bool, out []bool) {
	nd := &c.nodes[at]
	switch {
	case nd.kids != nil:
		for i := range out {
			out[i] = nd.all
		}
		for _, k := range nd.kids {
			sub := bufs[k]
			c.eval(k, variant, score, rank, bufs, sub)
			for i, v := range sub {
				if nd.all {
					out[i] = out[i] && v
				} else {
					out[i] = out[i] || v
				}
			}
		}
	case nd.masks != nil:
		copy(out, nd.masks[variant])
	default:
		leaf(nd.rule, score, rank, out)
	}
}
