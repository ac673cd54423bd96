package notebooksexport

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/manchester-insight/targeting/geo/palette"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/stage"
)

var (
	//go:embed report.html.tmpl
	reportTemplate string
	//go:embed report.css
	reportCSS string

	reportTmpl = template.Must(template.New("report").Parse(reportTemplate))

	// reportStyle is report.css with its accent colour from geo/palette.
	reportStyle = template.CSS(":root { --accent: " + palette.Accent + "; }\n" + reportCSS)
)

// reportPage is everything the briefing template shows, already formatted.
type reportPage struct {
	Title, Description, Scenario, Date, Version string
	CSS                                         template.CSS
	Figures                                     []keyFigure
	HasMaps                                     bool
	AreaMap, WardMap, Legend                    template.HTML
	AreaCount, WardCount, SelectedCount         int
	Attribution                                 []string
	Wards                                       []wardRow
	Selected                                    []areaRow
	Selection, Aggregation                      string
	HasRobustness                               bool
	RobustnessMissing, RobustnessFile, Runs     string
	Stable, Borderline                          int
	Varied                                      []string
	BandLow, BandHigh                           string
	Chart                                       template.HTML
	Indicators                                  []indicatorRow
	Correlations                                template.HTML // report_audit.go
	Warnings, Adjustments                       []string
	Synthetic                                   []string // synthetic sources used
	MinCount                                    int
	Suppression                                 string
	Sources                                     []sourceRow
	ScenarioPath, ScenarioSHA, Started          string
	Finished                                    string
	Inputs                                      []result.Input
}

type keyFigure struct{ Value, Label string }

type wardRow struct {
	Name, Code, Areas, Selected, Covered, Population, Mean, Rank string
	Swatch, Bar                                                  template.HTML
}

type areaRow struct {
	Rank, Name, Code, Ward, Population, Score, Decile string
	Median, Range, PSelected                          string
	Swatch                                            template.HTML
}

type indicatorRow struct{ Label, Measure, Source, Direction, Normalise, Weight string }

type sourceRow struct{ Title, Publisher, Licence, Attribution string }

// WriteReport writes the briefing for a scored scenario as one
// self-contained HTML file: inline CSS and SVG, no scripts, no fonts or
// images from elsewhere (a Content-Security-Policy forbids any request), so
// it can be emailed, opened offline and printed to PDF.
func WriteReport(res *result.Result, path string, opt Options) error {
	r, err := newRun(res, opt)
	if err != nil {
		return err
	}
	defer r.release()
	var buf bytes.Buffer
	if err := reportTmpl.Execute(&buf, r.page()); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return writeFileAtomic(path, buf.Bytes())
}

func (r *run) page() reportPage {
	rep := r.rep
	k := r.nSelected()
	total := 0.0
	for _, p := range r.pop {
		if !math.IsNaN(p) {
			total += p
		}
	}
	wardsWith := r.wardsWithSelected()
	p := reportPage{
		Title: r.sc.Title, Description: strings.TrimSpace(r.sc.Description), Scenario: r.sc.Name,
		Date: rep.Started.Format("2 January 2006"), Version: rep.Version, CSS: reportStyle,
		AreaCount: len(r.code), WardCount: len(r.wCode), SelectedCount: k,
		Attribution: rep.Attribution, Selection: rep.Selection, Aggregation: aggregationWords(r.sc.Aggregation),
		HasRobustness: r.rob != nil, MinCount: MinCount, Suppression: suppressionNote(r.suppressed),
		ScenarioPath: r.sc.Path, ScenarioSHA: rep.ScenarioSHA, Inputs: rep.Inputs, Warnings: rep.Warnings, Synthetic: rep.Synthetic,
		Started: rep.Started.Format("2006-01-02 15:04:05"), Finished: rep.Finished.Format("15:04:05"),
	}
	if p.Title == "" {
		p.Title = r.sc.Name
	}
	share := ""
	if total > 0 {
		share = fmt.Sprintf(" (%.0f%% of residents)", 100*rep.People/total)
	}
	p.Figures = []keyFigure{
		{fmt.Sprintf("%d of %d", k, len(r.code)), "small areas selected"},
		{thousands(rep.People), "people live in them" + share},
		{fmt.Sprintf("%d of %d", wardsWith, len(r.wCode)), "wards have a selected area"},
		{topWard(r), "ward with most people covered"},
	}
	if r.areaGeoms != nil && r.wardGeoms != nil {
		p.HasMaps = true
		var print template.CSS
		p.AreaMap, p.WardMap, print = r.mapsSVG()
		p.CSS += print
		p.Legend = template.HTML(legendSVG("Decile (1 = most in need): areas by composite score, wards by mean score", true, true))
	}
	p.Wards = r.wardRows()
	p.Selected = r.selectedRows()
	if r.rob != nil {
		p.RobustnessFile, p.Varied = r.rob.File, r.rob.Varied
		p.BandLow, p.BandHigh = percent(r.rob.BandInForce()), percent(1-r.rob.BandInForce())
		p.Runs = "many"
		if r.rob.Draws > 0 {
			p.Runs = thousands(float64(r.rob.Draws))
		}
		for i, c := range r.code {
			iv, ok := r.rob.Areas[c]
			if !ok {
				continue
			}
			if r.selected[i] && iv.PSelected >= 1-r.rob.BandInForce() {
				p.Stable++
			}
			if iv.PSelected > r.rob.BandInForce() && iv.PSelected < 1-r.rob.BandInForce() {
				p.Borderline++
			}
		}
		p.Chart = template.HTML(rankChartSVG(r))
	} else {
		p.RobustnessMissing = fmt.Sprintf("No robustness run was found for this scenario (%s next to the outputs), so the ranks in this briefing are point estimates from one scoring: "+
			"small changes to weights or methods could move areas near the selection line in or out. When a robustness run exists, this section shows each area's rank range.",
			r.sc.Name+"_robustness.csv")
	}
	p.Indicators = r.indicatorRows()
	p.Correlations = r.correlationTable()
	p.Sources = r.sourceRows()
	for src, n := range rep.Imputed {
		p.Adjustments = append(p.Adjustments, fmt.Sprintf("%s: %d missing values imputed", src, n))
	}
	sort.Strings(p.Adjustments)
	for _, c := range rep.Conversions {
		if len(c.Apportioned) > 0 {
			p.Adjustments = append(p.Adjustments, fmt.Sprintf("%s: converted from %s to %s; %d areas apportioned (listed in the run report)", c.Source, c.From, c.To, len(c.Apportioned)))
		}
	}
	for _, s := range rep.Smoothed {
		n := 0
		for _, a := range s.Areas {
			if a.Raw != nil {
				n++
			}
		}
		p.Adjustments = append(p.Adjustments, fmt.Sprintf("%s: %d rates smoothed (%s) towards %s; raw and smoothed rates in the run report", s.Indicator, n, s.Method, s.Reference))
	}
	treated := map[string]int{}
	for _, t := range rep.Treated {
		treated[t.Indicator]++
	}
	for _, id := range slices.Sorted(maps.Keys(treated)) {
		p.Adjustments = append(p.Adjustments, fmt.Sprintf("%s: %d outlying values treated (winsorised or log-transformed, COINr's rule; listed in the run report)", id, treated[id]))
	}
	for _, pw := range rep.PCAWeights {
		p.Adjustments = append(p.Adjustments, fmt.Sprintf("weights of %s from principal components: each input's squared loading on the first component, which explains %.0f%% of their variance", pw.Level, 100*pw.Explained))
	}
	if len(rep.Dropped) > 0 {
		p.Adjustments = append(p.Adjustments, fmt.Sprintf("%d areas dropped for missing values: %s", len(rep.Dropped), strings.Join(rep.Dropped, ", ")))
	}
	return p
}

// Print layout of the maps (A4, report.css's @page margins): the two maps
// side by side on page 1 under the masthead, at most printMapMM tall, with
// ward labels of printLabelPt on paper.
const (
	printColumnMM = (210 - 12 - 12 - 6) / 2.0 // content width less the gap, halved
	printMapMM    = 152.0
	printLabelPt  = 7.25 // 7 pt and a margin: Chromium may shrink a page by about 1%
	mmPerPt       = 25.4 / 72
)

// printMapLayout is the height of the printed maps (mm) and the ward label
// size in picture units that prints at printLabelPt: the SVG is as wide as
// its column and printMapMM tall at most, and its viewBox scales to fit.
func printMapLayout(f frame) (heightMM, labelUnits float64) {
	heightMM = math.Min(printMapMM, printColumnMM*f.h/f.w)
	mmPerUnit := math.Min(printColumnMM/f.w, heightMM/f.h)
	return heightMM, printLabelPt * mmPerPt / mmPerUnit
}

// mapsSVG draws the area map (deciles, selected outlined, ward boundaries)
// and the ward map (ward deciles, labels) on one frame, so they line up,
// and the print CSS that sizes them for page 1 (the ward map carries a
// second set of labels, placed at the print size, shown only in print).
func (r *run) mapsSVG() (template.HTML, template.HTML, template.CSS) {
	b := bounds(r.areaGeoms).Union(bounds(r.wardGeoms))
	f := newFrame(b, 560, 8)
	heightMM, printFont := printMapLayout(f)
	print := template.CSS(fmt.Sprintf("\n@media print { svg.map { height: %.1fmm; } }\n", heightMM))
	areaFills, areaTips := make([]string, len(r.code)), make([]string, len(r.code))
	for i := range r.code {
		areaFills[i] = palette.Decile(r.decile[i])
		sel := "not selected"
		if r.selected[i] {
			sel = "selected"
		}
		areaTips[i] = fmt.Sprintf("%s %s, %s: rank %s of %d, decile %s, score %s, %s", r.code[i], r.name[i], r.wardName[i],
			fixed(r.rank[i], 0), len(r.code), fixed(r.decile[i], 0), fixed(r.score[i], 1), sel)
	}
	areas := choropleth{label: "Map of small areas by decile", geoms: r.areaGeoms, fills: areaFills, tips: areaTips,
		outlined: r.selected, overlay: r.wardGeoms}
	wardFills, wardTips := make([]string, len(r.wCode)), make([]string, len(r.wCode))
	for i := range r.wCode {
		wardFills[i] = palette.Decile(r.wDecile[i])
		wardTips[i] = fmt.Sprintf("%s: %s of %s areas selected, %s people covered; mean score %s (ward %s of %d)", r.wName[i],
			fixed(r.wSelected[i], 0), fixed(r.wAreas[i], 0), thousands(r.wCovered[i]), fixed(r.wMean[i], 1), fixed(r.wRank[i], 0), len(r.wCode))
	}
	wards := choropleth{label: "Map of wards by decile of mean score, with ward names", geoms: r.wardGeoms, fills: wardFills, tips: wardTips,
		names: r.wName, labelled: r.wardGeoms, fontSize: 12, printFontSize: printFont}
	return template.HTML(areas.svg(f)), template.HTML(wards.svg(f)), print
}

func (r *run) wardRows() []wardRow {
	order := make([]int, len(r.wCode))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := order[a], order[b]
		if r.wCovered[x] != r.wCovered[y] {
			return r.wCovered[x] > r.wCovered[y]
		}
		return r.wRank[x] < r.wRank[y]
	})
	rows := make([]wardRow, 0, len(order))
	for _, i := range order {
		share := math.NaN()
		if r.wPop[i] > 0 {
			share = r.wCovered[i] / r.wPop[i]
		}
		rows = append(rows, wardRow{Name: r.wName[i], Code: r.wCode[i], Areas: fixed(r.wAreas[i], 0), Selected: fixed(r.wSelected[i], 0),
			Covered: thousands(r.wCovered[i]), Population: thousands(r.wPop[i]), Mean: fixed(r.wMean[i], 1),
			Rank:   fmt.Sprintf("%s of %d", fixed(r.wRank[i], 0), len(r.wCode)),
			Swatch: swatch(palette.Decile(r.wDecile[i])), Bar: shareBar(share)})
	}
	return rows
}

func (r *run) selectedRows() []areaRow {
	var rows []areaRow
	for _, i := range r.byRank() {
		if !r.selected[i] {
			continue
		}
		row := areaRow{Rank: fixed(r.rank[i], 0), Name: r.name[i], Code: r.code[i], Ward: r.wardName[i],
			Population: thousands(r.pop[i]), Score: fixed(r.score[i], 1), Decile: fixed(r.decile[i], 0),
			Swatch: swatch(palette.Decile(r.decile[i]))}
		if r.rob != nil {
			row.Median, row.Range, row.PSelected = "–", "–", "–"
			if iv, ok := r.rob.Areas[r.code[i]]; ok {
				row.Median = fixed(iv.Median, 0)
				row.Range = fixed(iv.P5, 0) + "–" + fixed(iv.P95, 0)
				row.PSelected = percent(iv.PSelected)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

func (r *run) indicatorRows() []indicatorRow {
	var rows []indicatorRow
	for _, ind := range r.sc.Indicators {
		label := ind.Label
		if label == "" {
			label = ind.ID
		}
		measure := ind.Value
		if measure == "" {
			measure = fmt.Sprintf("%g × (%s) ÷ (%s)", ind.Scale, ind.Numerator, ind.Denominator)
		}
		src := ind.Source
		if s, ok := r.sc.Sources[ind.Source]; ok && s.Title != "" {
			src = s.Title
		}
		dir := map[string]string{"higher_is_worse": "higher = more need", "higher_is_better": "higher = less need"}[ind.Direction]
		norm := ""
		if ind.Normalise != nil {
			norm = ind.Normalise.Method
		}
		w := ""
		if pw, ok := r.pcaWeight(ind.ID, ind.Domain); ok {
			w = fmt.Sprintf("%g%% (PCA)", math.Round(pw*1000)/10)
		} else if ind.Weight != nil {
			w = fmt.Sprintf("%g%%", math.Round(*ind.Weight*1000)/10)
		}
		if ind.Domain != "" {
			w += " of " + ind.Domain
		}
		rows = append(rows, indicatorRow{Label: label, Measure: measure, Source: src, Direction: dir, Normalise: norm, Weight: w})
	}
	return rows
}

func (r *run) sourceRows() []sourceRow {
	var rows []sourceRow
	for _, id := range slices.Sorted(maps.Keys(r.sc.Sources)) {
		s := r.sc.Sources[id]
		title := s.Title
		if title == "" {
			title = id
		}
		if s.Synthetic {
			title += " (synthetic)"
		}
		rows = append(rows, sourceRow{Title: title, Publisher: s.Publisher, Licence: s.Licence, Attribution: s.Attribution})
	}
	if a := r.sc.Geography.Attribution; a != "" {
		rows = append(rows, sourceRow{Title: "Geography: small-area to ward lookup and boundaries", Publisher: "Office for National Statistics", Attribution: a})
	}
	return rows
}

// topWard names the ward whose selected areas cover the most people.
func topWard(r *run) string {
	best := -1
	for i := range r.wCode {
		if r.wCovered[i] > 0 && (best < 0 || r.wCovered[i] > r.wCovered[best]) {
			best = i
		}
	}
	if best < 0 {
		return "–"
	}
	return r.wName[best]
}

func aggregationWords(a string) string {
	switch a {
	case "geometric":
		return "a weighted geometric mean"
	case "", "arithmetic":
		return "a weighted arithmetic mean"
	case "harmonic":
		return "a weighted harmonic mean"
	case "generalised":
		return "a weighted power (generalised) mean"
	case "copeland":
		return "Copeland outranking (wins minus losses against every other area)"
	}
	return a
}

// pcaWeight is the weight principal components gave an indicator at its
// level (weights: pca), if they did.
func (r *run) pcaWeight(id, domain string) (float64, bool) {
	level := domain
	if level == "" {
		level = "index"
	}
	for _, pw := range r.rep.PCAWeights {
		if w, ok := pw.Weights[id]; ok && pw.Level == level {
			return w, true
		}
	}
	return 0, false
}

// swatch is a small decile colour square; SVG so that it prints.
func swatch(colour string) template.HTML {
	return template.HTML(fmt.Sprintf(`<svg class="swatch" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><rect x="0.5" y="0.5" width="11" height="11" fill="%s" stroke="#00000040"/></svg>`, colour))
}

// shareBar is a small horizontal bar for a share in [0, 1].
func shareBar(share float64) template.HTML {
	w := 0.0
	if !math.IsNaN(share) {
		w = math.Max(0, math.Min(1, share)) * 60
	}
	return template.HTML(fmt.Sprintf(`<svg width="62" height="10" viewBox="0 0 62 10" aria-hidden="true"><rect x="0.5" y="0.5" width="61" height="9" fill="#f1f1f1" stroke="#c9c9c9"/><rect x="1" y="1" width="%s" height="8" fill="%s"/></svg>`, num(w), palette.Accent))
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it into place, so an open report is never seen half-written.
func writeFileAtomic(path string, data []byte) error {
	return stage.WriteFile(path, func(w io.Writer) error { _, err := w.Write(data); return err })
}
