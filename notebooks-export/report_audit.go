package notebooksexport

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/engine/audit"
	"github.com/manchester-insight/targeting/geo/palette"
)

// correlationTable is the briefing's correlation heatmap (the audit's
// Pearson matrix, engine/audit): normalised indicators, domain scores and
// the composite, each cell shaded by r (positive in the accent colour,
// negative in grey, opacity |r|). Empty with fewer than two indicators.
func (r *run) correlationTable() template.HTML {
	if len(r.sc.Indicators) < 2 {
		return ""
	}
	var names, labels []string
	var cols [][]float64
	add := func(col, label string) {
		v, err := engine.Floats(r.areas, col)
		if err != nil {
			return
		}
		for _, x := range v {
			if math.IsNaN(x) {
				return // suppressed by disclosure control: left out
			}
		}
		names, labels, cols = append(names, col), append(labels, label), append(cols, v)
	}
	for _, ind := range r.sc.Indicators {
		add(ind.ID+"_norm", ind.ID)
	}
	for _, d := range r.sc.Domains {
		add(d.ID+"_score", d.ID+" (domain)")
	}
	add(engine.ColScore, "score")
	if len(cols) < 2 {
		return ""
	}
	m := audit.Pearson(cols)
	var b strings.Builder
	b.WriteString(`<table class="corr"><thead><tr><th></th>`)
	for _, l := range labels {
		fmt.Fprintf(&b, `<th class="num">%s</th>`, template.HTMLEscapeString(l))
	}
	b.WriteString(`</tr></thead><tbody>`)
	for i, row := range m {
		fmt.Fprintf(&b, `<tr><th>%s</th>`, template.HTMLEscapeString(labels[i]))
		for _, v := range row {
			if math.IsNaN(v) {
				b.WriteString(`<td class="num">–</td>`)
				continue
			}
			colour := palette.Accent
			if v < 0 {
				colour = palette.Unselected
			}
			ink := palette.DarkInk
			if math.Abs(v) > 0.7 {
				ink = palette.LightInk
			}
			fmt.Fprintf(&b, `<td class="num" style="background:%s%02x;color:%s">%.2f</td>`, colour, int(math.Round(255*math.Abs(v))), ink, v)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table>`)
	return template.HTML(b.String())
}
