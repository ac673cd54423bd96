package notebooksexport

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/manchester-insight/targeting/geo/palette"
)

// rankChartRows chooses the areas the rank-interval chart shows: the
// selected areas' ranks and 15 more, where the question "could this area
// as well be in or out?" is decided (at least 30, at most 90 rows).
func rankChartRows(r *run) []int {
	n := min(max(r.nSelected()+15, 30), 90)
	var rows []int
	for _, i := range r.byRank() {
		if _, ok := r.rob.Areas[r.code[i]]; ok {
			rows = append(rows, i)
		}
		if len(rows) == n {
			break
		}
	}
	return rows
}

// rankChartSVG draws each shown area's 5th-95th percentile rank as a bar,
// its median rank as a dot and its rank in this run as a tick, with the
// selection line when the selection is the top k.
func rankChartSVG(r *run) string {
	rows := rankChartRows(r)
	const (
		rowH    = 13.0
		labelW  = 330.0
		plotW   = 640.0
		top     = 34.0
		bottom  = 34.0
		rightPd = 16.0
	)
	maxRank := 1.0
	for _, i := range rows {
		maxRank = math.Max(maxRank, r.rob.Areas[r.code[i]].P95)
	}
	step := niceStep(maxRank / 8)
	maxRank = math.Ceil(maxRank/step) * step
	x := func(rank float64) float64 { return labelW + (rank-1)/(maxRank-1)*plotW }
	h := top + float64(len(rows))*rowH + bottom
	w := labelW + plotW + rightPd
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %s %s" role="img" aria-label="Rank intervals" xmlns="http://www.w3.org/2000/svg" fill="#1d2433">`, num(w), num(h))
	// Key.
	fmt.Fprintf(&b, `<g class="chart-key"><line x1="%s" y1="12" x2="%s" y2="12" stroke="%s" stroke-width="3"/><text x="%s" y="12" dominant-baseline="central">5th–95th percentile rank, selected in this run</text>`,
		num(labelW), num(labelW+26), palette.Accent, num(labelW+32))
	fmt.Fprintf(&b, `<line x1="%s" y1="12" x2="%s" y2="12" stroke="%s" stroke-width="3"/><text x="%s" y="12" dominant-baseline="central">not selected</text>`,
		num(labelW+330), num(labelW+356), palette.Unselected, num(labelW+362))
	fmt.Fprintf(&b, `<circle cx="%s" cy="26" r="3.2" fill="%s"/><text x="%s" y="26" dominant-baseline="central">median rank</text>`, num(labelW+13), palette.Unselected, num(labelW+32))
	fmt.Fprintf(&b, `<line x1="%s" y1="21" x2="%s" y2="31" stroke="#000" stroke-width="1.6"/><text x="%s" y="26" dominant-baseline="central">rank in this run</text></g>`,
		num(labelW+160), num(labelW+160), num(labelW+168))
	// Grid and axis.
	axisY := top + float64(len(rows))*rowH + 4
	for t := step; t <= maxRank; t += step {
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e3e3e3"/>`, num(x(t)), num(top), num(x(t)), num(axisY))
	}
	for t := 0.0; t <= maxRank; t += step {
		v := math.Max(t, 1)
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" fill="#5a6372" class="tick">%g</text>`, num(x(v)), num(axisY+12), v)
	}
	fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" class="axis-title">rank (1 = most in need)</text>`, num(labelW+plotW/2), num(axisY+27))
	if selectedAreTopK(r) && r.nSelected() > 0 {
		sx := x(float64(r.nSelected()) + 0.5)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#000" stroke-dasharray="4 3"/><text x="%s" y="%s" class="tick" text-anchor="start">selection line</text>`,
			num(sx), num(top-2), num(sx), num(axisY), num(sx+4), num(top+8))
	}
	for k, i := range rows {
		iv := r.rob.Areas[r.code[i]]
		y := top + float64(k)*rowH + rowH/2
		col := palette.Unselected
		if r.selected[i] {
			col = palette.Accent
		}
		fmt.Fprintf(&b, `<g><title>%s %s (%s): rank %s; median %s, 5th–95th percentile %s–%s; selected in %s of runs</title>`,
			html.EscapeString(r.code[i]), html.EscapeString(r.name[i]), html.EscapeString(r.wardName[i]), fixed(r.rank[i], 0),
			fixed(iv.Median, 0), fixed(iv.P5, 0), fixed(iv.P95, 0), percent(iv.PSelected))
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" dominant-baseline="central" class="row-label">%s · %s</text>`,
			num(labelW-8), num(y), html.EscapeString(r.name[i]), html.EscapeString(r.wardName[i]))
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="3.2" stroke-linecap="round"/>`,
			num(x(iv.P5)), num(y), num(x(iv.P95)), num(y), col)
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="3.2" fill="%s" stroke="#fff" stroke-width="0.8"/>`, num(x(iv.Median)), num(y), col)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#000" stroke-width="1.6"/></g>`,
			num(x(r.rank[i])), num(y-5), num(x(r.rank[i])), num(y+5))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// niceStep rounds a raw axis step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

// percent formats a share as a whole percentage.
func percent(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", v*100)
}
