package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/manchester-insight/targeting/pipelines/aggregate"
)

// WriteOutputs writes a job's outputs for out (the indicator table path,
// FILE.csv, as `targeting aggregate --out` takes it; a path without .csv
// is the stem):
//
//	FILE.csv, FILE_wards.csv, FILE_fields.csv, FILE_report.json
//	    exactly as the in-process path writes them (aggregate.Write);
//	FILE/lad=<district>/part-00000.parquet
//	    the indicator table, Hive-partitioned, one row per area;
//	FILE_wards/lad=<district>/part-00000.parquet
//	    the ward and district table.
//
// The report lists every file. Everything is written into a temporary
// folder first; a local destination then gets it by renames (the report
// last, earlier outputs replaced whole), a remote one (gs://...) by copies
// through Beam's filesystems.
func WriteOutputs(ctx context.Context, res *aggregate.Result, g *Geography, out string) ([]string, error) {
	stem := strings.TrimSuffix(out, ".csv")
	base := path.Base(filepath.ToSlash(stem))
	remote := isRemote(out)
	stage := ""
	if !remote {
		stage = filepath.Dir(stem)
		if err := os.MkdirAll(stage, 0o755); err != nil {
			return nil, err
		}
	}
	tmp, err := os.MkdirTemp(stage, ".tmp-beam-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	csvs, err := aggregate.Write(res, filepath.Join(tmp, base+".csv"))
	if err != nil {
		return nil, err
	}
	var rels []string
	for _, p := range csvs {
		rels = append(rels, filepath.Base(p))
	}
	areas, wards := res.AreaTable(), res.WardTable()
	for _, t := range []struct {
		dir  string
		tab  *aggregate.Table
		part []string
	}{{base, areas, g.LAD}, {base + "_wards", wards, wardDistricts(g)}} {
		files, err := writeHive(filepath.Join(tmp, t.dir), t.tab, t.part, kinds(res, t.tab.Header), tableMetadata(res, t.tab))
		if err != nil {
			return nil, fmt.Errorf("writing %s: %w", t.dir, err)
		}
		for _, f := range files {
			rels = append(rels, filepath.Join(t.dir, f))
		}
	}
	dest := func(rel string) string {
		if remote {
			return strings.TrimSuffix(stem, base) + filepath.ToSlash(rel)
		}
		return filepath.Join(filepath.Dir(stem), rel)
	}
	var final []string
	for _, r := range rels {
		final = append(final, dest(r))
	}
	report := base + "_report.json"
	b, err := json.MarshalIndent(res.Report(final), "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(tmp, report), append(b, '\n'), 0o644); err != nil {
		return nil, err
	}
	top := []string{base, base + "_wards", base + ".csv", base + "_wards.csv", base + "_fields.csv", report}
	if remote {
		return final, publishRemote(ctx, tmp, top, dest)
	}
	return final, publishLocal(tmp, top, filepath.Dir(stem))
}

// wardDistricts is the partition of each ward-table row: a ward's district
// is that of its areas (wards nest in districts); the last row is the
// district itself.
func wardDistricts(g *Geography) []string {
	a := g.Areas
	out := make([]string, len(a.WardCodes)+1)
	for i, w := range a.Ward {
		if out[w] == "" {
			out[w] = g.LAD[i]
		}
	}
	out[len(a.WardCodes)] = a.District
	return out
}

// publishLocal renames each top-level output from tmp into dir, moving an
// earlier folder of the same name aside first (a rename cannot replace a
// folder).
func publishLocal(tmp string, top []string, dir string) error {
	for i, name := range top {
		to := filepath.Join(dir, name)
		if st, err := os.Stat(to); err == nil && st.IsDir() {
			if err := os.Rename(to, filepath.Join(tmp, fmt.Sprintf(".old-%d", i))); err != nil {
				return err
			}
		}
		if err := os.Rename(filepath.Join(tmp, name), to); err != nil {
			return fmt.Errorf("writing %s: %w", to, err)
		}
	}
	return nil
}

// publishRemote copies every file under tmp to its destination, the
// report last.
func publishRemote(ctx context.Context, tmp string, top []string, dest func(string) string) error {
	var files []string
	for _, name := range top {
		err := filepath.WalkDir(filepath.Join(tmp, name), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(tmp, p)
				files = append(files, rel)
			}
			return err
		})
		if err != nil {
			return err
		}
	}
	for _, rel := range files {
		if err := copyTo(ctx, filepath.Join(tmp, rel), dest(rel)); err != nil {
			return err
		}
	}
	return nil
}

func copyTo(ctx context.Context, from, to string) error {
	fsys, err := filesystem.New(ctx, to)
	if err != nil {
		return err
	}
	defer fsys.Close()
	w, err := fsys.OpenWrite(ctx, to)
	if err != nil {
		return err
	}
	f, err := os.Open(from)
	if err != nil {
		w.Close()
		return err
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		w.Close()
		return fmt.Errorf("writing %s: %w", to, err)
	}
	return w.Close()
}
