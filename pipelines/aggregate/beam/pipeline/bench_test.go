package pipeline

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/manchester-insight/targeting/pipelines/aggregate"
)

// Records per second through each engine, on the same two million
// generated records (mixed locations: 45% LSOA codes, 20% postcode keys,
// 35% points placed by point-in-polygon), outputs written:
//
//	go test -run '^$' -bench . ./pipeline
func BenchmarkLocal(b *testing.B) {
	single, _ := bigExtract(b)
	cfg := mapping(b)
	out := filepath.Join(b.TempDir(), "services.csv")
	b.ResetTimer()
	for range b.N {
		res, err := aggregate.Run(cfg, single, aggregate.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := aggregate.Write(res, out); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(bigRecords)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkPrism includes the pipeline's launch (Prepare reads the
// geography, as a job does) and Prism's start-up per run.
func BenchmarkPrism(b *testing.B) {
	_, folder := bigExtract(b)
	cfg := mapping(b)
	out := filepath.Join(b.TempDir(), "services.csv")
	b.ResetTimer()
	var st *Stats
	for range b.N {
		p, g, err := Prepare(cfg, folder, out, Options{Shards: 16})
		if err != nil {
			b.Fatal(err)
		}
		if st, err = Run(context.Background(), "prism", p, g); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(bigRecords)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	// The cost model's parts: the read-place-count stage alone (both
	// cores, one file at a time), and bytes shuffled per record.
	if st.Rows != bigRecords {
		b.Fatalf("counters: %+v", st)
	}
	b.ReportMetric(float64(st.Rows)/(float64(st.CountMillis)/1000), "count-stage-records/s")
	b.ReportMetric(float64(st.IDBytes)/float64(st.Rows), "id-shuffle-B/record")
	b.ReportMetric(float64(st.PairBytes)/float64(st.Rows), "pair-shuffle-B/record")
}
