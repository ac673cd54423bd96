package notebooksexport

import (
	"math"
	"strconv"
	"strings"
)

// thousands formats a whole number with thousands separators ("12,345");
// NaN (a suppressed or missing value) is shown as an en dash.
func thousands(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	s := strconv.FormatFloat(math.Round(math.Abs(v)), 'f', 0, 64)
	var b strings.Builder
	if v < 0 && s != "0" {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// fixed formats v with d decimals; NaN is an en dash.
func fixed(v float64, d int) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', d, 64)
}
