package pipeline

import (
	"os"
	"path/filepath"
	"testing"
)

// A record id repeated in another file is a duplicate, and the first
// occurrence in extract order is the one counted, as in one file: the same
// 20,000 records sent twice (two partitions) give exactly the tables of
// the two copies concatenated into one file in-process.
func TestDuplicatesAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	one := filepath.Join(dir, "one.parquet")
	generate(t, 20_000, 7, one)
	folder := filepath.Join(dir, "extract")
	for _, part := range []string{"batch=1", "batch=2"} {
		os.MkdirAll(filepath.Join(folder, part), 0o755)
		if err := concat([]string{one}, filepath.Join(folder, part, "records.parquet")); err != nil {
			t.Fatal(err)
		}
	}
	both := filepath.Join(dir, "both.parquet")
	if err := concat([]string{one, one}, both); err != nil {
		t.Fatal(err)
	}
	cfg := mapping(t)
	runLocal(t, cfg, both, filepath.Join(dir, "local", "services.csv"))
	runBeam(t, cfg, folder, filepath.Join(dir, "beam", "services.csv"), Options{Shards: 3})
	for _, f := range []string{"services.csv", "services_wards.csv"} {
		sameFile(t, filepath.Join(dir, "local", f), filepath.Join(dir, "beam", f))
	}
	rep := readReport(t, filepath.Join(dir, "beam", "services.csv"))
	if dups := rep.Rows.SetAside["duplicate_record_id"]; dups < 20_000-rep.Rows.SetAside["blank_record_id"] {
		t.Errorf("%d duplicates: the second copy should all be duplicates (report %+v)", dups, rep.Rows)
	}
	if rep.Rows.Counted == 0 || rep.Rows.Read != 40_000 {
		t.Errorf("rows %+v", rep.Rows)
	}
}
