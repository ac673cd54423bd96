package uncertainty

import (
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/manchester-insight/targeting/engine"
)

// AreaStat is one area's result.
type AreaStat struct {
	Code      string  `json:"area_code"`
	Rank      int64   `json:"rank"`     // under the scenario
	Selected  bool    `json:"selected"` // under the scenario
	Median    int64   `json:"median_rank"`
	P05       int64   `json:"rank_p05"`
	P95       int64   `json:"rank_p95"`
	PSelected float64 `json:"p_selected"`
	Uncertain bool    `json:"uncertain"`
}

// Factor is the sensitivity of the ranking to one varied choice.
type Factor struct {
	Name string `json:"name"` // an input's id, or the discrete choice
	Kind string `json:"kind"` // weight, normalisation, aggregation, drop_one
	// Indices for the mean absolute rank shift.
	S1 float64 `json:"s1_rank_shift"`
	ST float64 `json:"st_rank_shift"`
	// Indices for the number of areas whose selection changes.
	S1Selection float64 `json:"s1_selection"`
	STSelection float64 `json:"st_selection"`
}

// Result is the outcome of Run.
type Result struct {
	Draws         int        `json:"draws"`
	Runs          int        `json:"runs"` // model evaluations, sensitivity design included
	Seed          uint64     `json:"seed"`
	Concentration float64    `json:"concentration"`
	Band          float64    `json:"band"`
	Varied        []string   `json:"varied"`
	Areas         []AreaStat `json:"areas"` // in Problem.Codes order
	Factors       []Factor   `json:"factors"`
	// Means over the draws of the two outputs the indices apportion.
	MeanRankShift        float64 `json:"mean_rank_shift"`
	MeanSelectionChanges float64 `json:"mean_selection_changes"`
	Uncertain            int     `json:"uncertain_areas"`
}

// Run performs the analysis. See the package documentation for the method.
func Run(p *Problem, opt Options) (*Result, error) {
	if opt.Band == 0 {
		opt.Band = 0.05
	}
	if err := p.validate(&opt); err != nil {
		return nil, err
	}
	m := newModel(p)
	d := newDesign(p, opt)
	N := (opt.Draws + 1) / 2
	D := 2 * N
	F := len(d.factors)
	n := len(p.Codes)
	total := 1 + N*(2+F)

	// The scenario's own ranking, the reference of every draw.
	w0 := m.newWorker(d)
	var s setting
	s.w = make([]float64, len(p.Weights))
	d.base(&s)
	w0.evaluate(&s)
	baseRank := slices.Clone(w0.rank)
	baseSel := slices.Clone(w0.sel)
	m.baseRank, m.baseSel = baseRank, baseSel

	store := newRankStore(n, D)
	yA, yB := make([][2]float64, N), make([][2]float64, N)
	yAB := make([][][2]float64, F)
	for i := range yAB {
		yAB[i] = make([][2]float64, N)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, N)
	var next, done atomic.Int64
	done.Store(1)
	counts := make([][]int32, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wk := m.newWorker(d)
			counts[w] = make([]int32, n)
			xa, xb, xab := make([]float64, F), make([]float64, F), make([]float64, F)
			var st setting
			st.w = make([]float64, len(p.Weights))
			for {
				j := int(next.Add(1) - 1)
				if j >= N {
					return
				}
				src := stream(opt.Seed, j)
				d.sample(src, xa)
				d.sample(src, xb)
				for r, x := range [][]float64{xa, xb} {
					d.decode(x, &st)
					y := wk.evaluate(&st)
					store.put(r*N+j, wk.rank)
					for i, sel := range wk.sel {
						if sel {
							counts[w][i]++
						}
					}
					if r == 0 {
						yA[j] = y
					} else {
						yB[j] = y
					}
				}
				for f := range F {
					copy(xab, xa)
					xab[f] = xb[f]
					d.decode(xab, &st)
					yAB[f][j] = wk.evaluate(&st)
				}
				if opt.Progress != nil {
					opt.Progress(int(done.Add(int64(2+F))), total)
				}
			}
		}()
	}
	wg.Wait()

	selCount := make([]int32, n)
	for _, c := range counts {
		for i, v := range c {
			selCount[i] += v
		}
	}
	res := &Result{Draws: D, Runs: total, Seed: opt.Seed, Concentration: opt.Concentration, Band: opt.Band,
		Varied: d.describe(p, opt)}
	res.Areas = m.areaStats(store, selCount, D, opt.Band, workers)
	for _, a := range res.Areas {
		if a.Uncertain {
			res.Uncertain++
		}
	}
	res.Factors = indices(d, yA, yB, yAB)
	for j := range N {
		res.MeanRankShift += yA[j][0] + yB[j][0]
		res.MeanSelectionChanges += yA[j][1] + yB[j][1]
	}
	res.MeanRankShift /= float64(D)
	res.MeanSelectionChanges /= float64(D)
	return res, nil
}

// model is the problem in area-code order, ready for fast evaluation.
type model struct {
	p        *Problem
	order    []int // position in code order -> index in Problem.Codes
	items    [][][]float64
	logs     [][][]float64 // log inputs, when an aggregation is geometric
	aggs     []engine.Aggregation
	rule     *compiled
	baseRank []int32
	baseSel  []bool
}

func newModel(p *Problem) *model {
	n := len(p.Codes)
	m := &model{p: p, order: make([]int, n), aggs: p.Aggregations}
	for i := range m.order {
		m.order[i] = i
	}
	slices.SortStableFunc(m.order, func(a, b int) int { return strings.Compare(p.Codes[a], p.Codes[b]) })
	codes := make([]string, n)
	for t, i := range m.order {
		codes[t] = p.Codes[i]
	}
	permute := func(v []float64) []float64 {
		out := make([]float64, n)
		for t, i := range m.order {
			out[t] = v[i]
		}
		return out
	}
	geometric := slices.Contains(p.Aggregations, engine.Geometric)
	q := &Problem{Codes: codes, ItemIDs: p.ItemIDs, Weights: p.Weights, Aggregations: p.Aggregations, Rule: p.Rule}
	for _, v := range p.Normalisations {
		nv := Variant{Name: v.Name, Indicators: map[string][]float64{}}
		var logs [][]float64
		for _, col := range v.Items {
			c := permute(col)
			nv.Items = append(nv.Items, c)
			if geometric {
				l := make([]float64, n)
				for i, x := range c {
					l[i] = math.Log(x)
				}
				logs = append(logs, l)
			}
		}
		for id, col := range v.Indicators {
			nv.Indicators[id] = permute(col)
		}
		q.Normalisations = append(q.Normalisations, nv)
		m.items = append(m.items, nv.Items)
		m.logs = append(m.logs, logs)
	}
	m.rule = compileRule(p.Rule, q, codes)
	return m
}

// worker holds one goroutine's scratch.
type worker struct {
	m     *model
	score []float64
	rank  []int32
	sel   []bool
	bufs  [][]bool
	rk    *ranker
}

func (m *model) newWorker(d *design) *worker {
	n := len(m.order)
	w := &worker{m: m, score: make([]float64, n), rank: make([]int32, n), sel: make([]bool, n), rk: newRanker(n)}
	if m.rule != nil {
		for range m.rule.nodes {
			w.bufs = append(w.bufs, make([]bool, n))
		}
	}
	return w
}

// evaluate scores, ranks and selects under setting s, and returns the two
// outputs: mean absolute rank shift from the scenario's ranking and the
// number of areas whose selection differs from the scenario's (zero for the
// scenario itself, whose ranking is not yet known then).
func (w *worker) evaluate(s *setting) [2]float64 {
	m := w.m
	score := w.score
	if m.aggs[s.agg] == engine.Geometric {
		for i := range score {
			score[i] = 0
		}
		var wsum float64
		for _, x := range s.w {
			wsum += x
		}
		for k, wt := range s.w {
			if wt == 0 {
				continue
			}
			f := wt / wsum
			for i, x := range m.logs[s.variant][k] {
				score[i] += f * x
			}
		}
		for i, x := range score {
			score[i] = math.Exp(x)
		}
	} else {
		w.weightedSum(s)
	}
	w.rk.rank(score, w.rank)
	r := m.rule
	if r != nil && !r.simple {
		r.eval(0, s.variant, score, w.rank, w.bufs, w.sel)
	}
	if m.baseRank == nil { // the scenario's own run
		if r != nil && r.simple {
			for i, k := range w.rank {
				w.sel[i] = k <= r.cutoff
			}
		}
		return [2]float64{}
	}
	// One pass for the selection (rank-cutoff rules), the rank shift and
	// the selection changes: at 32,844 areas a run is a handful of passes,
	// so each one saved counts.
	var shift, flips int64
	simple := r != nil && r.simple
	for i, k := range w.rank {
		if simple {
			w.sel[i] = k <= r.cutoff
		}
		d := k - m.baseRank[i]
		shift += int64(max(d, -d))
		var f int64 // a conditional move, not a branch: flips are random
		if w.sel[i] != m.baseSel[i] {
			f = 1
		}
		flips += f
	}
	return [2]float64{float64(shift) / float64(len(w.rank)), float64(flips)}
}

// weightedSum sets score = sum_k w_k x_k, adding the inputs in order one by
// one as the engine does (so the scenario's scores are bit for bit the
// engine's), but up to four inputs per pass over the areas, which saves
// most of the reads and writes of score.
func (w *worker) weightedSum(s *setting) {
	var ws []float64
	var xs [][]float64
	for k, wt := range s.w {
		if wt != 0 {
			ws = append(ws, wt)
			xs = append(xs, w.m.items[s.variant][k])
		}
	}
	score := w.score
	for i := range score {
		score[i] = 0
	}
	for len(xs) > 0 {
		switch len(xs) {
		case 1:
			a, x := ws[0], xs[0][:len(score)]
			for i := range score {
				score[i] += a * x[i]
			}
			xs, ws = xs[1:], ws[1:]
		case 2:
			a, b := ws[0], ws[1]
			x, y := xs[0][:len(score)], xs[1][:len(score)]
			for i, v := range score {
				v += a * x[i]
				score[i] = v + b*y[i]
			}
			xs, ws = xs[2:], ws[2:]
		case 3:
			a, b, c := ws[0], ws[1], ws[2]
			x, y, z := xs[0][:len(score)], xs[1][:len(score)], xs[2][:len(score)]
			for i, v := range score {
				v += a * x[i]
				v += b * y[i]
				score[i] = v + c*z[i]
			}
			xs, ws = xs[3:], ws[3:]
		default:
			a, b, c, d := ws[0], ws[1], ws[2], ws[3]
			x, y, z, u := xs[0][:len(score)], xs[1][:len(score)], xs[2][:len(score)], xs[3][:len(score)]
			for i, v := range score {
				v += a * x[i]
				v += b * y[i]
				v += c * z[i]
				score[i] = v + d*u[i]
			}
			xs, ws = xs[4:], ws[4:]
		}
	}
}
