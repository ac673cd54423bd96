package pipelines

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/csvfile"
	"github.com/manchester-insight/targeting/geo/gpkg"
)

// Write writes a result's outputs into dir. Every file is first written into
// a temporary folder inside dir and only renamed into place once all of them
// are complete, so a failed run leaves earlier outputs untouched.
// It returns the paths written.
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
	var files []string
	for _, format := range res.Scenario.Outputs.Formats {
		switch format {
		case "gpkg":
			f := name + ".gpkg"
			if err := gpkg.Write(filepath.Join(tmp, f), res.layers(), res.metadata()); err != nil {
				return nil, fmt.Errorf("writing %s: %w", f, err)
			}
			files = append(files, f)
		case "csv":
			for _, t := range []struct{ suffix, layer string }{{"_areas.csv", "areas"}, {"_wards.csv", "wards"}} {
				f := name + t.suffix
				rec := res.Areas
				if t.layer == "wards" {
					rec = res.Wards
				}
				if err := csvfile.Write(filepath.Join(tmp, f), rec); err != nil {
					return nil, err
				}
				files = append(files, f)
			}
		}
	}
	f := name + "_fields.csv"
	if err := writeDictionary(filepath.Join(tmp, f), res); err != nil {
		return nil, err
	}
	files = append(files, f)

	files = append(files, name+"_report.json")
	res.Report.Outputs = files
	if err := writeJSON(filepath.Join(tmp, name+"_report.json"), res.Report); err != nil {
		return nil, err
	}

	var out []string
	for _, f := range files {
		if err := os.Rename(filepath.Join(tmp, f), filepath.Join(dir, f)); err != nil {
			return out, err
		}
		out = append(out, filepath.Join(dir, f))
	}
	return out, nil
}

// layers are the GIS layers of a result, in EPSG:27700, styled by decile.
func (res *Result) layers() []*geo.Layer {
	sc := res.Scenario
	meta := res.metadata()
	text := fmt.Sprintf("Scenario %s (%s), engine %s, run %s. Selection: %s.\n%s",
		sc.Name, sc.Title, Version, meta.RunTime.Format("2006-01-02T15:04:05Z"), res.Report.Selection,
		strings.Join(res.Report.Attribution, "\n"))
	return []*geo.Layer{
		{Name: "areas", Title: sc.Title + ": small areas", Description: sc.Description, SRID: geo.BNG,
			Attributes: res.Areas, Geometry: res.AreaGeoms, Style: geo.DecileStyle("decile"), Metadata: text},
		{Name: "wards", Title: sc.Title + ": wards", Description: "Ward summary of " + sc.Title, SRID: geo.BNG,
			Attributes: res.Wards, Geometry: res.WardGeoms, Metadata: text},
	}
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
