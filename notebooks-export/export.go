package notebooksexport

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo/csvfile"
	"github.com/manchester-insight/targeting/pipelines"
)

// Export writes a scored scenario into dir for analysts: NAME_areas.arrow
// and NAME_wards.arrow (Arrow IPC file = Feather v2), the same tables as
// Parquet and CSV, NAME.gpkg (when the scenario has boundaries), the data
// dictionary and run report, and NAME.ipynb, a notebook that loads them
// all. A robustness result is used where it is (NAME_robustness.csv in dir,
// as `targeting robustness --out dir` leaves it) or copied in from
// elsewhere. Like
// pipelines.Write, every file is written into a temporary folder in dir and
// renamed into place only when all are complete. It returns the paths
// written.
func Export(res *pipelines.Result, dir string, opt Options) ([]string, error) {
	r, err := newRun(res, opt)
	if err != nil {
		return nil, err
	}
	defer r.release()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	stage, err := os.MkdirTemp(dir, ".tmp-notebook-"+res.Scenario.Slug()+"-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(stage)

	name := res.Scenario.Slug()
	f := exportFiles{areasFeather: name + "_areas.arrow", wardsFeather: name + "_wards.arrow",
		areasParquet: name + "_areas.parquet", wardsParquet: name + "_wards.parquet", self: name + ".ipynb"}

	// The GeoPackage, CSVs, dictionary and run report come from the same
	// writer as `targeting score`, given the disclosed tables, so the
	// QGIS style and metadata are identical.
	disclosed := *res
	sc := *res.Scenario
	sc.Outputs.Formats = []string{"csv"}
	if res.AreaGeoms != nil && res.WardGeoms != nil {
		sc.Outputs.Formats = []string{"gpkg", "csv"}
	}
	disclosed.Scenario, disclosed.Areas, disclosed.Wards = &sc, r.areas, r.wards
	written, err := pipelines.Write(&disclosed, stage)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, p := range written {
		b := filepath.Base(p)
		files = append(files, b)
		switch {
		case b == name+".gpkg":
			f.gpkg = b
		case b == name+"_areas.csv":
			f.areasCSV = b
		case b == name+"_wards.csv":
			f.wardsCSV = b
		case b == name+"_fields.csv":
			f.fields = b
		case b == name+"_report.json":
			f.report = b
		}
	}

	meta := fileMetadata(r)
	for _, t := range []struct {
		file  string
		rec   arrow.RecordBatch
		write func(string, arrow.RecordBatch, map[string]string) error
	}{{f.areasFeather, r.areas, writeFeather}, {f.wardsFeather, r.wards, writeFeather},
		{f.areasParquet, r.areas, writeParquet}, {f.wardsParquet, r.wards, writeParquet}} {
		if err := t.write(filepath.Join(stage, t.file), t.rec, meta); err != nil {
			return nil, fmt.Errorf("writing %s: %w", t.file, err)
		}
		files = append(files, t.file)
	}
	if r.rob != nil {
		// The result of `targeting robustness --out DIR` is already where
		// the notebook looks: leave it (and its JSON and layer) alone.
		// One from elsewhere is copied in, in the columns the notebook reads.
		f.robustness = name + "_robustness.csv"
		if !samePath(r.rob.File, filepath.Join(dir, f.robustness)) {
			if err := writeRobustness(filepath.Join(stage, f.robustness), r, opt.Disclosure); err != nil {
				return nil, err
			}
			files = append(files, f.robustness)
		}
	}
	dict, err := readDictionary(filepath.Join(stage, f.fields))
	if err != nil {
		return nil, err
	}
	if err := writeNotebook(filepath.Join(stage, f.self), notebookCells(r, f, dict)); err != nil {
		return nil, err
	}
	files = append(files, f.self)

	var out []string
	for _, b := range files {
		if err := os.Rename(filepath.Join(stage, b), filepath.Join(dir, b)); err != nil {
			return out, err
		}
		out = append(out, filepath.Join(dir, b))
	}
	return out, nil
}

// fileMetadata is the provenance stored inside the Arrow and Parquet files.
func fileMetadata(r *run) map[string]string {
	return map[string]string{
		"targeting:scenario":        r.sc.Name,
		"targeting:title":           r.sc.Title,
		"targeting:engine_version":  r.rep.Version,
		"targeting:run_time":        r.rep.Started.Format(time.RFC3339),
		"targeting:scenario_sha256": r.rep.ScenarioSHA,
		"targeting:selection":       r.rep.Selection,
		"targeting:attribution":     strings.Join(r.rep.Attribution, "\n"),
	}
}

// writeRobustness writes the robustness result for the run's areas in area
// order, through disclosure control like every other table.
func writeRobustness(path string, r *run, d Disclosure) error {
	var codes []string
	var med, p5, p95, psel []float64
	for _, c := range r.code {
		iv, ok := r.rob.Areas[c]
		if !ok {
			continue
		}
		codes = append(codes, c)
		med, p5, p95, psel = append(med, iv.Median), append(p5, iv.P5), append(p95, iv.P95), append(psel, iv.PSelected)
	}
	names := append([]string(nil), RobustnessColumns...)
	cols := []any{codes, med, p5, p95, psel}
	if r.rob.Draws > 0 {
		runs := make([]int64, len(codes))
		for i := range runs {
			runs[i] = int64(r.rob.Draws)
		}
		names, cols = append(names, "draws"), append(cols, runs)
	}
	rec, err := engine.NewRecord(names, cols)
	if err != nil {
		return err
	}
	defer rec.Release()
	out, _, err := d.disclose("robustness", rec)
	if err != nil {
		return err
	}
	defer out.Release()
	return csvfile.Write(path, out)
}

// samePath reports whether two paths name the same file.
func samePath(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// readDictionary reads the data dictionary rows that pipelines.Write wrote.
func readDictionary(path string) ([][]string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	rows, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) > 0 {
		rows = rows[1:]
	}
	return rows, nil
}
