package analysis

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"strconv"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/engine/audit"
	"github.com/manchester-insight/targeting/internal/result"
)

// IndexGroup names the index in an audit's groups and flags.
const IndexGroup = "index"

// AuditIndicator is one indicator's statistics: of its raw values as read
// (imputed values left out), and of its normalised values as scored.
type AuditIndicator struct {
	ID, Label, Domain, Direction, Normalise string
	Raw, Norm                               audit.Stats
}

// Alpha is Cronbach's alpha of one domain's indicators (or of the index's
// direct inputs) on their normalised values.
type Alpha struct {
	Group string   `json:"group"`
	Items []string `json:"items"`
	Alpha float64  `json:"alpha"`
}

// Audit is the indicator audit of a scored scenario (the Handbook's steps
// 3 and 4): statistics per indicator, correlation matrices of normalised
// indicators, domain scores and the composite, Cronbach's alpha, principal
// components of the normalised indicators and the flags to look at.
type Audit struct {
	Scenario   string
	Areas      int
	Dropped    int
	Indicators []AuditIndicator
	// Variables name the rows and columns of Pearson and Spearman:
	// normalised indicators, then domain scores (<id>_score), then score.
	Variables         []string
	Pearson, Spearman [][]float64
	Alphas            []Alpha
	// PCA is of the normalised indicators, in the order of Indicators; nil
	// (with PCAError) when it cannot be computed.
	PCA      *audit.PCA
	PCAError string
	Flags    []audit.Flag
}

// ScenarioAudit audits a scored scenario.
func ScenarioAudit(res *result.Result) (*Audit, error) {
	sc, er := res.Scenario, res.Engine
	t := table{rec: er.Record}
	a := &Audit{Scenario: sc.Name, Areas: int(er.Record.NumRows()), Dropped: len(er.Report.Dropped)}
	var vars []audit.Variable
	var cols [][]float64
	for _, ind := range sc.Indicators {
		raw := t.floats(ind.ID + "_value")
		norm := t.floats(ind.ID + "_norm")
		if t.err != nil {
			return nil, t.err
		}
		if mask := er.Imputed[ind.ID]; mask != nil {
			for i, m := range mask {
				if m {
					raw[i] = math.NaN()
				}
			}
		}
		a.Indicators = append(a.Indicators, AuditIndicator{ID: ind.ID, Label: ind.Label, Domain: ind.Domain,
			Direction: ind.Direction, Normalise: ind.Normalise.Method, Raw: audit.Describe(raw), Norm: audit.Describe(norm)})
		a.Variables = append(a.Variables, ind.ID)
		cols = append(cols, norm)
		vars = append(vars, audit.Variable{ID: ind.ID, Domain: ind.Domain, Values: norm})
	}
	groups := []audit.Group{}
	for _, d := range sc.Domains {
		s := t.floats(d.ID + "_score")
		if t.err != nil {
			return nil, t.err
		}
		a.Variables = append(a.Variables, d.ID+"_score")
		cols = append(cols, s)
		groups = append(groups, audit.Group{ID: d.ID, Score: s})
		var items []string
		var ic [][]float64
		for k, ind := range sc.Indicators {
			if ind.Domain == d.ID {
				items = append(items, ind.ID)
				ic = append(ic, vars[k].Values)
			}
		}
		if len(items) >= 2 {
			a.Alphas = append(a.Alphas, Alpha{Group: d.ID, Items: items, Alpha: audit.CronbachAlpha(ic)})
		}
	}
	score := t.floats(engine.ColScore)
	if t.err != nil {
		return nil, t.err
	}
	a.Variables = append(a.Variables, engine.ColScore)
	cols = append(cols, score)
	groups = append(groups, audit.Group{ID: "", Score: score})
	if len(er.Items) >= 2 {
		var items []string
		var ic [][]float64
		for _, it := range er.Items {
			items, ic = append(items, it.ID), append(ic, it.Values)
		}
		a.Alphas = append(a.Alphas, Alpha{Group: IndexGroup, Items: items, Alpha: audit.CronbachAlpha(ic)})
	}
	a.Pearson, a.Spearman = audit.Pearson(cols), audit.Spearman(cols)
	if len(vars) >= 2 {
		norm := make([][]float64, len(vars))
		for k, v := range vars {
			norm[k] = v.Values
		}
		var err error
		if a.PCA, err = audit.PrincipalComponents(norm); err != nil {
			a.PCAError = err.Error()
		}
	}
	flags := audit.Check(vars, groups, audit.Thresholds{})
	for k := range flags {
		if flags[k].Domain == "" {
			flags[k].Domain = IndexGroup
		}
	}
	for _, ind := range a.Indicators {
		s := ind.Raw
		if s.Outliers {
			flags = append(flags, audit.Flag{Kind: audit.FlagOutliers, Items: []string{ind.ID}, R: math.NaN(),
				Message: fmt.Sprintf("%s is skewed (skew %.2f, kurtosis %.2f; COINr flags |skew| > %g and kurtosis > %g): %d low and %d high value(s) beyond Q1/Q3 -/+ 1.5 IQR",
					ind.ID, s.Skew, s.Kurtosis, audit.SkewLimit, audit.KurtosisLimit, s.Low, s.High)})
		}
	}
	a.Flags = flags
	return a, nil
}

// statColumns are the columns of the indicator statistics table.
var statColumns = []string{"n", "missing", "coverage", "min", "q1", "median", "q3", "max", "mean", "sd", "skew", "kurtosis",
	"low_outliers", "high_outliers", "outlier_flag"}

func statValues(s audit.Stats) []any {
	return []any{s.N, s.Missing, s.Coverage, s.Min, s.Q1, s.Median, s.Q3, s.Max, s.Mean, s.SD, s.Skew, s.Kurtosis,
		s.Low, s.High, s.Outliers}
}

// num is a float for JSON: NaN and infinities are null.
func num(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

func nums(v []float64) []any {
	out := make([]any, len(v))
	for i, x := range v {
		out[i] = num(x)
	}
	return out
}

func cell(v any) string {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) {
			return ""
		}
		return strconv.FormatFloat(x, 'g', 10, 64)
	case int:
		return strconv.Itoa(x)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// JSON is the audit as JSON-ready values (NaN as null).
func (a *Audit) JSON() map[string]any {
	stats := func(s audit.Stats) map[string]any {
		m := map[string]any{}
		for i, v := range statValues(s) {
			if f, ok := v.(float64); ok {
				v = num(f)
			}
			m[statColumns[i]] = v
		}
		return m
	}
	var inds []map[string]any
	for _, ind := range a.Indicators {
		inds = append(inds, map[string]any{"id": ind.ID, "label": ind.Label, "domain": ind.Domain, "direction": ind.Direction,
			"normalise": ind.Normalise, "raw": stats(ind.Raw), "normalised": stats(ind.Norm)})
	}
	matrix := func(m [][]float64) [][]any {
		out := make([][]any, len(m))
		for i, r := range m {
			out[i] = nums(r)
		}
		return out
	}
	var alphas []map[string]any
	for _, al := range a.Alphas {
		alphas = append(alphas, map[string]any{"group": al.Group, "items": al.Items, "alpha": num(al.Alpha)})
	}
	var flags []map[string]any
	for _, f := range a.Flags {
		flags = append(flags, map[string]any{"kind": f.Kind, "items": f.Items, "domain": f.Domain, "r": num(f.R), "message": f.Message})
	}
	out := map[string]any{"scenario": a.Scenario, "areas": a.Areas, "dropped": a.Dropped, "indicators": inds,
		"variables": a.Variables, "pearson": matrix(a.Pearson), "spearman": matrix(a.Spearman), "cronbach_alpha": alphas,
		"flags": flags, "methods": auditMethods}
	if a.PCA != nil {
		out["pca"] = map[string]any{"variables": a.Variables[:len(a.Indicators)], "variances": nums(a.PCA.Variances),
			"explained": nums(a.PCA.Explained), "cumulative": nums(a.PCA.Cumulative), "loadings": matrix(a.PCA.Loadings)}
	} else {
		out["pca_error"] = a.PCAError
	}
	return out
}

// auditMethods states the estimators, for the JSON file.
var auditMethods = map[string]string{
	"raw":         "statistics of the values as read; values imputed by the missing policy are left out and counted as missing",
	"sd":          "sample standard deviation (n - 1)",
	"skew":        "adjusted Fisher-Pearson G1 (gonum stat.Skew; e1071 type 2, Excel SKEW)",
	"kurtosis":    "excess kurtosis G2 (gonum stat.ExKurtosis; e1071 type 2, Excel KURT)",
	"quantiles":   "R type 7 (linear interpolation, h = (n - 1) p)",
	"outliers":    "outlier_flag: |skew| > 2 and kurtosis > 3.5 (COINr); low/high_outliers: beyond Q1 - 1.5 IQR / Q3 + 1.5 IQR",
	"correlation": "Pearson (gonum stat.Correlation) and Spearman (Pearson of mid-ranks) of normalised indicators (direction applied), domain scores and the composite score",
	"flags":       "check direction: item-rest Pearson correlation < -0.1 within a domain (or the index); redundant: |r| > 0.9 between indicators; uncorrelated: |r(indicator, domain score)| < 0.2",
	"alpha":       "Cronbach's alpha k/(k-1) (1 - sum var(x_i) / var(sum x_i)) of each domain's normalised indicators and of the index's direct inputs",
	"pca":         "principal components of the standardised normalised indicators (correlation matrix, gonum stat.PC); loadings are unit eigenvectors signed to sum >= 0",
}

// WriteAudit writes NAME_audit_indicators.csv (statistics, one row per
// indicator and kind of value), NAME_audit_pearson.csv and
// NAME_audit_spearman.csv (matrices), NAME_audit_pca.csv (variances and
// loadings) and NAME_audit.json (everything) into dir, all or nothing.
func WriteAudit(res *result.Result, a *Audit, dir string) ([]string, error) {
	o, err := newOutputs(res, dir)
	if err != nil {
		return nil, err
	}
	stem := res.Scenario.Slug() + "_audit"
	fail := func(err error) ([]string, error) { o.abort(); return nil, err }
	var rows [][]string
	rows = append(rows, append([]string{"indicator", "domain", "direction", "normalise", "values"}, statColumns...))
	for _, ind := range a.Indicators {
		for _, kind := range []struct {
			name string
			s    audit.Stats
		}{{"raw", ind.Raw}, {"normalised", ind.Norm}} {
			r := []string{ind.ID, ind.Domain, ind.Direction, ind.Normalise, kind.name}
			for _, v := range statValues(kind.s) {
				r = append(r, cell(v))
			}
			rows = append(rows, r)
		}
	}
	if err := o.write(stem+"_indicators.csv", csvRows(rows)); err != nil {
		return fail(err)
	}
	for _, m := range []struct {
		name string
		m    [][]float64
	}{{"pearson", a.Pearson}, {"spearman", a.Spearman}} {
		rows := [][]string{append([]string{"variable"}, a.Variables...)}
		for i, r := range m.m {
			row := []string{a.Variables[i]}
			for _, v := range r {
				row = append(row, cell(v))
			}
			rows = append(rows, row)
		}
		if err := o.write(stem+"_"+m.name+".csv", csvRows(rows)); err != nil {
			return fail(err)
		}
	}
	if a.PCA != nil {
		head := []string{"row"}
		for c := range a.PCA.Variances {
			head = append(head, fmt.Sprintf("PC%d", c+1))
		}
		rows := [][]string{head}
		for _, r := range []struct {
			name string
			v    []float64
		}{{"variance", a.PCA.Variances}, {"explained", a.PCA.Explained}, {"cumulative", a.PCA.Cumulative}} {
			row := []string{r.name}
			for _, v := range r.v {
				row = append(row, cell(v))
			}
			rows = append(rows, row)
		}
		for j, l := range a.PCA.Loadings {
			row := []string{"loading_" + a.Indicators[j].ID}
			for _, v := range l {
				row = append(row, cell(v))
			}
			rows = append(rows, row)
		}
		if err := o.write(stem+"_pca.csv", csvRows(rows)); err != nil {
			return fail(err)
		}
	}
	if err := o.json(stem+".json", a.JSON()); err != nil {
		return fail(err)
	}
	return o.commit()
}

func csvRows(rows [][]string) func(string) error {
	return func(p string) error {
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		w := csv.NewWriter(f)
		w.WriteAll(rows)
		if err := w.Error(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
}
