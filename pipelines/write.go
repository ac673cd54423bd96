package pipelines

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/crs"
	"github.com/manchester-insight/targeting/geo/csvfile"
	"github.com/manchester-insight/targeting/geo/fgb"
	"github.com/manchester-insight/targeting/geo/geojson"
	"github.com/manchester-insight/targeting/geo/geoparquet"
	"github.com/manchester-insight/targeting/geo/gpkg"
)

// Write writes a result's outputs into dir. Every file is first written into
// a temporary folder inside dir and only renamed into place once all of them
// are complete, so a failed run leaves earlier outputs untouched.
// It returns the paths written.
//
// Files, for a scenario named NAME: NAME.gpkg (layers areas and wards),
// NAME_areas.parquet / NAME_wards.parquet (GeoParquet), NAME_areas.fgb /
// NAME_wards.fgb, NAME_areas.geojson / NAME_wards.geojson, NAME_areas.csv /
// NAME_wards.csv, NAME_fields.csv (data dictionary), NAME_report.json.
func Write(res *Result, dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(dir, ".tmp-"+res.Scenario.Name+"-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	name := res.Scenario.Slug()
	layers := res.layers()
	// Every output file is one job; jobs run at once and list their files
	// in a fixed order.
	type job struct {
		file  string
		write func(path string) error
	}
	var jobs []job
	perLayer := func(ext string, write func(string, *geo.Layer) error) {
		for _, l := range layers {
			jobs = append(jobs, job{name + "_" + l.Name + ext, func(p string) error { return write(p, l) }})
		}
	}
	for _, format := range res.Scenario.Outputs.Formats {
		switch format {
		case "gpkg":
			jobs = append(jobs, job{name + ".gpkg", func(p string) error { return gpkg.Write(p, layers, res.metadata()) }})
		case "geoparquet":
			perLayer(".parquet", geoparquet.Write)
		case "geoparquet-partitioned": // NAME_areas/lad=<district>/part-0.parquet
			jobs = append(jobs, job{name + "_areas", func(p string) error { return WritePartitioned(p, res, layers[0]) }})
		case "fgb":
			perLayer(".fgb", fgb.Write)
		case "geojson":
			perLayer(".geojson", geojson.Write) // always WGS84
		case "csv":
			perLayer(".csv", func(p string, l *geo.Layer) error { return csvfile.Write(p, l.Attributes) })
		}
	}
	for _, by := range res.Scenario.Outputs.Summaries {
		jobs = append(jobs, job{name + "_" + by + "_summary.csv", func(p string) error {
			rec, _, err := Summarise(res, by, "")
			if err != nil {
				return fmt.Errorf("outputs.summaries: %w", err)
			}
			return csvfile.Write(p, rec)
		}})
	}
	jobs = append(jobs, job{name + "_fields.csv", func(p string) error { return writeDictionary(p, res) }})
	tasks := make([]func() error, len(jobs))
	var files []string
	for i, j := range jobs {
		files = append(files, j.file)
		tasks[i] = func() error {
			if err := j.write(filepath.Join(tmp, j.file)); err != nil {
				return fmt.Errorf("writing %s: %w", j.file, err)
			}
			return nil
		}
	}
	if err := parallel(tasks); err != nil {
		return nil, err
	}

	files = append(files, name+"_report.json")
	res.Report.Outputs = files
	if err := writeJSON(filepath.Join(tmp, name+"_report.json"), res.Report); err != nil {
		return nil, err
	}

	var out []string
	for _, f := range files {
		if st, err := os.Stat(filepath.Join(dir, f)); err == nil && st.IsDir() {
			os.RemoveAll(filepath.Join(dir, f)) // an earlier run's partitioned layer: a rename cannot replace a folder
		}
		if err := os.Rename(filepath.Join(tmp, f), filepath.Join(dir, f)); err != nil {
			return out, err
		}
		out = append(out, filepath.Join(dir, f))
	}
	return out, nil
}

// layers are the result's two layers, areas (styled by decile) and wards, in
// the scenario's output CRS (EPSG:27700 unless outputs.crs is 4326).
func (res *Result) layers() []*geo.Layer {
	sc := res.Scenario
	meta := res.metadata()
	text := fmt.Sprintf("Scenario %s (%s), engine %s, run %s. Selection: %s.\n%s",
		sc.Name, sc.Title, Version, meta.RunTime.Format("2006-01-02T15:04:05Z"), res.Report.Selection,
		strings.Join(res.Report.Attribution, "\n"))
	if len(res.Report.Synthetic) > 0 {
		text = fmt.Sprintf("CONTAINS SYNTHETIC DATA (sources %v are generated test data, not real records).\n", res.Report.Synthetic) + text
	}
	srid, ag, wg := geo.BNG, res.AreaGeoms, res.WardGeoms
	if sc.Outputs.CRS == geo.WGS84 {
		srid, ag, wg = geo.WGS84, toWGS84(ag), toWGS84(wg)
	}
	return []*geo.Layer{
		{Name: "areas", Title: sc.Title + ": small areas", Description: sc.Description, SRID: srid,
			Attributes: res.Areas, Geometry: ag, Style: geo.DecileStyle("decile"), Metadata: text},
		{Name: "wards", Title: sc.Title + ": wards", Description: "Ward summary of " + sc.Title, SRID: srid,
			Attributes: res.Wards, Geometry: wg, Metadata: text},
	}
}

func toWGS84(gs []orb.Geometry) []orb.Geometry {
	out := make([]orb.Geometry, len(gs))
	for i, g := range gs {
		out[i] = crs.ProjectToWGS84(g)
	}
	return out
}

func (res *Result) metadata() gpkg.Metadata {
	return gpkg.Metadata{Scenario: res.Scenario.Name, RunTime: res.Report.Started, Attribution: res.Report.Attribution,
		Extra: string(res.Scenario.Text)}
}

func writeDictionary(path string, res *Result) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"layer", "field", "type", "description"})
	w.WriteAll(dictionary(res.Scenario, "areas", res.Areas))
	w.WriteAll(dictionary(res.Scenario, "wards", res.Wards))
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
