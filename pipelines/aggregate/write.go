package aggregate

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/manchester-insight/targeting/internal/stage"
)

// Version is written into the report.
var Version = "0.1.0"

// SyntheticLabel heads the metadata of outputs computed from synthetic
// records.
const SyntheticLabel = "SYNTHETIC: computed from generated records, not real council records"

// Report is the run's metadata, written as JSON beside the tables. It holds
// no count of any area, ward or district cell: those are only in the
// tables, after disclosure control.
type Report struct {
	Synthetic   bool           `json:"synthetic"`
	Label       string         `json:"label,omitempty"`
	Title       string         `json:"title"`
	Version     string         `json:"engine_version"`
	Started     string         `json:"started"`
	Finished    string         `json:"finished"`
	Mapping     Input          `json:"mapping"`
	Inputs      []Input        `json:"inputs"`
	Format      string         `json:"extract_format"`
	Window      [2]string      `json:"window"`
	AsOf        string         `json:"as_of"`
	Geography   string         `json:"geography"`
	District    string         `json:"district"`
	Areas       int            `json:"areas"`
	Wards       int            `json:"wards"`
	Services    []ServiceNote  `json:"services"`
	Rows        RowNote        `json:"rows"`
	Disclosure  DisclosureNote `json:"disclosure"`
	Outputs     []string       `json:"outputs"`
	Attribution []string       `json:"attribution,omitempty"`
}

// ServiceNote describes one output service column.
type ServiceNote struct {
	ID     string   `json:"id"`
	Label  string   `json:"label"`
	Values []string `json:"values,omitempty"`
	Count  string   `json:"rate_counts"`
	Per    string   `json:"rate_per_1000_of"`
}

// RowNote accounts for every row of the extract: read = counted +
// outside_window + the sum of set_aside.
type RowNote struct {
	Note          string            `json:"note"`
	Read          int64             `json:"read"`
	Counted       int64             `json:"counted"`
	OutsideWindow int64             `json:"outside_window"`
	SetAside      map[string]int64  `json:"set_aside"`
	SetAsideTotal int64             `json:"set_aside_total"`
	Reasons       map[string]string `json:"reasons"`
}

// DisclosureNote states the rule and how many cells it suppressed.
type DisclosureNote struct {
	Threshold int64  `json:"threshold"`
	Rule      string `json:"rule"`
	Cells     int    `json:"cells"`
	Primary   int    `json:"primary"`
	Secondary int    `json:"secondary"`
}

// Report builds the run's report.
func (res *Result) Report(outputs []string) *Report {
	cfg := res.Config
	r := &Report{Synthetic: res.Synthetic, Title: "Service-usage indicators from case-level records", Version: Version,
		Started: res.Started.Format(time.RFC3339), Finished: res.Finished.Format(time.RFC3339),
		Mapping: newInput("mapping", cfg.Path), Inputs: res.Inputs, Format: res.Extract.Format,
		AsOf: res.AsOf.Format(time.DateOnly), Geography: cfg.Geography.Areas, District: res.Areas.District,
		Areas: len(res.Areas.Codes), Wards: len(res.Areas.WardCodes), Outputs: outputs}
	if res.Synthetic {
		r.Label = SyntheticLabel
	}
	r.Window = [2]string{"(all dates)", res.AsOf.Format(time.DateOnly)}
	if !res.From.IsZero() {
		r.Window[0] = res.From.Format(time.DateOnly)
	}
	if !res.To.IsZero() {
		r.Window[1] = res.To.Format(time.DateOnly)
	}
	ids, labels := res.columns()
	for k, id := range ids {
		count, per := res.rateOf(id)
		n := ServiceNote{ID: id, Label: labels[k], Count: count, Per: per}
		if d := cfg.Services[id]; d != nil {
			n.Values = d.Values
		}
		r.Services = append(r.Services, n)
	}
	r.Rows = RowNote{
		Note: "Whole-extract row counts by data-quality reason, for reconciliation (read = counted + outside_window + set_aside_total). " +
			"They describe the file, not any area or person, and are exact; every count by area, ward or district is in the tables, after disclosure control.",
		Read: res.Extract.Rows, Counted: res.Rows[Counted], OutsideWindow: res.Rows[OutsideWindow],
		SetAside: map[string]int64{}, Reasons: map[string]string{}}
	for _, why := range Reasons() {
		if !why.Dirty() {
			continue
		}
		r.Rows.SetAside[why.Key()] = res.Rows[why]
		r.Rows.SetAsideTotal += res.Rows[why]
		r.Rows.Reasons[why.Key()] = why.Text()
	}
	p, s := res.suppressed()
	rule := cfg.Rule()
	r.Disclosure = DisclosureNote{Threshold: rule.Effective(), Rule: rule.Text(), Cells: len(res.Status), Primary: p, Secondary: s}
	if cfg.Attribution != "" {
		r.Attribution = append(r.Attribution, cfg.Attribution)
	}
	return r
}

// OutputPaths returns the files Write makes for the indicator table out:
// out, <stem>_wards.csv, <stem>_fields.csv, <stem>_report.json.
func OutputPaths(out string) []string {
	stem := strings.TrimSuffix(out, filepath.Ext(out))
	return []string{out, stem + "_wards.csv", stem + "_fields.csv", stem + "_report.json"}
}

// Write writes the area table to out and the ward table, data dictionary
// and report beside it. All four are written to a temporary folder and
// renamed into place only when all are complete.
func Write(res *Result, out string) ([]string, error) {
	st, err := stage.New(filepath.Dir(out), "aggregate")
	if err != nil {
		return nil, err
	}
	defer st.Abort()
	paths := OutputPaths(out)
	areas, wards := res.AreaTable(), res.WardTable()
	for i, write := range []func(string) error{
		func(p string) error { return writeCSV(p, areas.Header, areas.Rows) },
		func(p string) error { return writeCSV(p, wards.Header, wards.Rows) },
		func(p string) error {
			return writeCSV(p, []string{"table", "field", "description"}, res.dictionary(areas, wards, paths))
		},
		func(p string) error {
			b, err := json.MarshalIndent(res.Report(paths), "", "  ")
			if err != nil {
				return err
			}
			return os.WriteFile(p, append(b, '\n'), 0o644)
		},
	} {
		if err := st.Write(filepath.Base(paths[i]), write); err != nil {
			return nil, err
		}
	}
	if _, err := st.Publish(); err != nil {
		return nil, err
	}
	return paths, nil
}

// dictionary lists every field of both tables, headed by the synthetic
// label (when it applies) and the disclosure rule.
func (res *Result) dictionary(areas, wards *Table, paths []string) [][]string {
	var rows [][]string
	if res.Synthetic {
		rows = append(rows, []string{"(all)", "(synthetic)", SyntheticLabel})
	}
	rows = append(rows, []string{"(all)", "(disclosure control)", res.Config.Rule().Text()})
	for _, t := range []struct {
		name string
		t    *Table
	}{{filepath.Base(paths[0]), areas}, {filepath.Base(paths[1]), wards}} {
		for i, h := range t.t.Header {
			rows = append(rows, []string{t.name, h, t.t.Desc[i]})
		}
	}
	return rows
}

func writeCSV(path string, header []string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write(header)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
