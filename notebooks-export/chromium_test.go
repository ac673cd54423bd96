package notebooksexport

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/url"
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
)

// chromiumFlags start a headless browser that makes no requests of its own
// (no updates, sync, field trials or QUIC probes), so any request seen is
// the page's.
var chromiumFlags = append(slices.Clone(cdp.QuietFlags), "--window-size=1280,2000")

// pageVisit is what opening a page showed.
type pageVisit struct {
	screenshot image.Image
	pdf        []byte
	requests   []string // URLs the page requested besides itself
	problems   []string // console messages, exceptions, error log entries
	values     map[string]json.RawMessage
}

// visit opens pageURL in headless Chromium over the DevTools protocol at
// 1280x2000, records every request, console message, exception and error
// log entry, evaluates exprs, and takes a screenshot and an A4 PDF.
func visit(t *testing.T, bin, pageURL string, exprs map[string]string) pageVisit {
	t.Helper()
	cmd := exec.Command(bin, append(chromiumFlags, "--user-data-dir="+t.TempDir(), "about:blank")...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	wsURL := make(chan string, 1)
	var log bytes.Buffer
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		re := regexp.MustCompile(`DevTools listening on (ws://\S+)`)
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				wsURL <- m[1]
			}
		}
	}()
	var ws string
	select {
	case ws = <-wsURL:
	case <-time.After(60 * time.Second):
		t.Fatalf("chromium did not start its DevTools server:\n%s", log.String())
	}
	c, err := cdp.Dial(ws)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	var target struct{ TargetID string }
	if err := c.Call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		t.Fatal(err)
	}
	var attached struct{ SessionID string }
	if err := c.Call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		t.Fatal(err)
	}
	s := attached.SessionID
	for _, m := range []string{"Page.enable", "Runtime.enable", "Log.enable", "Network.enable"} {
		if err := c.Call(s, m, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Call(s, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 1280, "height": 2000, "deviceScaleFactor": 1, "mobile": false}, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Call(s, "Page.navigate", map[string]any{"url": pageURL}, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.WaitEvent("Page.loadEventFired", 60*time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // late console messages and requests

	v := pageVisit{values: map[string]json.RawMessage{}}
	for name, expr := range exprs {
		var r struct {
			Result struct {
				Value json.RawMessage `json:"value"`
			} `json:"result"`
			ExceptionDetails json.RawMessage `json:"exceptionDetails"`
		}
		if err := c.Call(s, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &r); err != nil || r.ExceptionDetails != nil {
			t.Fatalf("evaluate %s: %v %s", name, err, r.ExceptionDetails)
		}
		v.values[name] = r.Result.Value
	}
	var shot struct{ Data string }
	if err := c.Call(s, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot); err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(shot.Data)
	if v.screenshot, err = png.Decode(bytes.NewReader(raw)); err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	var pdf struct{ Data string }
	if err := c.Call(s, "Page.printToPDF", map[string]any{"preferCSSPageSize": true}, &pdf); err != nil {
		t.Fatal(err)
	}
	v.pdf, _ = base64.StdEncoding.DecodeString(pdf.Data)

	for _, e := range c.Snapshot() {
		if e.SessionID != s {
			continue
		}
		switch e.Method {
		case "Network.requestWillBeSent":
			var p struct{ Request struct{ URL string } }
			json.Unmarshal(e.Params, &p)
			if p.Request.URL != pageURL {
				v.requests = append(v.requests, p.Request.URL)
			}
		case "Runtime.consoleAPICalled", "Runtime.exceptionThrown":
			v.problems = append(v.problems, cdp.ConsoleText(e))
		case "Log.entryAdded":
			var p struct{ Entry struct{ Level string } }
			json.Unmarshal(e.Params, &p)
			if p.Entry.Level == "error" {
				v.problems = append(v.problems, cdp.ConsoleText(e))
			}
		}
	}
	c.Call("", "Browser.close", nil, nil)
	return v
}

func fileURL(path string) string {
	abs, _ := filepath.Abs(path)
	return (&url.URL{Scheme: "file", Path: abs}).String()
}

func needChromium(t *testing.T) string {
	t.Helper()
	bin := cdp.FindChromium()
	need(t, bin != "", "chromium", "TARGETING_REQUIRE_CHROMIUM", "apt-get install chromium fonts-dejavu-core")
	return bin
}

// The harness itself sees what it must: a page that logs an error and
// loads an image from elsewhere (a closed port on this machine) is caught.
func TestChromiumHarnessCatchesProblems(t *testing.T) {
	if testing.Short() {
		t.Skip("drives headless Chromium; runs without -short")
	}
	bin := needChromium(t)
	page := filepath.Join(t.TempDir(), "bad.html")
	os.WriteFile(page, []byte(`<!DOCTYPE html><html><body><p>bad</p><img src="http://127.0.0.1:9/x.png"><script>console.error("boom")</script></body></html>`), 0o644)
	v := visit(t, bin, fileURL(page), nil)
	if len(v.requests) == 0 {
		t.Error("the image request was not seen")
	}
	if len(v.problems) == 0 || !strings.Contains(strings.Join(v.problems, "\n"), "boom") {
		t.Errorf("the console error was not seen: %v", v.problems)
	}
}

// The briefing renders in Chromium: both maps drawn in several decile
// colours, every ward labelled, nothing wider than the window, no console
// message, no request, and it prints to a few A4 pages. The screenshot is
// kept at testdata/report.png for people to look at (rewritten when
// TARGETING_KEEP_SCREENSHOT names a file, so a plain test run leaves the
// tree clean).
func TestReportInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("drives headless Chromium; runs without -short")
	}
	bin := needChromium(t)
	for _, rob := range []bool{true, false} {
		name := map[bool]string{true: "with-robustness", false: "not-run"}[rob]
		t.Run(name, func(t *testing.T) {
			path, _ := writeExampleReport(t, t.TempDir(), rob)
			v := visit(t, bin, fileURL(path), map[string]string{
				"maps":   `JSON.stringify(Array.from(document.querySelectorAll("svg.map")).map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }))`,
				"labels": `document.querySelectorAll("svg.map .labels.screen text").length`,
				"width":  `document.documentElement.scrollWidth`,
			})
			if len(v.requests) > 0 {
				t.Errorf("the report made requests: %v", v.requests)
			}
			if len(v.problems) > 0 {
				t.Errorf("console messages or errors:\n%s", strings.Join(v.problems, "\n"))
			}
			var rects [][4]float64
			var maps string
			json.Unmarshal(v.values["maps"], &maps)
			json.Unmarshal([]byte(maps), &rects)
			if len(rects) != 2 {
				t.Fatalf("%d maps, want 2", len(rects))
			}
			if string(v.values["labels"]) != "32" {
				t.Errorf("%s ward labels, want 32", v.values["labels"])
			}
			if string(v.values["width"]) != "1280" {
				t.Errorf("page is %s px wide in a 1280 px window", v.values["width"])
			}
			for i, r := range rects {
				colours, inked := mapColours(v.screenshot, r)
				t.Logf("map %d at %v: %d decile colours, %.0f%% inked", i, r, colours, inked*100)
				if colours < 6 || inked < 0.25 {
					t.Errorf("map %d at %v: %d decile colours, %.0f%% inked; want a drawn map", i, r, colours, inked*100)
				}
			}
			if dir := os.Getenv("TARGETING_KEEP_PDF"); dir != "" {
				os.WriteFile(filepath.Join(dir, "report-"+name+".pdf"), v.pdf, 0o644)
			}
			if pages := bytes.Count(v.pdf, []byte("/Type /Page\n")) + bytes.Count(v.pdf, []byte("/Type /Page>")) + bytes.Count(v.pdf, []byte("/Type /Page/")); !bytes.HasPrefix(v.pdf, []byte("%PDF")) || pages < 2 || pages > 12 {
				t.Errorf("PDF: %d bytes, %d pages", len(v.pdf), pages)
			}
			if keep := os.Getenv("TARGETING_KEEP_SCREENSHOT"); rob && keep != "" {
				// The committed testdata/report.png was made this way:
				// TARGETING_KEEP_SCREENSHOT=testdata/report.png go test ./notebooks-export/
				f, err := os.Create(keep)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if err := png.Encode(f, v.screenshot); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// mapColours counts, inside rect (x, y, w, h) of a screenshot, how many
// decile colours cover at least 0.5% of it, and what share is not white.
func mapColours(img image.Image, r [4]float64) (int, float64) {
	ramp := map[color.RGBA]int{}
	for _, c := range palette.Deciles() {
		ramp[hexColour(c)] = 0
	}
	total, inked := 0, 0
	b := img.Bounds()
	for y := int(r[1]); y < int(r[1]+r[3]) && y < b.Max.Y; y++ {
		for x := int(r[0]); x < int(r[0]+r[2]) && x < b.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			c := color.RGBA{uint8(cr >> 8), uint8(cg >> 8), uint8(cb >> 8), 255}
			total++
			if c != (color.RGBA{255, 255, 255, 255}) {
				inked++
			}
			if n, ok := ramp[c]; ok {
				ramp[c] = n + 1
			}
		}
	}
	if total == 0 {
		return 0, 0
	}
	n := 0
	for _, k := range ramp {
		if float64(k) >= 0.005*float64(total) {
			n++
		}
	}
	return n, float64(inked) / float64(total)
}
