package analysis

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/crs"
	"github.com/manchester-insight/targeting/geo/csvfile"
	"github.com/manchester-insight/targeting/geo/fgb"
	"github.com/manchester-insight/targeting/geo/geojson"
	"github.com/manchester-insight/targeting/geo/geoparquet"
	"github.com/manchester-insight/targeting/geo/gpkg"
	"github.com/manchester-insight/targeting/pipelines"
)

// outputs is one command's set of files, written to a temporary folder
// inside dir and renamed into place only when all are complete, so a
// failed run leaves earlier outputs untouched (as pipelines.Write does).
type outputs struct {
	dir, tmp string
	files    []string
	res      *pipelines.Result
}

func newOutputs(res *pipelines.Result, dir string) (*outputs, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(dir, ".tmp-"+res.Scenario.Name+"-")
	if err != nil {
		return nil, err
	}
	return &outputs{dir: dir, tmp: tmp, res: res}, nil
}

// layers writes layers (in EPSG:27700) in each layer format the scenario's
// outputs name, in its output CRS, and as CSV when it names csv. stem
// names the files: stem.gpkg, and stem.parquet, stem.csv, ... for a single
// layer (stem_<layer>.parquet, ... for several).
func (o *outputs) layers(stem string, layers []*geo.Layer) error {
	sc := o.res.Scenario
	if sc.Outputs.CRS == geo.WGS84 {
		for _, l := range layers {
			g := make([]orb.Geometry, len(l.Geometry))
			for i, x := range l.Geometry {
				g[i] = crs.ProjectToWGS84(x)
			}
			l.Geometry, l.SRID = g, geo.WGS84
		}
	}
	perLayer := func(ext string, write func(string, *geo.Layer) error) error {
		for _, l := range layers {
			name := stem + ext
			if len(layers) > 1 {
				name = stem + "_" + l.Name + ext
			}
			if err := o.write(name, func(p string) error { return write(p, l) }); err != nil {
				return err
			}
		}
		return nil
	}
	meta := gpkg.Metadata{Scenario: sc.Name, RunTime: time.Now().UTC(), Attribution: o.res.Report.Attribution, Extra: string(sc.Text)}
	for _, f := range sc.Outputs.Formats {
		var err error
		switch f {
		case "gpkg":
			if len(layers[0].Geometry) > 0 {
				err = o.write(stem+".gpkg", func(p string) error { return gpkg.Write(p, layers, meta) })
			}
		case "geoparquet":
			err = perLayer(".parquet", geoparquet.Write)
		case "fgb":
			err = perLayer(".fgb", fgb.Write)
		case "geojson":
			err = perLayer(".geojson", geojson.Write)
		case "csv":
			err = perLayer(".csv", func(p string, l *geo.Layer) error { return csvfile.Write(p, l.Attributes) })
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// table writes one CSV table.
func (o *outputs) table(name string, rec arrow.RecordBatch) error {
	return o.write(name, func(p string) error { return csvfile.Write(p, rec) })
}

// json writes v as indented JSON.
func (o *outputs) json(name string, v any) error {
	return o.write(name, func(p string) error {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		return os.WriteFile(p, append(b, '\n'), 0o644)
	})
}

// dictionary writes the data dictionary of layers: layer, field, type and
// description (from desc; fields of the scored areas table refer to the
// scenario's own dictionary).
func (o *outputs) dictionary(name string, layers []*geo.Layer, desc map[string]string) error {
	return o.write(name, func(p string) error {
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		w := csv.NewWriter(f)
		w.Write([]string{"layer", "field", "type", "description"})
		for _, l := range layers {
			for _, fd := range l.Attributes.Schema().Fields() {
				typ := map[arrow.Type]string{arrow.STRING: "text", arrow.FLOAT64: "real", arrow.INT64: "integer", arrow.BOOL: "boolean"}[fd.Type.ID()]
				d, ok := desc[fd.Name]
				if !ok {
					d = fmt.Sprintf("as in %s_fields.csv (targeting score)", o.res.Scenario.Slug())
				}
				w.Write([]string{l.Name, fd.Name, typ, d})
			}
		}
		w.Flush()
		if err := w.Error(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
}

func (o *outputs) write(name string, f func(path string) error) error {
	if err := f(filepath.Join(o.tmp, name)); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	o.files = append(o.files, name)
	return nil
}

// commit renames every file into place and removes the temporary folder.
func (o *outputs) commit() ([]string, error) {
	defer os.RemoveAll(o.tmp)
	var out []string
	for _, f := range o.files {
		if err := os.Rename(filepath.Join(o.tmp, f), filepath.Join(o.dir, f)); err != nil {
			return out, err
		}
		out = append(out, filepath.Join(o.dir, f))
	}
	return out, nil
}

func (o *outputs) abort() { os.RemoveAll(o.tmp) }

// layerText is the free-text metadata stored with a layer.
func layerText(res *pipelines.Result, what string) string {
	sc := res.Scenario
	return fmt.Sprintf("%s of scenario %s (%s), engine %s, run %s. Selection: %s.", what, sc.Name, sc.Title,
		pipelines.Version, time.Now().UTC().Format("2006-01-02T15:04:05Z"), res.Report.Selection)
}
