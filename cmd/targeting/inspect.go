package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/indicators"
)

func newInspectCmd() *cobra.Command {
	var data string
	c := &cobra.Command{
		Use:   "inspect FILE",
		Short: "Describe a data file before a scenario uses it: columns, kinds, code vintage, coverage, suspicious values",
		Long: `inspect reads a CSV (or gzip CSV) once and lists each column with its kind
(area code, number, text), range and a guess at its measure kind (count,
share, rank), the values the number grammar would refuse and how to read
them (decimal: ",", percent: true, na:), which LSOA vintage the codes are
(2011 or 2021, using the shipped ONS lookup) and how fully they cover each
local authority district.`,
		Example: `  targeting inspect data/fuel_poverty/fuel_poverty_2020_lsoa11_england.csv.gz
  targeting inspect council_extract.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			p, err := indicators.Inspect(args[0])
			if err != nil {
				return err
			}
			w := c.OutOrStdout()
			fmt.Fprintf(w, "%s: %d rows, %d columns\n\n", p.File, p.Rows, len(p.Columns))
			tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "column\tkind\tblank\tvalues")
			for _, col := range p.Columns {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", col.Name, col.Kind, col.Blank, col.Summary(p.Rows))
			}
			tw.Flush()
			for _, col := range p.Columns {
				if len(col.Suspicious) > 0 {
					fmt.Fprintf(w, "\n%s: %d cells are not numbers the loaders read:\n", col.Name, col.Refused)
					for _, s := range col.Suspicious {
						fmt.Fprintf(w, "  %s\n", s)
					}
				}
			}
			if p.CodeColumn == "" {
				fmt.Fprintln(w, "\nno column holds ONS area codes (E01..., W01...)")
				return nil
			}
			return coverage(c, p, data)
		},
	}
	c.Flags().StringVar(&data, "data", "data", "the shipped data folder (its ONS lookups name vintages and districts)")
	return c
}

// coverage says which LSOA vintage the codes are and how fully they cover
// each district.
func coverage(c *cobra.Command, p *indicators.Profile, data string) error {
	w := c.OutOrStdout()
	lookups := []struct {
		vintage, file string
		l             geo.AreaLookup
	}{
		{geo.LSOA11, "lookups/lsoa11_ward19_lad19_england_wales.csv.gz",
			geo.AreaLookup{Area: "LSOA11CD", AreaName: "LSOA11NM", Ward: "WD19CD", WardName: "WD19NM", District: "LAD19CD", DistrictName: "LAD19NM"}},
		{geo.LSOA21, "lookups/lsoa21_ward24_lad24_england_wales.csv.gz",
			geo.AreaLookup{Area: "lsoa21_code", AreaName: "lsoa21_name", Ward: "ward24_code", WardName: "ward24_name", District: "ltla24_code", DistrictName: "ltla24_name"}},
	}
	have := map[string]bool{}
	for _, code := range p.Codes {
		have[code] = true
	}
	fmt.Fprintf(w, "\narea codes in %q: %d (%d distinct)\n", p.CodeColumn, len(p.Codes), len(have))
	for _, lk := range lookups {
		lk.l.File = filepath.Join(data, lk.file)
		areas, err := geo.LoadAreas(lk.l, "")
		if err != nil {
			return err
		}
		total, covered, names := map[string]int{}, map[string]int{}, map[string]string{}
		matched := 0
		for i, code := range areas.Codes {
			d := areas.Districts[i]
			total[d]++
			names[d] = areas.DistrictNames[i]
			if have[code] {
				covered[d]++
				matched++
			}
		}
		if matched == 0 {
			fmt.Fprintf(w, "  %s: none of the codes\n", lk.vintage)
			continue
		}
		full, partial := 0, []string{}
		for _, d := range slices.Sorted(func(yield func(string) bool) {
			for d := range covered {
				if !yield(d) {
					return
				}
			}
		}) {
			if covered[d] == total[d] {
				full++
			} else {
				partial = append(partial, fmt.Sprintf("%s %s %d of %d", d, names[d], covered[d], total[d]))
			}
		}
		fmt.Fprintf(w, "  %s: %d of the codes (%d not %s); districts covered fully: %d", lk.vintage, matched, len(have)-matched, lk.vintage, full)
		if len(partial) > 0 {
			fmt.Fprintf(w, "; partly: %s", strings.Join(partial[:min(10, len(partial))], "; "))
			if len(partial) > 10 {
				fmt.Fprintf(w, " and %d more", len(partial)-10)
			}
		}
		fmt.Fprintln(w)
	}
	return nil
}
