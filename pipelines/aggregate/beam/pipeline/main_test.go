package pipeline

import (
	"bytes"
	"context"
	"flag"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"

	"github.com/manchester-insight/targeting/pipelines/aggregate"
)

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	// Prism logs every stage at INFO; keep test output to failures.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	dir, err := os.MkdirTemp("", "targeting-beam-test-")
	if err != nil {
		panic(err)
	}
	fixtureDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// root is the main module's folder.
var root = filepath.Join("..", "..", "..", "..")

func mapping(t testing.TB) *aggregate.Config {
	t.Helper()
	cfg, err := aggregate.LoadConfig(filepath.Join(root, "testdata", "services", "mapping.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// runLocal runs the in-process aggregation and writes its outputs.
func runLocal(t testing.TB, cfg *aggregate.Config, extract, out string) *aggregate.Result {
	t.Helper()
	res, err := aggregate.Run(cfg, extract, aggregate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := aggregate.Write(res, out); err != nil {
		t.Fatal(err)
	}
	return res
}

// runBeam runs the Beam aggregation on Prism.
func runBeam(t testing.TB, cfg *aggregate.Config, extract, out string, opt Options) {
	t.Helper()
	p, g, err := Prepare(cfg, extract, out, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), "prism", p, g); err != nil {
		t.Fatal(err)
	}
}

// sameFile fails unless two files hold the same bytes.
func sameFile(t testing.TB, a, b string) {
	t.Helper()
	x, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	y, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(x, y) {
		xs, ys := bytes.Split(x, []byte("\n")), bytes.Split(y, []byte("\n"))
		for i := 0; i < len(xs) && i < len(ys); i++ {
			if !bytes.Equal(xs[i], ys[i]) {
				t.Fatalf("%s and %s differ at line %d:\n%s\n%s", a, b, i+1, xs[i], ys[i])
			}
		}
		t.Fatalf("%s (%d lines) and %s (%d lines) differ in length", a, len(xs), b, len(ys))
	}
}

// The committed 20,000-record sample (one CSV file) through both paths.
func TestSampleMatchesLocal(t *testing.T) {
	cfg := mapping(t)
	extract := filepath.Join(root, "testdata", "services", "manchester_services_synthetic.csv.gz")
	dir := t.TempDir()
	runLocal(t, cfg, extract, filepath.Join(dir, "local", "services.csv"))
	runBeam(t, cfg, extract, filepath.Join(dir, "beam", "services.csv"), Options{Shards: 4})
	for _, f := range []string{"services.csv", "services_wards.csv", "services_fields.csv"} {
		sameFile(t, filepath.Join(dir, "local", f), filepath.Join(dir, "beam", f))
	}
}
