package notebooksexport

import (
	"strings"
	"testing"
)

// The briefing's method section carries the correlation heatmap of the
// normalised indicators and the composite (the audit's Pearson matrix).
func TestReportCorrelationHeatmap(t *testing.T) {
	_, html := writeExampleReport(t, t.TempDir(), false)
	i := strings.Index(html, `<table class="corr">`)
	if i < 0 || !strings.Contains(html, "How the indicators relate") {
		t.Fatal("no correlation heatmap")
	}
	table := html[i : i+strings.Index(html[i:], "</table>")]
	for _, want := range []string{">income</th>", ">service_use</th>", ">score</th>", ">0.96</td>", ">1.00</td>"} {
		if !strings.Contains(table, want) {
			t.Errorf("heatmap lacks %q", want)
		}
	}
	if n := strings.Count(table, "<tr><th>"); n != 7 { // the header row, then one per variable
		t.Errorf("%d rows, want 7 (header, 5 indicators and the score)", n)
	}
}
