package explore

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/score"
)

const manchester = "../../examples/cost-of-living.yaml"

var quiet = slog.New(slog.DiscardHandler)

var (
	fixtureOnce sync.Once
	fixture     *Server
	fixtureErr  error
)

// manchesterServer is the explorer of examples/cost-of-living.yaml, built
// once per test binary.
func manchesterServer(t testing.TB) *Server {
	t.Helper()
	fixtureOnce.Do(func() {
		sc, err := scenario.Load(manchester)
		if err != nil {
			fixtureErr = err
			return
		}
		fixture, fixtureErr = New(sc, Options{}, quiet)
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixture
}

// testServer serves s on a loopback port, answering to its own address.
func testServer(t testing.TB, s *Server) *httptest.Server {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	ts.Config.Handler = s.Handler(ts.Listener.Addr().String())
	ts.Start()
	t.Cleanup(ts.Close)
	return ts
}

func postJSON(t testing.TB, url, body string, header map[string]string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		if k == "Host" {
			req.Host = v
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// scoreResponse is a Response as the page reads it.
type scoreResponse struct {
	Columns Columns `json:"columns"`
	Response
}

// byCode is a scored areas table as code -> rank, score, selected.
type ranked struct {
	rank     int64
	score    float64
	selected bool
}

func resultByCode(t *testing.T, res *result.Result) map[string]ranked {
	t.Helper()
	codes, _ := engine.Strings(res.Areas, result.ColAreaCode)
	rank, _ := engine.Ints(res.Areas, engine.ColRank)
	sc, _ := engine.Floats(res.Areas, engine.ColScore)
	sel, _ := engine.Bools(res.Areas, engine.ColSelected)
	out := map[string]ranked{}
	for i, c := range codes {
		out[c] = ranked{rank[i], sc[i], sel[i]}
	}
	return out
}

// The page's numbers for changed weights are those of scoring the
// downloaded scenario file from scratch (score.Run, as `targeting score`).
func TestScoresEqualRunOfDownloadedScenario(t *testing.T) {
	s := manchesterServer(t)
	ts := testServer(t, s)
	for _, body := range []string{
		`{}`,
		`{"weights": {"fuel_poverty": 0.6, "income": 0.1}, "selection": {"top_n": 40}}`,
		`{"weights": {"fuel_poverty": 3, "service_use": 0}, "normalise": true, "selection": {"max_decile": 2}}`,
		`{"weights": {"household_deprivation": 0.123456789}, "selection": {"top_percent": 12.5}}`,
	} {
		if testing.Short() && !strings.Contains(body, "top_n") {
			continue // each case scores the scenario from scratch; -short keeps one
		}
		t.Run(body, func(t *testing.T) {
			code, b := postJSON(t, ts.URL+"/api/score", body, nil)
			if code != 200 {
				t.Fatalf("score: %d %s", code, b)
			}
			var got scoreResponse
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			code, text := postJSON(t, ts.URL+"/api/scenario", body, nil)
			if code != 200 {
				t.Fatalf("scenario: %d %s", code, text)
			}
			if !bytes.Contains(text, []byte("# - Fuel poverty (BEIS 2020")) {
				t.Error("the downloaded scenario lost the file's comments")
			}
			// Written beside the original, as the README tells users to.
			f, err := os.CreateTemp(filepath.Dir(manchester), ".explore-test-*.yaml")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Remove(f.Name()) })
			f.Write(text)
			f.Close()
			sc, err := scenario.Load(f.Name())
			if err != nil {
				t.Fatalf("downloaded scenario does not load: %v\n%s", err, text)
			}
			res, err := score.Run(sc, score.Options{}, quiet)
			if err != nil {
				t.Fatal(err)
			}
			want := resultByCode(t, res)
			if len(want) != len(s.codes) {
				t.Fatalf("run scored %d areas, page has %d", len(want), len(s.codes))
			}
			nsel := 0
			for i, c := range s.codes {
				w := want[c]
				if got.Columns.Rank[i] != w.rank || got.Columns.Selected[i] != w.selected || got.Columns.Score[i] == nil || *got.Columns.Score[i] != w.score {
					t.Fatalf("%s: page rank %d score %v selected %v; run rank %d score %v selected %v",
						c, got.Columns.Rank[i], *got.Columns.Score[i], got.Columns.Selected[i], w.rank, w.score, w.selected)
				}
				if w.selected {
					nsel++
				}
			}
			if got.NSelected != nsel || got.NSelected != res.Report.Selected || math.Abs(got.People-res.Report.People) > 1e-6 {
				t.Errorf("key figures: page %d selected, %g people; run %d, %g", got.NSelected, got.People, res.Report.Selected, res.Report.People)
			}
			if body == `{}` && (len(got.Entering) > 0 || len(got.Leaving) > 0) {
				t.Errorf("no change, yet entering %v leaving %v", got.Entering, got.Leaving)
			}
		})
	}
}

// Moving a weight changes the ranks, and the changes panel lists exactly
// the areas whose selection differs from the scenario file's.
func TestChangesAgainstScenarioFile(t *testing.T) {
	s := manchesterServer(t)
	ts := testServer(t, s)
	_, b := postJSON(t, ts.URL+"/api/score", `{"weights": {"fuel_poverty": 1, "income": 0, "employment": 0, "household_deprivation": 0, "service_use": 0}}`, nil)
	var got scoreResponse
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Entering) == 0 || len(got.Entering) != len(got.Leaving) {
		t.Fatalf("top 20%% by fuel poverty alone: entering %d, leaving %d", len(got.Entering), len(got.Leaving))
	}
	for _, c := range got.Entering {
		i := s.index[c]
		if !got.Columns.Selected[i] || s.baseSelected[i] {
			t.Errorf("%s listed as entering", c)
		}
	}
}

func TestExplain(t *testing.T) {
	ts := testServer(t, manchesterServer(t))
	code, b := postJSON(t, ts.URL+"/api/explain", `{"area": "E01005088", "selection": {"top_n": 1}}`, nil)
	if code != 200 {
		t.Fatalf("%d %s", code, b)
	}
	var e struct {
		Rank          int64
		Selected      bool
		Contributions []struct{ ID string }
		Selection     []struct{ Met bool }
	}
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	if e.Rank != 1 || !e.Selected || len(e.Contributions) != 5 || len(e.Selection) != 1 || !e.Selection[0].Met {
		t.Errorf("explanation of the top area: %s", b)
	}
}

// Bad input is a 4xx with a message, never a 500 or a panic.
func TestBadRequests(t *testing.T) {
	ts := testServer(t, manchesterServer(t))
	host := strings.TrimPrefix(ts.URL, "http://")
	huge := `{"weights": {"income": 0.1` + strings.Repeat(" ", MaxBody) + `}}`
	for _, c := range []struct {
		name, path, body string
		header           map[string]string
		code             int
		msg              string
	}{
		{"malformed JSON", "/api/score", `{"weights": {`, nil, 400, "malformed JSON"},
		{"not an object", "/api/score", `[1, 2]`, nil, 400, "malformed JSON"},
		{"empty body", "/api/score", ``, nil, 400, "empty request"},
		{"trailing data", "/api/score", `{} {}`, nil, 400, "data after the object"},
		{"unknown field", "/api/score", `{"file": "/etc/passwd"}`, nil, 400, `unknown field "file"`},
		{"unknown indicator", "/api/score", `{"weights": {"crime": 0.5}}`, nil, 400, `unknown indicator "crime"`},
		{"unknown domain", "/api/score", `{"domain_weights": {"health": 0.5}}`, nil, 400, `unknown domain "health"`},
		{"negative weight", "/api/score", `{"weights": {"income": -0.1}}`, nil, 400, "finite number >= 0"},
		{"NaN weight", "/api/score", `{"weights": {"income": NaN}}`, nil, 400, "malformed JSON"},
		{"NaN as text", "/api/score", `{"weights": {"income": "NaN"}}`, nil, 400, "malformed JSON"},
		{"overflowing weight", "/api/score", `{"weights": {"income": 1e400}}`, nil, 400, "malformed JSON"},
		{"all weights zero", "/api/score", `{"weights": {"income": 0, "employment": 0, "fuel_poverty": 0, "household_deprivation": 0, "service_use": 0}}`, nil, 400, "sum to 0"},
		{"two rules", "/api/score", `{"selection": {"top_n": 5, "max_decile": 2}}`, nil, 400, "exactly one"},
		{"no rule", "/api/score", `{"selection": {}}`, nil, 400, "exactly one"},
		{"decile 11", "/api/score", `{"selection": {"max_decile": 11}}`, nil, 400, "max_decile must be 1..10"},
		{"percent 0.0 < p", "/api/score", `{"selection": {"top_percent": 101}}`, nil, 400, "top_percent"},
		{"negative top_n", "/api/score", `{"selection": {"top_n": -3}}`, nil, 400, "top_n"},
		{"huge body", "/api/score", huge, nil, 413, "larger than"},
		{"explain nothing", "/api/explain", `{}`, nil, 400, "name the area"},
		{"explain unknown area", "/api/explain", `{"area": "E01999999"}`, nil, 400, "not among"},
		{"wrong origin", "/api/score", `{}`, map[string]string{"Origin": "http://evil.example"}, 403, "origin"},
		{"origin of another port", "/api/score", `{}`, map[string]string{"Origin": "http://127.0.0.1:1"}, 403, "origin"},
		{"wrong host", "/api/score", `{}`, map[string]string{"Host": "evil.example:80"}, 403, "host"},
		{"cross-site fetch", "/api/score", `{}`, map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, "cross-site"},
		{"form post", "/api/score", `{}`, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415, "application/json"},
		{"scenario download, bad weight", "/api/scenario", `{"weights": {"income": -1}}`, nil, 400, "finite number"},
		{"briefing, unknown indicator", "/api/briefing", `{"weights": {"x": 1}}`, nil, 400, "unknown indicator"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, b := postJSON(t, ts.URL+c.path, c.body, c.header)
			var e struct{ Error string }
			if err := json.Unmarshal(b, &e); err != nil {
				t.Fatalf("%d, not a JSON error: %s", code, b)
			}
			if code != c.code || !strings.Contains(e.Error, c.msg) {
				t.Errorf("got %d %q, want %d containing %q", code, e.Error, c.code, c.msg)
			}
		})
	}
	// The right Origin passes; so do GETs of the page.
	if code, b := postJSON(t, ts.URL+"/api/score", `{}`, map[string]string{"Origin": "http://" + host}); code != 200 {
		t.Errorf("same-origin request: %d %s", code, b)
	}
	for _, p := range []string{"/", "/app.js", "/app.css", "/api/meta"} {
		resp, err := http.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d", p, resp.StatusCode)
		}
	}
	resp, err := http.Get(ts.URL + "/../../etc/passwd")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("GET a path outside the app: %d", resp.StatusCode)
	}
}

func TestTableAndBriefing(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a briefing (scores the scenario in full); skipped with -short")
	}
	ts := testServer(t, manchesterServer(t))
	code, b := postJSON(t, ts.URL+"/api/table", `{"selection": {"top_n": 10}}`, nil)
	if code != 200 {
		t.Fatalf("%d %s", code, b)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 283 || !strings.HasPrefix(lines[0], "rank,area_code,") || !strings.HasPrefix(lines[1], "1,") {
		t.Errorf("table: %d lines, %q %q", len(lines), lines[0], lines[1])
	}
	code, b = postJSON(t, ts.URL+"/api/briefing", `{"weights": {"fuel_poverty": 0.5}, "selection": {"top_n": 30}}`, nil)
	if code != 200 || !bytes.Contains(b, []byte("<html")) || !bytes.Contains(b, []byte("30")) {
		t.Fatalf("briefing: %d %.200s", code, b)
	}
}

// A scenario without boundaries (the national IMD rebuild) has no map and
// still scores.
func TestNationalWithoutBoundaries(t *testing.T) {
	if testing.Short() {
		t.Skip("loads all 32,844 English LSOAs; skipped with -short")
	}
	sc, err := scenario.Load("../../examples/imd2019.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(sc, Options{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ts := testServer(t, s)
	resp, err := http.Get(ts.URL + "/api/meta")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Codes []string
		Map   *svgMap
	}
	json.NewDecoder(resp.Body).Decode(&m)
	resp.Body.Close()
	if len(m.Codes) != 32844 || m.Map != nil {
		t.Fatalf("meta: %d areas, map %v", len(m.Codes), m.Map != nil)
	}
	code, b := postJSON(t, ts.URL+"/api/score", `{"selection": {"top_percent": 10}}`, nil)
	var got scoreResponse
	if code != 200 || json.Unmarshal(b, &got) != nil || got.NSelected != 3285 {
		t.Fatalf("%d selected %d: %.300s", code, got.NSelected, b)
	}
}

func TestRobustnessInMeta(t *testing.T) {
	s := manchesterServer(t)
	var b strings.Builder
	b.WriteString("area_code,median_rank,rank_p05,rank_p95,p_selected\n")
	for i, c := range s.codes {
		b.WriteString(c + "," + strings.Repeat("1", 1) + ",1,3," + map[bool]string{true: "0.9", false: "0"}[i%2 == 0] + "\n")
	}
	path := filepath.Join(t.TempDir(), "cost-of-living_robustness.csv")
	os.WriteFile(path, []byte(b.String()), 0o644)
	rob, err := result.ReadRobustness(path)
	if err != nil {
		t.Fatal(err)
	}
	s2 := *s
	s2.rob = rob
	raw, err := s2.metaJSON()
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ Robustness *robustness }
	json.Unmarshal(raw, &m)
	if m.Robustness == nil || len(m.Robustness.PSelected) != len(s.codes) || *m.Robustness.PSelected[0] != 0.9 || *m.Robustness.P95[1] != 3 {
		t.Fatalf("robustness in meta: %+v", m.Robustness)
	}
}

func TestHosts(t *testing.T) {
	ln, public, err := Listen("", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	hosts := Hosts(ln, "")
	if public || len(hosts) != 2 || !strings.HasPrefix(hosts[0], "127.0.0.1:") || !strings.HasPrefix(hosts[1], "localhost:") {
		t.Errorf("loopback: public %v, hosts %v", public, hosts)
	}
	if _, _, err := Listen("", 70000); err == nil {
		t.Error("port 70000 accepted")
	}
	// A handler for a network address answers any name on its port, but
	// still only to its own origin.
	h := manchesterServer(t).Handler("*:8080")
	for _, c := range []struct {
		host, origin string
		code         int
	}{
		{"192.168.1.5:8080", "", 200},
		{"council-pc:8080", "http://council-pc:8080", 200},
		{"council-pc:8080", "http://evil.example", 403},
		{"council-pc:9090", "", 403},
	} {
		req := httptest.NewRequest(http.MethodGet, "http://"+c.host+"/api/meta", nil)
		if c.origin != "" {
			req.Header.Set("Origin", c.origin)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != c.code {
			t.Errorf("host %s origin %q: %d, want %d", c.host, c.origin, w.Code, c.code)
		}
	}
}
