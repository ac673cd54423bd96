package analysis

import (
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/score"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

const (
	costOfLiving = "../../examples/cost-of-living.yaml"
	fuelHeavy    = "../../examples/cost-of-living-fuel-heavy.yaml"
)

var (
	scoredMu sync.Mutex
	cache    = map[string]*result.Result{}
)

// scored runs a shipped scenario once per test binary.
func scored(t testing.TB, path string) *result.Result {
	t.Helper()
	scoredMu.Lock()
	defer scoredMu.Unlock()
	if r := cache[path]; r != nil {
		return r
	}
	sc, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := score.Run(sc, score.Options{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	cache[path] = r
	return r
}

// scoreEdited scores a shipped scenario with its text edited (old -> new),
// paths still relative to the examples folder.
func scoreEdited(t testing.TB, path, old, new string) *result.Result {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(text)
	if !strings.Contains(s, old) {
		t.Fatalf("%s has no %q", path, old)
	}
	sc, err := scenario.Parse(path, []byte(strings.Replace(s, old, new, 1)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := score.Run(sc, score.Options{}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustRead(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
