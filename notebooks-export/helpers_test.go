package notebooksexport

import (
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/score"
)

const exampleScenario = "../examples/cost-of-living.yaml"

var (
	exampleOnce sync.Once
	exampleRes  *result.Result
	exampleErr  error
)

// example scores the shipped Manchester scenario once per test binary.
func example(t *testing.T) *result.Result {
	t.Helper()
	exampleOnce.Do(func() {
		sc, err := scenario.Load(exampleScenario)
		if err != nil {
			exampleErr = err
			return
		}
		exampleRes, exampleErr = score.Run(sc, score.Options{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	})
	if exampleErr != nil {
		t.Fatal(exampleErr)
	}
	return exampleRes
}

// syntheticRobustness writes a robustness result for res into dir as
// `targeting robustness --out dir` lays it out (CSV with the area's names
// and rank repeated, settings in a JSON beside it), with intervals that
// widen with rank as a real run's would. The numbers are made up from the
// ranks, deterministically: a stand-in for a real run in tests.
func syntheticRobustness(t *testing.T, res *result.Result, dir string) string {
	t.Helper()
	codes, _ := engine.Strings(res.Areas, "area_code")
	names, _ := engine.Strings(res.Areas, "area_name")
	ranks, _ := engine.Ints(res.Areas, "rank")
	selected, _ := engine.Bools(res.Areas, "selected")
	n := float64(len(codes))
	k := float64(res.Report.Selected)
	path := result.RobustnessPath(dir, res.Scenario.Slug())
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fmt.Fprintln(f, "area_code,area_name,rank,selected,median_rank,rank_p05,rank_p95,p_selected,uncertain")
	for i, c := range codes {
		r := float64(ranks[i])
		wobble := float64((i*7919)%11) - 5 // -5..5, fixed per area
		width := 2 + 0.12*r + math.Abs(wobble)
		med := math.Max(1, math.Min(n, r+wobble*0.4))
		lo, hi := math.Max(1, math.Round(med-width)), math.Min(n, math.Round(med+width))
		p := math.Max(0, math.Min(1, (k+0.5-lo)/(hi-lo+1)))
		fmt.Fprintf(f, "%s,%s,%d,%v,%g,%g,%g,%.3f,%v\n", c, names[i], ranks[i], selected[i], math.Round(med), lo, hi, p, p > 0.05 && p < 0.95)
	}
	settings := fmt.Sprintf(`{"scenario": %q, "draws": 500, "varied": ["weights: Dirichlet around the scenario's, concentration 50, over 4 inputs"]}`, res.Scenario.Name)
	if err := os.WriteFile(strings.TrimSuffix(path, ".csv")+".json", []byte(settings), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// python3 finds a Python with module mod: python3 on PATH, else Debian's
// /usr/bin/python3 (a pyenv or venv python may shadow it without the
// Debian packages). "" when none has it.
func python3(mod string) string {
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if path, err := exec.LookPath(p); err == nil {
			if exec.Command(path, "-c", "import "+mod).Run() == nil {
				return path
			}
		}
	}
	return ""
}

// need skips the test when a tool is missing, or fails it when env is "1"
// (CI sets it so that missing tools cannot pass silently).
func need(t *testing.T, ok bool, what, env, install string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv(env) == "1" {
		t.Fatalf("%s not found and %s=1 (install: %s)", what, env, install)
	}
	t.Skipf("%s not found (set %s=1 to require it; install: %s)", what, env, install)
}

func tempOut(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return dir
}
