package pipeline

import (
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/manchester-insight/targeting/indicators"
	scored "github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/score"
)

// The Hive-partitioned indicator table holds the CSV table's numbers
// (suppressed cells are nulls where the CSV is blank), and a scenario
// whose source is the Hive folder scores exactly as with the CSV.
func TestScoreReadsHiveOutput(t *testing.T) {
	cfg := mapping(t)
	out := filepath.Join(t.TempDir(), "services.csv")
	runBeam(t, cfg, filepath.Join(root, "testdata", "services", "manchester_services_synthetic.csv.gz"), out, Options{Shards: 2})
	folder := strings.TrimSuffix(out, ".csv")
	if _, err := os.Stat(filepath.Join(folder, "lad=E08000003", "part-00000.parquet")); err != nil {
		t.Fatal(err)
	}
	fromCSV, err := indicators.LoadCSV(indicators.Spec{File: out, Code: "area_code", Columns: []string{"all_rate_per_1000"}})
	if err != nil {
		t.Fatal(err)
	}
	cols := fromCSV.Names()
	header, _ := os.ReadFile(out)
	for _, h := range strings.Split(strings.SplitN(string(header), "\n", 2)[0], ",") {
		if strings.HasSuffix(h, "_records") || strings.HasSuffix(h, "_people") || strings.HasSuffix(h, "_households") ||
			strings.HasSuffix(h, "_rate_per_1000") || h == "population" {
			cols = append(cols, h)
		}
	}
	spec := indicators.Spec{File: out, Code: "area_code", Columns: cols}
	if fromCSV, err = indicators.Load(spec); err != nil {
		t.Fatal(err)
	}
	spec.File = folder
	fromHive, err := indicators.Load(spec)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(fromCSV.Codes(), ",") != strings.Join(fromHive.Codes(), ",") {
		t.Fatal("area codes differ")
	}
	nulls := 0
	for _, c := range cols {
		a, _ := fromCSV.Column(c)
		b, _ := fromHive.Column(c)
		for i := range a {
			if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
				t.Fatalf("%s row %d: csv %v, parquet %v", c, i, a[i], b[i])
			}
			if math.IsNaN(b[i]) {
				nulls++
			}
		}
	}
	if nulls == 0 {
		t.Error("no suppressed (null) cell compared")
	}

	// The example scenario with its service-usage source as each.
	text, err := os.ReadFile(filepath.Join(root, "examples", "cost-of-living.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const committed = "file: ../testdata/services/manchester_services_indicators.csv"
	if !strings.Contains(string(text), committed) {
		t.Fatalf("examples/cost-of-living.yaml no longer reads %s", committed)
	}
	scoreWith := func(source string) *scored.Result {
		t.Helper()
		yaml := strings.Replace(string(text), committed, "file: "+source, 1)
		sc, err := scenario.Parse(filepath.Join(root, "examples", "beam-test.yaml"), []byte(yaml))
		if err != nil {
			t.Fatal(err)
		}
		res, err := score.Run(sc, score.Options{}, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }
	viaCSV, viaHive := scoreWith(abs(out)), scoreWith(abs(folder))
	if !array.RecordEqual(viaCSV.Areas, viaHive.Areas) || !array.RecordEqual(viaCSV.Wards, viaHive.Wards) {
		t.Error("scores differ between the CSV and the Hive-partitioned source")
	}
}
