package explore

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo/palette"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/score"
)

//go:embed assets
var assets embed.FS

// MaxBody is the largest request body accepted, in bytes.
const MaxBody = 64 << 10

// Options are what a Server shows besides the scenario.
type Options struct {
	// Robustness, when set, adds rank intervals and the probability of
	// selection to the table and a map layer.
	Robustness *result.Robustness
}

// Server is the explorer of one scenario. It is safe for concurrent use.
type Server struct {
	sc    *scenario.Scenario
	in    *score.Inputs
	input arrow.RecordBatch // the engine's input, shared read-only
	base  *result.Result    // the scenario as written
	log   *slog.Logger

	codes, names, wards, wardNames []string
	pop                            []float64
	index                          map[string]int // area code -> position
	wardCodes                      []string       // sorted
	wardIndex                      []int          // per area, into wardCodes
	baseSelected                   []bool
	rob                            *result.Robustness
	meta                           []byte // the page's static data, JSON
}

// New loads and scores the scenario once (the input stage reads every file
// here) and prepares the page's data. Nothing later reads a file.
func New(sc *scenario.Scenario, opt Options, log *slog.Logger) (*Server, error) {
	in, err := score.Load(sc, score.Options{})
	if err != nil {
		return nil, err
	}
	base, err := score.Compute(sc, in, log)
	if err != nil {
		return nil, err
	}
	input, err := score.EngineInput(sc, in, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, err
	}
	s := &Server{sc: sc, in: in, input: input, base: base, log: log, rob: opt.Robustness}
	a := base.Areas
	if s.codes, err = engine.Strings(a, result.ColAreaCode); err != nil {
		return nil, err
	}
	s.names, _ = engine.Strings(a, result.ColAreaName)
	s.wards, _ = engine.Strings(a, result.ColWardCode)
	s.wardNames, _ = engine.Strings(a, result.ColWardName)
	s.pop, _ = engine.Floats(a, result.ColPopulation)
	s.baseSelected, _ = engine.Bools(a, engine.ColSelected)
	s.index = make(map[string]int, len(s.codes))
	for i, c := range s.codes {
		s.index[c] = i
	}
	s.wardCodes, _ = engine.Strings(base.Wards, result.ColWardCode)
	wi := make(map[string]int, len(s.wardCodes))
	for i, w := range s.wardCodes {
		wi[w] = i
	}
	s.wardIndex = make([]int, len(s.codes))
	for i, w := range s.wards {
		s.wardIndex[i] = wi[w]
	}
	if opt.Robustness != nil {
		if err := opt.Robustness.Check(sc.Name, s.codes); err != nil {
			return nil, err
		}
	}
	if s.meta, err = s.metaJSON(); err != nil {
		return nil, err
	}
	return s, nil
}

// Close releases the engine's input.
func (s *Server) Close() { s.input.Release() }

// Handler serves the page and the API. hosts are the Host header values
// the server answers to (e.g. "127.0.0.1:8080"; "*:8080" for any name on
// port 8080, for --listen on a network address); any other Host, or an
// Origin other than http://<Host>, is refused with 403, which keeps other
// web sites (and DNS rebinding) away from the API.
func (s *Server) Handler(hosts ...string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.asset("index.html", "text/html; charset=utf-8"))
	mux.HandleFunc("GET /app.js", s.asset("app.js", "text/javascript; charset=utf-8"))
	mux.HandleFunc("GET /app.css", s.asset("app.css", "text/css; charset=utf-8"))
	mux.HandleFunc("GET /api/meta", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(s.meta)
	})
	mux.HandleFunc("POST /api/score", s.post(s.serveScore))
	mux.HandleFunc("POST /api/explain", s.post(s.serveExplain))
	mux.HandleFunc("POST /api/scenario", s.post(s.serveScenario))
	mux.HandleFunc("POST /api/table", s.post(s.serveTable))
	mux.HandleFunc("POST /api/briefing", s.post(s.serveBriefing))
	allowed := map[string]bool{}
	for _, h := range hosts {
		allowed[h] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowed[r.Host] && !allowed["*:"+portOf(r.Host)] {
			writeError(w, http.StatusForbidden, fmt.Sprintf("host %q is not this server's address", r.Host))
			return
		}
		if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host {
			writeError(w, http.StatusForbidden, fmt.Sprintf("origin %q may not use this server", o))
			return
		}
		if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
			writeError(w, http.StatusForbidden, "cross-site requests are refused")
			return
		}
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
		mux.ServeHTTP(w, r)
	})
}

func portOf(host string) string {
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		return host[i+1:]
	}
	return ""
}

func (s *Server) asset(name, ctype string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := assets.ReadFile("assets/" + name)
		if err != nil {
			writeError(w, http.StatusNotFound, err.Error())
			return
		}
		w.Header().Set("Content-Type", ctype)
		w.Write(b)
	}
}

// requestError is bad input: a 400 with its message.
type requestError struct{ msg string }

func (e *requestError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &requestError{fmt.Sprintf(format, args...)}
}

// post decodes the body (limited to MaxBody) and runs h; a requestError is
// a 400, anything else a 500 with its message.
func (s *Server) post(h func(http.ResponseWriter, *Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
			writeError(w, http.StatusUnsupportedMediaType, "send application/json")
			return
		}
		req, err := DecodeRequest(http.MaxBytesReader(w, r.Body, MaxBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is larger than %d bytes", MaxBody))
				return
			}
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		tw := &trackedWriter{ResponseWriter: w}
		if err := h(tw, req); err != nil {
			if tw.wrote { // too late for an error response (e.g. the client went away)
				s.log.Debug("explore: response cut short", "err", err)
				return
			}
			var re *requestError
			if errors.As(err, &re) {
				writeError(w, http.StatusBadRequest, re.msg)
				return
			}
			s.log.Error("explore", "err", err)
			writeError(w, http.StatusInternalServerError, err.Error())
		}
	}
}

// trackedWriter notes whether a response has begun.
type trackedWriter struct {
	http.ResponseWriter
	wrote bool
}

func (t *trackedWriter) WriteHeader(code int) { t.wrote = true; t.ResponseWriter.WriteHeader(code) }
func (t *trackedWriter) Write(b []byte) (int, error) {
	t.wrote = true
	return t.ResponseWriter.Write(b)
}

func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(b)
	return err
}

// meta is the page's static data: the areas, wards, controls and map.
type meta struct {
	Name       string        `json:"name"`
	Title      string        `json:"title"`
	File       string        `json:"file"`
	Codes      []string      `json:"codes"`
	Names      []string      `json:"names"`
	Wards      []int         `json:"wards"` // per area, index into WardCodes
	Population []float64     `json:"population"`
	WardCodes  []string      `json:"ward_codes"`
	WardNames  []string      `json:"ward_names"`
	Indicators []control     `json:"indicators"`
	Domains    []control     `json:"domains"`
	Selection  selectionMeta `json:"selection"`
	Colours    colours       `json:"colours"`
	Map        *svgMap       `json:"map"`
	Robustness *robustness   `json:"robustness"`
	Synthetic  []string      `json:"synthetic"`
}

type control struct {
	ID     string  `json:"id"`
	Label  string  `json:"label"`
	Domain string  `json:"domain,omitempty"`
	Weight float64 `json:"weight"`
}

type selectionMeta struct {
	Rule
	Text string `json:"text"`
	// Custom: the scenario's rule is not one of top_n, top_percent and
	// max_decile on the composite (the page keeps it unless changed).
	Custom bool `json:"custom"`
}

type colours struct {
	Deciles  []string `json:"deciles"`
	NoData   string   `json:"no_data"`
	Outline  string   `json:"selected_outline"`
	Ward     string   `json:"ward_boundary"`
	AreaEdge string   `json:"area_edge"`
	Accent   string   `json:"accent"`
}

type robustness struct {
	Draws     int        `json:"draws"`
	Median    []*float64 `json:"median"`
	P5        []*float64 `json:"p5"`
	P95       []*float64 `json:"p95"`
	PSelected []*float64 `json:"p_selected"`
}

func (s *Server) metaJSON() ([]byte, error) {
	m := meta{Name: s.sc.Name, Title: s.sc.Title, Codes: s.codes, Names: s.names, Wards: s.wardIndex, Population: s.pop,
		WardCodes: s.wardCodes, Synthetic: s.base.Report.Synthetic, Indicators: []control{}, Domains: []control{}}
	m.File = s.sc.Path[strings.LastIndexAny(s.sc.Path, `/\`)+1:]
	wn := map[string]string{}
	for i, w := range s.wards {
		wn[w] = s.wardNames[i]
	}
	for _, w := range s.wardCodes {
		m.WardNames = append(m.WardNames, wn[w])
	}
	for _, ind := range s.sc.Indicators {
		m.Indicators = append(m.Indicators, control{ID: ind.ID, Label: ind.Label, Domain: ind.Domain, Weight: *ind.Weight})
	}
	for _, d := range s.sc.Domains {
		m.Domains = append(m.Domains, control{ID: d.ID, Label: d.Label, Weight: *d.Weight})
	}
	m.Selection.Text = s.base.Report.Selection
	if sel := s.sc.Selection; sel != nil {
		m.Selection.Rule = Rule{TopN: sel.TopN, TopPercent: sel.TopPercent, MaxDecile: sel.MaxDecile}
		m.Selection.Custom = sel.MinScore != nil || sel.Indicator != "" || len(sel.Any)+len(sel.All) > 0
	} else {
		m.Selection.Custom = true
	}
	m.Colours = colours{Deciles: palette.Deciles(), NoData: palette.NoData, Outline: palette.SelectedOutline,
		Ward: palette.WardBoundary, AreaEdge: palette.AreaEdge, Accent: palette.Accent}
	if s.base.AreaGeoms != nil {
		m.Map = newSVGMap(s.base.AreaGeoms, s.base.WardGeoms, m.WardNames)
	}
	if r := s.rob; r != nil {
		n := len(s.codes)
		rb := &robustness{Draws: r.Draws, Median: make([]*float64, n), P5: make([]*float64, n), P95: make([]*float64, n), PSelected: make([]*float64, n)}
		for i, c := range s.codes {
			if iv, ok := r.Areas[c]; ok {
				rb.Median[i], rb.P5[i], rb.P95[i], rb.PSelected[i] = finite(iv.Median), finite(iv.P5), finite(iv.P95), finite(iv.PSelected)
			}
		}
		m.Robustness = rb
	}
	return json.Marshal(m)
}

func finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}
