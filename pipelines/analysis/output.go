package analysis

import (
	"encoding/csv"
	"fmt"
	"os"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/csvfile"
	"github.com/manchester-insight/targeting/geo/format"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/stage"
)

// outputs is one command's set of files, staged inside dir and published
// only when all are complete (internal/stage), so a failed run leaves
// earlier outputs untouched.
type outputs struct {
	st  *stage.Stage
	res *result.Result
}

func newOutputs(res *result.Result, dir string) (*outputs, error) {
	st, err := stage.New(dir, res.Scenario.Name)
	if err != nil {
		return nil, err
	}
	return &outputs{st: st, res: res}, nil
}

// layers writes layers (in EPSG:27700) in every format the scenario's
// outputs name (geo/format), in its output CRS. stem names the files:
// stem.gpkg, and stem.parquet, stem.csv, ... for a single layer
// (stem_<layer>.parquet, ... for several).
func (o *outputs) layers(stem string, layers []*geo.Layer, desc map[string]string) error {
	sc := o.res.Scenario
	o.describe(layers, desc)
	meta := o.res.Metadata()
	meta.RunTime = time.Now().UTC()
	out := &format.Output{Stem: stem, Layers: layers, CRS: sc.Outputs.CRS, Districts: o.res.Districts(),
		Meta: meta, Title: layers[0].Title, Dictionary: o.dictionaryRows(layers, desc)}
	if len(o.res.Report.Synthetic) > 0 {
		out.Banner = result.SyntheticBanner(o.res.Report.Synthetic)
	}
	return format.Write(o.st, out, sc.Outputs.Formats)
}

// table writes one CSV table.
func (o *outputs) table(name string, rec arrow.RecordBatch) error {
	return o.write(name, func(p string) error { return csvfile.Write(p, rec) })
}

// json writes v as indented JSON.
func (o *outputs) json(name string, v any) error {
	return o.write(name, func(p string) error { return result.WriteJSON(p, v) })
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
		w.Write(result.DictionaryHeader)
		w.WriteAll(o.dictionaryRows(layers, desc))
		if err := w.Error(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
}

// dictionaryRows are the data dictionary rows of layers (columns
// result.DictionaryHeader).
func (o *outputs) dictionaryRows(layers []*geo.Layer, desc map[string]string) [][]string {
	o.describe(layers, desc)
	var rows [][]string
	for _, l := range layers {
		rows = append(rows, result.DictionaryRows(l.Name, l.Attributes, l.Fields)...)
	}
	return rows
}

// fieldTitles are the short titles (GIS field aliases) of the analysis
// commands' own fields; their descriptions are the commands' dictionaries.
var fieldTitles = map[string]string{
	"need": "Need", "need_share": "Share of need", "allocation": "Allocation (£)", "allocation_exact": "Exact share (£)",
	"at_floor": "At floor", "at_cap": "At cap",
	"neighbours": "Neighbours", "lisa_i": "Local Moran's I", "lisa_z": "LISA z-value", "lisa_p": "LISA p-value",
	"lisa_quadrant": "Moran quadrant", "lisa_cluster": "LISA cluster", "lisa_code": "LISA cluster code",
	"gi_star_z": "Gi* z-value", "gi_star_p": "Gi* p-value", "gi_star_class": "Hot or cold spot",
	"rank_a": "Rank in A", "rank_b": "Rank in B", "rank_change": "Rank change (A - B)", "selected_a": "Selected in A",
	"selected_b": "Selected in B", "selection_change": "Selection change",
	"median_rank": "Median rank", "rank_p05": "Rank, 5th percentile", "rank_p95": "Rank, 95th percentile",
	"p_selected": "Share of draws selecting", "uncertain": "Uncertain selection",
}

// describe fills each layer's field descriptions (geo.Layer.Fields) from
// desc; fields of the scored areas table take the scenario's own
// dictionary entries.
func (o *outputs) describe(layers []*geo.Layer, desc map[string]string) {
	for _, l := range layers {
		if l.Fields != nil || l.Attributes == nil {
			continue
		}
		l.Fields = result.FieldInfos(l.Attributes, func(n string) (string, string) {
			title, d := result.Describe(o.res.Scenario, n)
			if t, ok := fieldTitles[n]; ok {
				title = t
			}
			if own, ok := desc[n]; ok {
				if title == "" {
					title = result.TitleFrom(own)
				}
				return title, own
			}
			if d == "" {
				d = fmt.Sprintf("as in %s_fields.csv (targeting score)", o.res.Scenario.Slug())
			}
			return title, d
		})
	}
}

func (o *outputs) write(name string, f func(path string) error) error {
	return o.st.Write(name, f)
}

// commit publishes every file.
func (o *outputs) commit() ([]string, error) { return o.st.Publish() }

func (o *outputs) abort() { o.st.Abort() }

// layerText is the free-text metadata stored with a layer.
func layerText(res *result.Result, what string) string {
	sc := res.Scenario
	return fmt.Sprintf("%s of scenario %s (%s), engine %s, run %s. Selection: %s.", what, sc.Name, sc.Title,
		engine.Version, time.Now().UTC().Format("2006-01-02T15:04:05Z"), res.Report.Selection)
}
