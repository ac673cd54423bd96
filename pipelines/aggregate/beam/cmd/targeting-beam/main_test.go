package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/options/gcpopts"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/options/jobopts"
)

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	os.Exit(m.Run())
}

const root = "../../../../.."

func sampleFlags(t *testing.T) *aggregateFlags {
	return &aggregateFlags{runner: "prism", shards: 4,
		extract: filepath.Join(root, "testdata", "services", "manchester_services_synthetic.csv.gz"),
		mapping: filepath.Join(root, "testdata", "services", "mapping.yaml"),
		out:     filepath.Join(t.TempDir(), "services.csv")}
}

// targeting-beam aggregate on Prism reproduces the committed indicator
// table that `targeting aggregate` made from the same sample.
func TestAggregateOnPrism(t *testing.T) {
	fl := sampleFlags(t)
	var out bytes.Buffer
	if err := runAggregate(fl, &out); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(fl.out)
	want, _ := os.ReadFile(filepath.Join(root, "testdata", "services", "manchester_services_indicators.csv"))
	if !bytes.Equal(got, want) {
		t.Error("the indicator table differs from testdata/services/manchester_services_indicators.csv")
	}
	for _, s := range []string{"20000 rows read: 19703 counted", "services/lad=E08000003/part-00000.parquet"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("output lacks %q:\n%s", s, out.String())
		}
	}
}

// Mistakes are caught before anything is submitted, with targeting's exit
// codes.
func TestExitCodes(t *testing.T) {
	endpoint, project, region := *jobopts.Endpoint, *gcpopts.Project, *gcpopts.Region
	defer func() { *jobopts.Endpoint, *gcpopts.Project, *gcpopts.Region = endpoint, project, region }()
	*jobopts.Endpoint, *gcpopts.Project, *gcpopts.Region = "", "", ""
	for _, tc := range []struct {
		name string
		edit func(*aggregateFlags)
		code int
		msg  string
	}{
		{"no extract", func(f *aggregateFlags) { f.extract = "" }, exitConfig, "required"},
		{"unknown runner", func(f *aggregateFlags) { f.runner = "direct" }, exitConfig, "not one of"},
		{"flink without endpoint", func(f *aggregateFlags) { f.runner = "flink" }, exitConfig, "--endpoint"},
		{"dataflow without project", func(f *aggregateFlags) { f.runner = "dataflow" }, exitConfig, "--project, --region"},
		{"dataflow on local files", func(f *aggregateFlags) {
			f.runner = "dataflow"
			*gcpopts.Project, *gcpopts.Region = "p", "europe-west2"
			flag.Set("temp_location", "gs://bucket/tmp")
		}, exitConfig, "gs://"},
		{"bad date", func(f *aggregateFlags) { f.from = "2024-13-01" }, exitConfig, "--from"},
		{"bad mapping", func(f *aggregateFlags) { f.mapping = f.extract }, exitConfig, ""},
		{"missing extract", func(f *aggregateFlags) { f.extract = "nope.parquet" }, exitData, "nope.parquet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fl := sampleFlags(t)
			tc.edit(fl)
			err := runAggregate(fl, &bytes.Buffer{})
			if code := exitCode(err); code != tc.code || err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("exit %d (%v), want %d with %q", code, err, tc.code, tc.msg)
			}
			*gcpopts.Project, *gcpopts.Region = "", ""
		})
	}
}
