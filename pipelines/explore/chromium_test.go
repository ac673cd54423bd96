package explore

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/manchester-insight/targeting/geo/palette"
	"github.com/manchester-insight/targeting/internal/cdp"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/score"
)

var update = flag.Bool("update", false, "rewrite testdata/explore.png")

// chromiumFlags start a headless browser that makes no requests of its own
// (no updates, sync, field trials or QUIC probes), so any request seen is
// the page's.
var chromiumFlags = append(slices.Clone(cdp.QuietFlags), "--window-size=1280,1400")

func needChromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("starts headless Chromium; skipped with -short")
	}
	bin := cdp.FindChromium()
	if bin == "" {
		if os.Getenv("TARGETING_REQUIRE_CHROMIUM") == "1" {
			t.Fatal("chromium not found and TARGETING_REQUIRE_CHROMIUM=1 (install: apt-get install chromium)")
		}
		t.Skip("chromium not found (set TARGETING_REQUIRE_CHROMIUM=1 to require it; install: apt-get install chromium)")
	}
	return bin
}

// browser is one headless Chromium page driven over the DevTools protocol.
type browser struct {
	t       *testing.T
	c       *cdp.Client
	session string
}

func openBrowser(t *testing.T, bin string) *browser {
	t.Helper()
	// Chromium's helper processes may still write to the profile after the
	// browser exits, so the profile is removed with retries, not by t.TempDir.
	profile, err := os.MkdirTemp("", "explore-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 20 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	cmd := exec.Command(bin, append(chromiumFlags, "--user-data-dir="+profile, "about:blank")...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	wsURL := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		re := regexp.MustCompile(`DevTools listening on (ws://\S+)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				wsURL <- m[1]
			}
		}
	}()
	var ws string
	select {
	case ws = <-wsURL:
	case <-time.After(60 * time.Second):
		t.Fatal("chromium did not start its DevTools server")
	}
	c, err := cdp.Dial(ws)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	var target struct{ TargetID string }
	if err := c.Call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		t.Fatal(err)
	}
	var attached struct{ SessionID string }
	if err := c.Call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, c: c, session: attached.SessionID}
	for _, m := range []string{"Page.enable", "Runtime.enable", "Log.enable", "Network.enable"} {
		b.call(m, nil, nil)
	}
	b.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 1280, "height": 1400, "deviceScaleFactor": 1, "mobile": false}, nil)
	return b
}

func (b *browser) call(method string, params, result any) {
	b.t.Helper()
	if err := b.c.Call(b.session, method, params, result); err != nil {
		b.t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression (awaiting a promise) into v.
func (b *browser) eval(expr string, v any) {
	b.t.Helper()
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails json.RawMessage `json:"exceptionDetails"`
	}
	b.call("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &r)
	if r.ExceptionDetails != nil {
		b.t.Fatalf("evaluate %s: %s", expr, r.ExceptionDetails)
	}
	if v != nil {
		if err := json.Unmarshal(r.Result.Value, v); err != nil {
			b.t.Fatalf("evaluate %s: %v (%s)", expr, err, r.Result.Value)
		}
	}
}

// waitFor polls a boolean expression.
func (b *browser) waitFor(expr string) {
	b.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var ok bool
		b.eval("Boolean("+expr+")", &ok)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			_, problems := b.events("")
			b.t.Fatalf("timed out waiting for %s; console:\n%s", expr, strings.Join(problems, "\n"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (b *browser) key(key, code string, vk int) {
	b.t.Helper()
	for _, typ := range []string{"rawKeyDown", "keyUp"} {
		b.call("Input.dispatchKeyEvent", map[string]any{"type": typ, "key": key, "code": code, "windowsVirtualKeyCode": vk}, nil)
	}
}

// The page in a real browser: it loads with no request outside the local
// server and no console error; pressing End on the fuel poverty slider
// (keyboard only) recomputes, recolours the map and reorders the table;
// and the scenario the page downloads scores, from scratch, to the ranks
// the page shows.
func TestExploreInChromium(t *testing.T) {
	bin := needChromium(t)
	s := manchesterServer(t)
	ts := testServer(t, s)
	b := openBrowser(t, bin)
	b.call("Page.bringToFront", nil, nil)
	b.call("Page.navigate", map[string]any{"url": ts.URL + "/"}, nil)
	b.waitFor("window.explore && window.explore.ready && window.explore.idle()")

	var before struct {
		Fills []string
		Table []string
		Ranks []int64
	}
	state := `(() => ({
		fills: Array.from(document.querySelectorAll("#map path.area")).map(p => p.getAttribute("fill")),
		table: Array.from(document.querySelectorAll("#areas tbody tr td:nth-child(2)")).slice(0, 20).map(td => td.textContent),
		ranks: window.explore.res.rank }))()`
	b.eval(state, &before)
	if len(before.Fills) != len(s.codes) {
		t.Fatalf("map has %d areas, want %d", len(before.Fills), len(s.codes))
	}
	deciles := palette.Deciles()
	for i, f := range before.Fills {
		if !slices.Contains(deciles, f) {
			t.Fatalf("area %s filled %q, not a palette decile colour", s.codes[i], f)
		}
	}

	// Keyboard: focus the fuel poverty slider and press End (weight 1).
	b.eval(`document.getElementById("w-fuel_poverty").focus(), window.explore.requests`, nil)
	var n0 int
	b.eval(`window.explore.repaints.length`, &n0)
	b.key("End", "End", 35)
	b.waitFor(fmt.Sprintf(`window.explore.repaints.length > %d && !document.getElementById("w-fuel_poverty-n").value.startsWith("0.2")`, n0))
	time.Sleep(300 * time.Millisecond) // let a coalesced request finish
	b.waitFor(`window.explore.idle()`)
	var after struct {
		Fills []string
		Table []string
		Ranks []int64
	}
	b.eval(state, &after)
	changed := 0
	for i := range after.Fills {
		if after.Fills[i] != before.Fills[i] {
			changed++
		}
	}
	if changed == 0 || slices.Equal(before.Table, after.Table) {
		t.Fatalf("moving the slider changed %d fills; table before %v after %v", changed, before.Table, after.Table)
	}
	var weight string
	b.eval(`document.getElementById("w-fuel_poverty-n").value`, &weight)
	if weight != "1" {
		t.Errorf("fuel poverty weight box shows %q after End, want 1", weight)
	}

	// The downloaded scenario reproduces the page's ranks.
	var text string
	b.eval(`fetch("/api/scenario", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(window.explore.request())}).then(r => r.text())`, &text)
	f, err := os.CreateTemp(filepath.Dir(manchester), ".explore-chromium-*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(f.Name()) })
	f.WriteString(text)
	f.Close()
	sc, err := scenario.Load(f.Name())
	if err != nil {
		t.Fatalf("downloaded scenario: %v", err)
	}
	res, err := score.Run(sc, score.Options{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	want := resultByCode(t, res)
	for i, c := range s.codes {
		if want[c].rank != after.Ranks[i] {
			t.Fatalf("%s: page rank %d, targeting score of the downloaded file %d", c, after.Ranks[i], want[c].rank)
		}
	}

	// Click an area on the map: its explanation opens.
	b.eval(`document.querySelector("#map path.area").dispatchEvent(new MouseEvent("click", {bubbles: true})), 0`, nil)
	b.waitFor(`!document.getElementById("explain").hidden`)

	// Timing of slider -> repaint, over ten moves.
	var ms []float64
	b.eval(`(async () => {
		const r = document.getElementById("w-income"), out = [];
		for (let k = 0; k < 10; k++) {
			const n = window.explore.repaints.length;
			r.value = String(0.1 + 0.05 * k);
			r.dispatchEvent(new Event("input", {bubbles: true}));
			while (window.explore.repaints.length === n) await new Promise(res => setTimeout(res, 5));
			out.push(window.explore.repaints[window.explore.repaints.length - 1]);
			while (!window.explore.idle()) await new Promise(res => setTimeout(res, 5));
		}
		return out; })()`, &ms)
	var tables []float64
	b.eval(`window.explore.tables.slice(-10)`, &tables)
	slices.Sort(ms)
	slices.Sort(tables)
	t.Logf("slider -> map and figures repainted (Manchester, %d areas): median %.1f ms, max %.1f ms; -> tables updated: median %.1f ms, max %.1f ms",
		len(s.codes), ms[len(ms)/2], ms[len(ms)-1], tables[len(tables)/2], tables[len(tables)-1])

	b.eval(`window.scrollTo(0, 0), 0`, nil)
	var shot struct{ Data string }
	b.call("Page.captureScreenshot", map[string]any{"format": "png"}, &shot)
	raw, _ := base64.StdEncoding.DecodeString(shot.Data)
	if *update {
		if err := os.WriteFile("testdata/explore.png", raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	requests, problems := b.events(ts.URL)
	var shown string
	b.eval(`document.getElementById("error").textContent`, &shown)
	if shown != "" {
		t.Errorf("the page shows an error: %s", shown)
	}
	if len(requests) > 0 {
		t.Errorf("the page requested other addresses than %s: %v", ts.URL, requests)
	}
	if len(problems) > 0 {
		t.Errorf("console problems:\n%s", strings.Join(problems, "\n"))
	}
	if !bytes.HasPrefix(raw, []byte("\x89PNG")) {
		t.Error("screenshot is not a PNG")
	}
}

// events are the page's requests to other addresses than base and its
// console problems (messages, exceptions, error log entries).
func (b *browser) events(base string) (requests, problems []string) {
	for _, e := range b.c.Snapshot() {
		if e.SessionID != b.session {
			continue
		}
		switch e.Method {
		case "Network.requestWillBeSent":
			var p struct{ Request struct{ URL string } }
			json.Unmarshal(e.Params, &p)
			if !strings.HasPrefix(p.Request.URL, base+"/") && !strings.HasPrefix(p.Request.URL, "blob:") {
				requests = append(requests, p.Request.URL)
			}
		case "Runtime.consoleAPICalled", "Runtime.exceptionThrown":
			problems = append(problems, cdp.ConsoleText(e))
		case "Log.entryAdded":
			var p struct{ Entry struct{ Level string } }
			json.Unmarshal(e.Params, &p)
			if p.Entry.Level == "error" {
				problems = append(problems, cdp.ConsoleText(e))
			}
		}
	}
	return requests, problems
}

// The national scenario (all 32,844 English LSOAs, no boundaries): the page
// has no map, its tables and chart follow a weight change, and nothing
// goes wrong in the console.
func TestExploreNationalInChromium(t *testing.T) {
	bin := needChromium(t)
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
	b := openBrowser(t, bin)
	b.call("Page.bringToFront", nil, nil)
	b.call("Page.navigate", map[string]any{"url": ts.URL + "/"}, nil)
	b.waitFor("window.explore && window.explore.ready && window.explore.idle()")
	var page struct {
		MapHidden bool
		Rows      int
		First     string
	}
	state := `(() => ({mapHidden: document.getElementById("map-panel").hidden,
		rows: document.querySelectorAll("#areas tbody tr").length,
		first: Array.from(document.querySelectorAll("#areas tbody tr")).slice(0, 20).map(tr => tr.textContent).join("|")}))()`
	b.eval(state, &page)
	if !page.MapHidden || page.Rows != 100 {
		t.Fatalf("national page: map hidden %v, %d table rows", page.MapHidden, page.Rows)
	}
	first := page.First
	id := sc.Indicators[0].ID
	var ms []float64
	b.eval(`(async () => {
		const r = document.getElementById("w-`+id+`"), out = [];
		for (let k = 0; k < 5; k++) {
			const n = window.explore.repaints.length;
			r.value = String(0.9 - 0.1 * k);
			r.dispatchEvent(new Event("input", {bubbles: true}));
			while (window.explore.repaints.length === n || !window.explore.idle()) await new Promise(res => setTimeout(res, 5));
			out.push(window.explore.tables[window.explore.tables.length - 1]);
		}
		return out; })()`, &ms)
	slices.Sort(ms)
	t.Logf("slider -> tables updated (national, %d areas): median %.0f ms, max %.0f ms", len(s.codes), ms[len(ms)/2], ms[len(ms)-1])
	b.eval(state, &page)
	if page.First == first {
		t.Errorf("the first 20 rows did not change with %s's weight at 0.5: %s", id, first)
	}
	requests, problems := b.events(ts.URL)
	if len(requests) > 0 || len(problems) > 0 {
		t.Errorf("requests elsewhere %v; console problems %v", requests, problems)
	}
}

// With a robustness run: the table shows the intervals and the map's
// "probability of selection" layer colours areas by it.
func TestExploreRobustnessInChromium(t *testing.T) {
	bin := needChromium(t)
	s := manchesterServer(t)
	var csv strings.Builder
	csv.WriteString("area_code,median_rank,rank_p05,rank_p95,p_selected\n")
	for i, c := range s.codes {
		fmt.Fprintf(&csv, "%s,%d,%d,%d,%g\n", c, i+1, max(1, i-5), i+7, float64(i%11)/10)
	}
	path := filepath.Join(t.TempDir(), "cost-of-living_robustness.csv")
	if err := os.WriteFile(path, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	rob, err := result.ReadRobustness(path)
	if err != nil {
		t.Fatal(err)
	}
	withRob := *s
	withRob.rob = rob
	if withRob.meta, err = withRob.metaJSON(); err != nil {
		t.Fatal(err)
	}
	ts := testServer(t, &withRob)
	b := openBrowser(t, bin)
	b.call("Page.bringToFront", nil, nil)
	b.call("Page.navigate", map[string]any{"url": ts.URL + "/"}, nil)
	b.waitFor("window.explore && window.explore.ready && window.explore.idle()")
	var head string
	b.eval(`document.querySelector("#areas thead").textContent`, &head)
	if !strings.Contains(head, "Rank 5–95%") || !strings.Contains(head, "P(selected)") {
		t.Errorf("table head without robustness columns: %s", head)
	}
	var fills []string
	b.eval(`(() => { const l = document.getElementById("layer"); l.value = "p_selected"; l.dispatchEvent(new Event("change"));
		return Array.from(document.querySelectorAll("#map path.area")).map(p => p.getAttribute("fill")); })()`, &fills)
	deciles := palette.Deciles()
	for i, f := range fills {
		p := float64(i%11) / 10
		band := min(10, 10-int(p*10+1e-9)+map[bool]int{true: 1}[p == 1])
		if f != deciles[band-1] {
			t.Fatalf("area %d (p %.1f): fill %s, want band %d %s", i, p, f, band, deciles[band-1])
		}
	}
	if _, problems := b.events(ts.URL); len(problems) > 0 {
		t.Errorf("console problems %v", problems)
	}
}
