package explore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/internal/scenario"
)

// Request is what the page sends: weights and a rule, never a path.
// Weights missing from the maps keep the scenario's values.
type Request struct {
	// Weights by indicator id (within its domain, for a nested indicator).
	Weights map[string]float64 `json:"weights"`
	// DomainWeights by domain id.
	DomainWeights map[string]float64 `json:"domain_weights"`
	// Normalise rescales the weights of each level (the composite's direct
	// inputs; each domain's indicators) to sum to 1.
	Normalise bool `json:"normalise"`
	// Selection replaces the scenario's rule; nil keeps it.
	Selection *Rule `json:"selection"`
	// Area is the area to explain (/api/explain only).
	Area string `json:"area"`
}

// Rule is the page's selection rule: exactly one field set.
type Rule struct {
	TopN       int     `json:"top_n,omitempty"`
	TopPercent float64 `json:"top_percent,omitempty"`
	MaxDecile  int     `json:"max_decile,omitempty"`
}

// maxIDs bounds the number of weights a request may carry.
const maxIDs = 1000

// DecodeRequest reads one JSON request. Unknown fields, trailing data,
// non-finite or negative weights and malformed rules are errors that say
// what is wrong; it never panics.
func DecodeRequest(r io.Reader) (*Request, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var req Request
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, err
		}
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("empty request: send a JSON object")
		}
		return nil, fmt.Errorf("malformed JSON request: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, err
		}
		return nil, fmt.Errorf("malformed JSON request: data after the object")
	}
	if len(req.Weights)+len(req.DomainWeights) > maxIDs {
		return nil, fmt.Errorf("too many weights (%d); at most %d", len(req.Weights)+len(req.DomainWeights), maxIDs)
	}
	for _, ws := range []struct {
		what string
		m    map[string]float64
	}{{"indicator", req.Weights}, {"domain", req.DomainWeights}} {
		for _, id := range sortedKeys(ws.m) {
			if w := ws.m[id]; math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
				return nil, fmt.Errorf("%s %q: weight must be a finite number >= 0, got %g", ws.what, id, w)
			}
		}
	}
	if r := req.Selection; r != nil {
		if err := r.validate(); err != nil {
			return nil, err
		}
	}
	if len(req.Area) > 64 {
		return nil, fmt.Errorf("area code is too long (%d characters)", len(req.Area))
	}
	return &req, nil
}

func (r *Rule) validate() error {
	set := 0
	if r.TopN != 0 {
		set++
		if r.TopN < 1 || r.TopN > 10_000_000 {
			return fmt.Errorf("selection.top_n must be a whole number from 1, got %d", r.TopN)
		}
	}
	if r.TopPercent != 0 {
		set++
		if !(r.TopPercent > 0 && r.TopPercent <= 100) {
			return fmt.Errorf("selection.top_percent must be in (0, 100], got %g", r.TopPercent)
		}
	}
	if r.MaxDecile != 0 {
		set++
		if r.MaxDecile < 1 || r.MaxDecile > 10 {
			return fmt.Errorf("selection.max_decile must be 1..10, got %d", r.MaxDecile)
		}
	}
	if set != 1 {
		return fmt.Errorf("selection needs exactly one of top_n, top_percent and max_decile (got %d)", set)
	}
	return nil
}

func sortedKeys(m map[string]float64) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// Apply returns a copy of the scenario with the request's weights and rule;
// the scenario itself is not changed. An unknown id or a level whose weights
// sum to 0 is a request error.
func (s *Server) Apply(req *Request) (*scenario.Scenario, error) {
	c := *s.sc
	c.Indicators = make([]*scenario.Indicator, len(s.sc.Indicators))
	known := map[string]*scenario.Indicator{}
	for i, ind := range s.sc.Indicators {
		cp := *ind
		w := *ind.Weight
		cp.Weight = &w
		c.Indicators[i], known[ind.ID] = &cp, &cp
	}
	c.Domains = make([]*scenario.Domain, len(s.sc.Domains))
	knownD := map[string]*scenario.Domain{}
	for i, d := range s.sc.Domains {
		cp := *d
		w := *d.Weight
		cp.Weight = &w
		c.Domains[i], knownD[d.ID] = &cp, &cp
	}
	for _, id := range sortedKeys(req.Weights) {
		ind, ok := known[id]
		if !ok {
			return nil, badRequest("unknown indicator %q (the scenario has %s)", id, ids(s.sc))
		}
		*ind.Weight = req.Weights[id]
	}
	for _, id := range sortedKeys(req.DomainWeights) {
		d, ok := knownD[id]
		if !ok {
			return nil, badRequest("unknown domain %q", id)
		}
		*d.Weight = req.DomainWeights[id]
	}
	// Levels: "" is the composite's direct inputs; a domain id its indicators.
	levels := map[string][]*float64{}
	for _, ind := range c.Indicators {
		levels[ind.Domain] = append(levels[ind.Domain], ind.Weight)
	}
	for _, d := range c.Domains {
		levels[""] = append(levels[""], d.Weight)
	}
	for _, lv := range slices.Sorted(mapsKeys(levels)) {
		sum := 0.0
		for _, w := range levels[lv] {
			sum += *w
		}
		if !(sum > 0) || math.IsInf(sum, 0) {
			where := "the composite's weights"
			if lv != "" {
				where = fmt.Sprintf("the weights in domain %q", lv)
			}
			return nil, badRequest("%s sum to %g; at least one must be positive", where, sum)
		}
		if req.Normalise {
			for _, w := range levels[lv] {
				*w /= sum
			}
		}
	}
	if r := req.Selection; r != nil {
		c.Selection = &scenario.Selection{TopN: r.TopN, TopPercent: r.TopPercent, MaxDecile: r.MaxDecile}
	}
	return &c, nil
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func ids(sc *scenario.Scenario) string {
	var b bytes.Buffer
	for i, ind := range sc.Indicators {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(ind.ID)
	}
	return b.String()
}

// scored is one recompute: the engine's result and its columns aligned
// with the server's areas (NaN / -1 for an area the engine dropped).
type scored struct {
	sc       *scenario.Scenario
	res      *engine.Result
	score    []float64
	rank     []int64
	decile   []int64
	selected []bool
}

// Recompute scores the request's scenario with the engine on the inputs
// read at start.
func (s *Server) Recompute(req *Request) (*scored, error) {
	c, err := s.Apply(req)
	if err != nil {
		return nil, err
	}
	res, err := engine.Score(s.input, c.Model())
	if err != nil {
		return nil, badRequest("%v", err)
	}
	n := len(s.codes)
	out := &scored{sc: c, res: res, score: make([]float64, n), rank: make([]int64, n), decile: make([]int64, n), selected: make([]bool, n)}
	for i := range out.score {
		out.score[i], out.rank[i], out.decile[i] = math.NaN(), -1, -1
	}
	codes, _ := engine.Strings(res.Record, engine.ColCode)
	sc, _ := engine.Floats(res.Record, engine.ColScore)
	rk, _ := engine.Ints(res.Record, engine.ColRank)
	dc, _ := engine.Ints(res.Record, engine.ColDecile)
	sl, _ := engine.Bools(res.Record, engine.ColSelected)
	for k, code := range codes {
		i, ok := s.index[code]
		if !ok {
			continue
		}
		out.score[i], out.rank[i], out.decile[i], out.selected[i] = sc[k], rk[k], dc[k], sl[k]
	}
	return out, nil
}

// Response is the answer to /api/score: per-area columns aligned with the
// page's areas, the key figures, per-ward counts and the changes against
// the scenario as written.
type Response struct {
	// Columns are written first, by serveScore, as "columns".
	Columns   Columns `json:"-"`
	Areas     int     `json:"areas"`
	NSelected int     `json:"n_selected"`
	People    float64 `json:"people"`
	WardsHit  int     `json:"wards_touched"`
	// Per ward (meta order): areas selected and people covered.
	WardSelected []int     `json:"ward_selected"`
	WardPeople   []float64 `json:"ward_people"`
	Entering     []string  `json:"entering"`
	Leaving      []string  `json:"leaving"`
	Warnings     []string  `json:"warnings"`
	Rule         string    `json:"rule"`
	// Weights in force (after normalising), for the controls.
	Weights       map[string]float64 `json:"weights"`
	DomainWeights map[string]float64 `json:"domain_weights"`
	Micros        int64              `json:"server_microseconds"`
}

func (s *Server) response(r *scored, started time.Time) *Response {
	n := len(s.codes)
	out := &Response{Columns: Columns{Score: make([]*float64, n), Rank: r.rank, Decile: r.decile, Selected: r.selected},
		Areas: r.res.Report.Areas, NSelected: r.res.Report.Selected, Warnings: r.res.Report.Warnings, Rule: r.res.Report.Selection,
		WardSelected: make([]int, len(s.wardCodes)), WardPeople: make([]float64, len(s.wardCodes)),
		Entering: []string{}, Leaving: []string{},
		Weights: map[string]float64{}, DomainWeights: map[string]float64{}}
	for i := range s.codes {
		out.Columns.Score[i] = finite(r.score[i])
		if r.selected[i] {
			out.People += s.pop[i]
			out.WardSelected[s.wardIndex[i]]++
			out.WardPeople[s.wardIndex[i]] += s.pop[i]
		}
		switch {
		case r.selected[i] && !s.baseSelected[i]:
			out.Entering = append(out.Entering, s.codes[i])
		case !r.selected[i] && s.baseSelected[i]:
			out.Leaving = append(out.Leaving, s.codes[i])
		}
	}
	for _, k := range out.WardSelected {
		if k > 0 {
			out.WardsHit++
		}
	}
	for _, ind := range r.sc.Indicators {
		out.Weights[ind.ID] = *ind.Weight
	}
	for _, d := range r.sc.Domains {
		out.DomainWeights[d.ID] = *d.Weight
	}
	out.Micros = time.Since(started).Microseconds()
	return out
}

// Columns are the per-area columns of a Response (null for an area the
// engine dropped).
type Columns struct {
	Score    []*float64 `json:"score"`
	Rank     []int64    `json:"rank"`
	Decile   []int64    `json:"decile"`
	Selected []bool     `json:"selected"`
}

// MarshalJSON writes the columns without reflection: for all English LSOAs
// it is most of a response's encoding time. Floats are written in their
// shortest exact form, so the page's numbers are the engine's.
func (c Columns) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 48*len(c.Rank)+64)
	b = append(b, `{"score":[`...)
	for i, v := range c.Score {
		if i > 0 {
			b = append(b, ',')
		}
		if v == nil {
			b = append(b, "null"...)
		} else {
			b = strconv.AppendFloat(b, *v, 'g', -1, 64)
		}
	}
	ints := func(name string, v []int64) {
		b = append(b, `],"`+name+`":[`...)
		for i, x := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, x, 10)
		}
	}
	ints("rank", c.Rank)
	ints("decile", c.Decile)
	b = append(b, `],"selected":[`...)
	for i, x := range c.Selected {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendBool(b, x)
	}
	return append(b, "]}"...), nil
}

func (s *Server) serveScore(w http.ResponseWriter, req *Request) error {
	started := time.Now()
	r, err := s.Recompute(req)
	if err != nil {
		return err
	}
	resp := s.response(r, started)
	cols, _ := resp.Columns.MarshalJSON()
	rest, err := json.Marshal(resp)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(slices.Concat([]byte(`{"columns":`), cols, []byte(","), rest[1:]))
	return err
}

func (s *Server) serveExplain(w http.ResponseWriter, req *Request) error {
	if req.Area == "" {
		return badRequest("name the area to explain (\"area\")")
	}
	r, err := s.Recompute(req)
	if err != nil {
		return err
	}
	e, err := r.res.Explain(req.Area)
	if err != nil {
		return badRequest("%v", err)
	}
	return writeJSON(w, jsonSafe(e))
}

// jsonSafe replaces infinities (no JSON form) with nulls.
func jsonSafe(e *engine.Explanation) any {
	type leaf struct {
		engine.LeafStatus
		Threshold *float64 `json:"threshold"`
		Gap       *float64 `json:"gap"`
	}
	out := struct {
		*engine.Explanation
		Selection []leaf `json:"selection,omitempty"`
	}{Explanation: e}
	for i := range e.Parts {
		clean(&e.Parts[i])
	}
	for _, l := range e.Selection {
		out.Selection = append(out.Selection, leaf{LeafStatus: l, Threshold: finite(l.Threshold), Gap: finite(l.Gap)})
	}
	return out
}

var discard = slog.New(slog.DiscardHandler)

func clean(c *engine.Contribution) {
	if c.Needed != nil && finite(*c.Needed) == nil {
		c.Needed = nil
	}
	for i := range c.Parts {
		clean(&c.Parts[i])
	}
}
