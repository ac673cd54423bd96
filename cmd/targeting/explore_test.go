package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to read while the command writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// targeting explore end to end: it prints a loopback URL, the page's
// "Download scenario" file scored by `targeting score` gives the ranks the
// API showed, and cancelling the command (as Ctrl-C does) stops it cleanly.
func TestExploreRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the explore server and scores twice; skipped with -short")
	}
	var out, errb syncBuffer
	cmd := newRootCmd()
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SetArgs([]string{"--quiet", "explore", "--scenario", "../../examples/cost-of-living.yaml"})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	re := regexp.MustCompile(`explore: (http://127\.0\.0\.1:\d+/)`)
	var base string
	for deadline := time.Now().Add(60 * time.Second); base == ""; time.Sleep(50 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no URL printed: %s %s", out.String(), errb.String())
		}
	}
	post := func(path, body string) []byte {
		resp, err := http.Post(base+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, b)
		}
		return b
	}
	req := `{"weights": {"fuel_poverty": 0.45, "employment": 0.05}, "selection": {"top_n": 33}}`
	var page struct {
		Columns struct {
			Rank     []int64
			Selected []bool
		}
	}
	if err := json.Unmarshal(post("api/score", req), &page); err != nil {
		t.Fatal(err)
	}
	var meta struct{ Codes []string }
	resp, err := http.Get(base + "api/meta")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&meta)
	resp.Body.Close()
	yaml := post("api/scenario", req)

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("explore stopped with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("explore did not stop when cancelled")
	}

	f, err := os.CreateTemp("../../examples", ".explore-cli-*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(f.Name()) })
	f.Write(yaml)
	f.Close()
	dir := t.TempDir()
	if _, stderr, code := run(t, "score", "--scenario", f.Name(), "--out", dir, "--format", "csv"); code != 0 {
		t.Fatalf("targeting score of the downloaded scenario exited %d: %s", code, stderr)
	}
	name := regexp.MustCompile(`(?m)^name: (\S+)`).FindSubmatch(yaml)
	rows := readCSV(t, filepath.Join(dir, string(name[1])+"_areas.csv"))
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	at := map[string]int{}
	for i, c := range meta.Codes {
		at[c] = i
	}
	selected := 0
	for _, r := range rows[1:] {
		i := at[r[col["area_code"]]]
		rank, _ := strconv.ParseInt(r[col["rank"]], 10, 64)
		if rank != page.Columns.Rank[i] {
			t.Fatalf("%s: targeting score rank %d, page rank %d", r[col["area_code"]], rank, page.Columns.Rank[i])
		}
		if r[col["selected"]] == "true" {
			selected++
		}
	}
	if selected != 33 || len(rows)-1 != len(meta.Codes) {
		t.Errorf("%d areas, %d selected", len(rows)-1, selected)
	}
}
