package aggregate

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/manchester-insight/targeting/engine/disclosure"
	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
	"github.com/manchester-insight/targeting/pipelines/aggregate/synth"
)

// Benchmarks of the whole in-process path (read Parquet, assign, count
// records, distinct people and households with margins, disclosure
// control) on a generated extract of benchRecords records; they report
// records/s. The extract is made once per location kind.
const benchRecords = 1_000_000

var benchFiles sync.Map

func benchExtract(b *testing.B, loc string) string {
	if p, ok := benchFiles.Load(loc); ok {
		return p.(string)
	}
	dir := filepath.Join(os.TempDir(), "targeting-bench-services")
	path := filepath.Join(dir, loc+"_1m_s1.parquet")
	if _, err := os.Stat(path); err != nil {
		generate(b, dir, filepath.Base(path), synth.Options{Records: benchRecords, Seed: 1, Location: loc})
	}
	benchFiles.Store(loc, path)
	return path
}

func benchRun(b *testing.B, loc string, cols func(*Config)) {
	path := benchExtract(b, loc)
	cfg := config(b, "")
	c := &cfg.Extract.Columns
	c.LSOA, c.Postcode, c.Easting, c.Northing = "", "", "", ""
	cols(cfg)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Run(cfg, path, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchRecords)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// By LSOA code, with the duplicate-id pass.
func BenchmarkAggregateByCode(b *testing.B) {
	benchRun(b, synth.LocLSOA, func(c *Config) { c.Extract.Columns.LSOA = "lsoa_code" })
}

// By point-in-polygon on easting/northing, with the duplicate-id pass.
func BenchmarkAggregateByPoint(b *testing.B) {
	benchRun(b, synth.LocBNG, func(c *Config) { c.Extract.Columns.Easting, c.Extract.Columns.Northing = "easting", "northing" })
}

// By LSOA code without record ids (no duplicate pass), people only: the
// W2 shape of the peer benchmark.
func BenchmarkCountByCode(b *testing.B) {
	path := benchExtract(b, synth.LocLSOA)
	m := config(b, "").Extract
	m.Columns = extract.Columns{Date: "service_date", Service: "service", Person: "person_id", LSOA: "lsoa_code"}
	codes := make([]string, len(loadTestAreas(b)))
	for i, a := range testAreas {
		codes[i] = a.Code
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Count(path, &m, codes, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchRecords)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// The accumulator alone on batches of 1 Mi rows like the W2 extract's row
// groups (2 M people, 1,673 areas x 6 services), on every core: records,
// distinct (person, cell) pairs, and the counts with margins.
func BenchmarkAccumulator(b *testing.B) {
	const rows, areas, slots = 1 << 20, 1673, 6
	batches := make([]*extract.Batch, 4)
	cells := make([][]int32, len(batches))
	for k := range batches {
		ids := make([]int64, rows)
		cell := make([]int32, rows)
		for i := range ids {
			x := hash64(uint64(k*rows + i))
			ids[i] = int64(x % 2_000_000)
			cell[i] = int32(uint64(ids[i])%areas*slots + x>>60%slots)
		}
		batches[k] = &extract.Batch{N: rows, Person: extract.Text{Ints: ids}}
		cells[k] = cell
	}
	wardOf := make([]int, areas)
	for i := range wardOf {
		wardOf[i] = i / 8
	}
	col := []int{0, 1, 2, 3, 4, 5}
	l := Layout{Grid: disclosure.NewGrid(wardOf, areas/8+1, slots), Column: col}
	b.ReportAllocs()
	for b.Loop() {
		acc := NewAccumulator(areas, slots, false, 0)
		var wg sync.WaitGroup
		for k := range batches {
			wg.Add(1)
			go func() { defer wg.Done(); acc.Add(batches[k], cells[k]) }()
		}
		wg.Wait()
		acc.Close()
		acc.People(l, true)
	}
	b.ReportMetric(float64(rows*len(batches))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
