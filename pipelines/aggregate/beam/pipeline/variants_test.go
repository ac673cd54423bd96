package pipeline

import (
	"path/filepath"
	"testing"

	"github.com/manchester-insight/targeting/pipelines/aggregate"
	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
	"github.com/manchester-insight/targeting/pipelines/aggregate/synth"
)

// Other mappings give the in-process tables too: points in lon/lat,
// points only in British National Grid, no services listed (every value
// found is a service), no record ids (no duplicate shuffle), no household
// column.
func TestMappingVariantsMatchLocal(t *testing.T) {
	cols := func(c extract.Columns) func(*aggregate.Config) {
		return func(cfg *aggregate.Config) {
			c.RecordID, c.Date, c.Service, c.Person = "record_id", "service_date", "service", "person_id"
			cfg.Extract.Columns = c
		}
	}
	for _, tc := range []struct {
		name     string
		location string
		edit     func(*aggregate.Config)
	}{
		{"lonlat", synth.LocLonLat, cols(extract.Columns{Household: "household_id", Lon: "lon", Lat: "lat"})},
		{"bng", synth.LocBNG, cols(extract.Columns{Household: "household_id", Easting: "easting", Northing: "northing"})},
		{"open services", synth.LocMixed, func(cfg *aggregate.Config) { cfg.Services = nil }},
		{"no record ids", synth.LocMixed, func(cfg *aggregate.Config) { cfg.Extract.Columns.RecordID = "" }},
		{"no households", synth.LocMixed, func(cfg *aggregate.Config) {
			cfg.Extract.Columns.Household = ""
			for _, s := range cfg.Services {
				s.Count, s.Per = "people", "population"
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			single := filepath.Join(dir, "extract.parquet")
			g, err := synth.New(manchester(t), synth.Options{Records: 30_000, Seed: 5, Location: tc.location})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := synth.Write(single, g); err != nil {
				t.Fatal(err)
			}
			folder := filepath.Join(dir, "parts")
			if err := split(single, folder, 3, 4096); err != nil {
				t.Fatal(err)
			}
			cfg := mapping(t)
			tc.edit(cfg)
			runLocal(t, cfg, single, filepath.Join(dir, "local", "s.csv"))
			runBeam(t, cfg, folder, filepath.Join(dir, "beam", "s.csv"), Options{Shards: 5})
			for _, f := range []string{"s.csv", "s_wards.csv", "s_fields.csv"} {
				sameFile(t, filepath.Join(dir, "local", f), filepath.Join(dir, "beam", f))
			}
			local, beam := readReport(t, filepath.Join(dir, "local", "s.csv")), readReport(t, filepath.Join(dir, "beam", "s.csv"))
			if local.Rows.Counted != beam.Rows.Counted || local.Rows.Counted == 0 || len(local.Services) != len(beam.Services) {
				t.Errorf("counted %d vs %d, services %d vs %d", local.Rows.Counted, beam.Rows.Counted, len(local.Services), len(beam.Services))
			}
		})
	}
}
