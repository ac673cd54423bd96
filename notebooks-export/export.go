package notebooksexport

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo/csvfile"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/stage"
)

// Export writes a scored scenario into dir for analysts: NAME_areas.arrow
// and NAME_wards.arrow (Arrow IPC file = Feather v2), the same tables as
// Parquet and CSV, NAME.gpkg (when the scenario has boundaries), the data
// dictionary and run report, and NAME.ipynb, a notebook that loads them
// all. A robustness result is used where it is (NAME_robustness.csv in dir,
// as `targeting robustness --out dir` leaves it) or copied in from
// elsewhere. Like `targeting score`, every file is staged in dir and
// published only when all are complete. It returns the paths written.
func Export(res *result.Result, dir string, opt Options) ([]string, error) {
	r, err := newRun(res, opt)
	if err != nil {
		return nil, err
	}
	defer r.release()
	name := res.Scenario.Slug()
	st, err := stage.New(dir, "notebook-"+name)
	if err != nil {
		return nil, err
	}
	defer st.Abort()

	f := exportFiles{areasFeather: name + "_areas.arrow", wardsFeather: name + "_wards.arrow",
		areasParquet: name + "_areas.parquet", wardsParquet: name + "_wards.parquet", self: name + ".ipynb",
		areasCSV: name + "_areas.csv", wardsCSV: name + "_wards.csv", fields: name + "_fields.csv", report: name + "_report.json"}

	// The GeoPackage, CSVs, dictionary and run report come from the same
	// writer as `targeting score`, given the disclosed tables, so the
	// QGIS style and metadata are identical.
	disclosed := *res
	disclosed.Areas, disclosed.Wards = r.areas, r.wards
	formats := []string{"csv"}
	if res.AreaGeoms != nil && res.WardGeoms != nil {
		formats = []string{"gpkg", "csv"}
		f.gpkg = name + ".gpkg"
	}
	if err := result.WriteTo(st, &disclosed, formats); err != nil {
		return nil, err
	}

	meta := fileMetadata(r)
	for _, t := range []struct {
		file  string
		rec   arrow.RecordBatch
		write func(string, arrow.RecordBatch, map[string]string) error
	}{{f.areasFeather, r.areas, writeFeather}, {f.wardsFeather, r.wards, writeFeather},
		{f.areasParquet, r.areas, writeParquet}, {f.wardsParquet, r.wards, writeParquet}} {
		if err := st.Write(t.file, func(p string) error { return t.write(p, t.rec, meta) }); err != nil {
			return nil, err
		}
	}
	if r.rob != nil {
		// The result of `targeting robustness --out DIR` is already where
		// the notebook looks: leave it (and its JSON and layer) alone.
		// One from elsewhere is copied in, in the columns the notebook reads.
		f.robustness = name + "_robustness.csv"
		if !samePath(r.rob.File, filepath.Join(dir, f.robustness)) {
			if err := st.Write(f.robustness, func(p string) error { return writeRobustness(p, r, opt.Disclosure) }); err != nil {
				return nil, err
			}
		}
	}
	cells := notebookCells(r, f, disclosed.Dictionary())
	if err := st.Write(f.self, func(p string) error { return writeNotebook(p, cells) }); err != nil {
		return nil, err
	}
	return st.Publish()
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
	names := append([]string(nil), result.RobustnessColumns...)
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
