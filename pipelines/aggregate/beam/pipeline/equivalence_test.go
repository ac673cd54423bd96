package pipeline

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/manchester-insight/targeting/pipelines/aggregate"
)

// The acceptance test: two million generated records in several Parquet
// partitions, aggregated on Beam (Prism), give the in-process path's
// tables cell for cell (counts, rates, and every disclosure status), the
// same rows by reason and the same suppression counts.
func TestBeamMatchesLocal(t *testing.T) {
	if testing.Short() {
		t.Skip("two million records")
	}
	single, folder := bigExtract(t)
	files, err := ListFiles(folder)
	if err != nil || len(files) != bigParts {
		t.Fatalf("partitions: %v %v", files, err)
	}
	cfg := mapping(t)
	dir := t.TempDir()
	start := time.Now()
	res := runLocal(t, cfg, single, filepath.Join(dir, "local", "services.csv"))
	t.Logf("local: %d rows in %v", res.Extract.Rows, time.Since(start))
	if res.Extract.Rows != bigRecords {
		t.Fatalf("read %d rows", res.Extract.Rows)
	}
	start = time.Now()
	runBeam(t, cfg, folder, filepath.Join(dir, "beam", "services.csv"), Options{Shards: 16})
	t.Logf("beam on prism: %v", time.Since(start))
	for _, f := range []string{"services.csv", "services_wards.csv", "services_fields.csv"} {
		sameFile(t, filepath.Join(dir, "local", f), filepath.Join(dir, "beam", f))
	}
	local, beam := readReport(t, filepath.Join(dir, "local", "services.csv")), readReport(t, filepath.Join(dir, "beam", "services.csv"))
	if !reflect.DeepEqual(local.Rows, beam.Rows) || !reflect.DeepEqual(local.Disclosure, beam.Disclosure) {
		t.Errorf("report rows or disclosure differ:\nlocal %+v %+v\nbeam  %+v %+v", local.Rows, local.Disclosure, beam.Rows, beam.Disclosure)
	}
	// Every kind of dirty row the generator plants occurs, and the
	// suppression is not trivial.
	for _, why := range []string{"duplicate_record_id", "blank_location", "point_outside", "unknown_area_code", "unknown_postcode", "future_date"} {
		if beam.Rows.SetAside[why] == 0 {
			t.Errorf("no %s rows: the test does not exercise them", why)
		}
	}
	if beam.Disclosure.Primary == 0 || beam.Disclosure.Secondary == 0 {
		t.Errorf("disclosure %+v: no suppression to compare", beam.Disclosure)
	}
	if !beam.Synthetic || len(beam.Inputs) != len(local.Inputs)-1+bigParts {
		t.Errorf("synthetic %v, inputs %d", beam.Synthetic, len(beam.Inputs))
	}
}

// readReport reads the report written beside the indicator table out.
func readReport(t testing.TB, out string) *aggregate.Report {
	t.Helper()
	b, err := os.ReadFile(aggregate.OutputPaths(out)[3])
	if err != nil {
		t.Fatal(err)
	}
	r := &aggregate.Report{}
	if err := json.Unmarshal(b, r); err != nil {
		t.Fatal(err)
	}
	return r
}
