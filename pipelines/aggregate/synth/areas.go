package synth

import (
	"fmt"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/indicators"
)

// Inputs names the real files the generator takes its areas from.
type Inputs struct {
	Boundaries string // GeoJSON of the areas (WGS84)
	CodeProp   string // the area-code property, e.g. area_code
	IoD        string // IoD 2019 file (income score, population denominators)
	Households string // file with households per area (BEIS fuel poverty)
}

// IoD 2019 and fuel-poverty columns the generator reads.
const (
	colIoDCode    = "LSOA code (2011)"
	colIncome     = "Income Score - exponentially transformed"
	colPopulation = "Total population: mid 2015 (excluding prisoners)"
	colChildren   = "Dependent Children aged 0-15: mid 2015 (excluding prisoners)"
	colOlder      = "Older population aged 60 and over: mid 2015 (excluding prisoners)"
	colFPCode     = "LSOA Code"
	colHouseholds = "Number of households"
)

// LoadAreas reads the boundaries and joins each area's denominators and
// income deprivation. An area missing from either file is an error.
func LoadAreas(in Inputs) ([]Area, error) {
	b, err := geo.LoadGeoJSON(nil, in.Boundaries, in.CodeProp)
	if err != nil {
		return nil, err
	}
	iod, err := indicators.LoadCSV(indicators.Spec{File: in.IoD, Code: colIoDCode,
		Columns: []string{colIncome, colPopulation, colChildren, colOlder}})
	if err != nil {
		return nil, err
	}
	hh, err := indicators.LoadCSV(indicators.Spec{File: in.Households, Code: colFPCode, Columns: []string{colHouseholds}})
	if err != nil {
		return nil, err
	}
	cols := map[string][]float64{}
	for _, c := range []string{colIncome, colPopulation, colChildren, colOlder} {
		if cols[c], err = iod.Column(c); err != nil {
			return nil, err
		}
	}
	hcol, err := hh.Column(colHouseholds)
	if err != nil {
		return nil, err
	}
	iodRow := index(iod.Codes())
	hhRow := index(hh.Codes())
	var out []Area
	for code, g := range b.Geoms {
		i, ok := iodRow[code]
		if !ok {
			return nil, fmt.Errorf("%s: no row for area %s of %s", in.IoD, code, in.Boundaries)
		}
		j, ok := hhRow[code]
		if !ok {
			return nil, fmt.Errorf("%s: no row for area %s of %s", in.Households, code, in.Boundaries)
		}
		out = append(out, Area{Code: code, Geom: g, Income: cols[colIncome][i], Population: cols[colPopulation][i],
			Children: cols[colChildren][i], Older: cols[colOlder][i], Households: hcol[j]})
	}
	return out, nil
}

func index(codes []string) map[string]int {
	m := make(map[string]int, len(codes))
	for i, c := range codes {
		m[c] = i
	}
	return m
}
