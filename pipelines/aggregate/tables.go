package aggregate

import (
	"fmt"
	"math"
	"strconv"
)

// Table is an output table after disclosure control: a header and rows of
// text cells; a suppressed count or rate is "".
type Table struct {
	Header []string
	Rows   [][]string
	// Desc describes each column, for the data dictionary.
	Desc []string
}

// measure is one count of a cell, as a column suffix.
type measure struct {
	suffix, what string
	values       []int64
}

func (res *Result) measures() []measure {
	ms := []measure{{"records", "records (service contacts) in the window", res.Records},
		{"people", "distinct people (person ids) with a record in the window", res.People}}
	if res.House != nil {
		ms = append(ms, measure{"households", "distinct households (household ids) with a record in the window", res.House})
	}
	return ms
}

// column ids and their labels: the services, then "all".
func (res *Result) columns() (ids, labels []string) {
	for _, s := range res.Services {
		ids = append(ids, s)
		label := s
		if d := res.Config.Services[s]; d != nil && d.Label != "" {
			label = d.Label
		}
		labels = append(labels, label)
	}
	return append(ids, "all"), append(labels, "All services")
}

// rateOf returns what column col's rate counts and its denominator name.
func (res *Result) rateOf(col string) (count, per string) {
	if d := res.Config.Services[col]; d != nil {
		return d.Count, d.Per
	}
	return "people", "population"
}

// AreaTable is the indicator table: one row per area.
func (res *Result) AreaTable() *Table {
	a := res.Areas
	t := res.header([]string{"area_code", "area_name", "ward_code", "ward_name"},
		[]string{"Small-area code (" + res.Config.Geography.Areas + ")", "Small-area name", "Electoral ward code (best-fit lookup)", "Electoral ward name"})
	g := res.Layout.Grid
	for i, code := range a.Codes {
		row := []string{code, a.Names[i], a.WardCodes[a.Ward[i]], a.WardNames[a.Ward[i]]}
		den := map[string]float64{}
		for _, n := range a.DenomNames {
			den[n] = a.Denominators[n][i]
		}
		t.Rows = append(t.Rows, res.cells(row, den, func(col int) int { return g.Area(i, col) }))
	}
	return t
}

// WardTable has one row per ward and a last row for the whole district.
func (res *Result) WardTable() *Table {
	a := res.Areas
	t := res.header([]string{"ward_code", "ward_name", "level", "n_areas"},
		[]string{"Electoral ward code, or the district code on the district row", "Ward name", "ward, or district for the total row", "Number of small areas"})
	g := res.Layout.Grid
	sums := make([]map[string]float64, len(a.WardCodes)+1)
	nAreas := make([]int, len(a.WardCodes)+1)
	for w := range sums {
		sums[w] = map[string]float64{}
	}
	for i := range a.Codes {
		for _, w := range []int{a.Ward[i], len(a.WardCodes)} {
			nAreas[w]++
			for _, n := range a.DenomNames {
				sums[w][n] += a.Denominators[n][i]
			}
		}
	}
	for w, code := range a.WardCodes {
		row := []string{code, a.WardNames[w], "ward", strconv.Itoa(nAreas[w])}
		t.Rows = append(t.Rows, res.cells(row, sums[w], func(col int) int { return g.Ward(w, col) }))
	}
	row := []string{a.District, "All areas", "district", strconv.Itoa(nAreas[len(a.WardCodes)])}
	t.Rows = append(t.Rows, res.cells(row, sums[len(a.WardCodes)], g.Total))
	return t
}

func (res *Result) header(lead, desc []string) *Table {
	t := &Table{Header: lead, Desc: desc}
	for _, n := range res.Areas.DenomNames {
		t.Header = append(t.Header, n)
		t.Desc = append(t.Desc, "Denominator: "+n+" (open data; see the report's inputs)")
	}
	ids, labels := res.columns()
	rule := res.Config.Rule()
	for k, id := range ids {
		for _, m := range res.measures() {
			t.Header = append(t.Header, id+"_"+m.suffix)
			t.Desc = append(t.Desc, fmt.Sprintf("%s: %s; blank when suppressed (disclosure control, threshold %d)", labels[k], m.what, rule.Effective()))
		}
		count, per := res.rateOf(id)
		t.Header = append(t.Header, id+"_rate_per_1000")
		t.Desc = append(t.Desc, fmt.Sprintf("%s: %s per 1,000 %s; blank when its count is suppressed or the denominator is 0", labels[k], count, per))
		t.Header = append(t.Header, id+"_status")
		t.Desc = append(t.Desc, labels[k]+": disclosure status of this cell: published, primary (a count below the threshold) or secondary (suppressed so that no small count can be worked out from the margins)")
	}
	if res.Synthetic {
		t.Header = append(t.Header, "data_label")
		t.Desc = append(t.Desc, "SYNTHETIC: the counts come from generated records, not real council records")
	}
	return t
}

// cells renders one row's counts, rates and statuses after disclosure
// control: a suppressed cell shows no count and no rate.
func (res *Result) cells(row []string, den map[string]float64, cellOf func(col int) int) []string {
	for _, n := range res.Areas.DenomNames {
		row = append(row, formatFloat(den[n]))
	}
	ids, _ := res.columns()
	for col, id := range ids {
		c := cellOf(col)
		st := res.Status[c]
		ms := res.measures()
		for _, m := range ms {
			if st.Suppressed() {
				row = append(row, "")
			} else {
				row = append(row, strconv.FormatInt(m.values[c], 10))
			}
		}
		count, per := res.rateOf(id)
		rate := ""
		if !st.Suppressed() {
			var num int64
			for _, m := range ms {
				if m.suffix == count {
					num = m.values[c]
				}
			}
			if d := den[per]; d > 0 && !math.IsNaN(d) {
				rate = strconv.FormatFloat(1000*float64(num)/d, 'f', 3, 64)
			}
		}
		row = append(row, rate, st.String())
	}
	if res.Synthetic {
		row = append(row, "SYNTHETIC")
	}
	return row
}

func formatFloat(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
