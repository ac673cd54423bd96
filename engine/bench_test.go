package engine

import (
	"compress/gzip"
	"encoding/csv"
	"os"
	"strconv"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
)

// nationalInput reads the national IoD 2019 file (32,844 LSOAs) and the fuel
// poverty file into one engine input: 7 domain ranks + IDACI and IDAOPI ranks
// + fuel poverty = 10 indicators.
func nationalInput(b *testing.B) (arrow.RecordBatch, Model) {
	b.Helper()
	read := func(path string) [][]string {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		gz, err := gzip.NewReader(f)
		if err != nil {
			b.Fatal(err)
		}
		rows, err := csv.NewReader(gz).ReadAll()
		if err != nil {
			b.Fatal(err)
		}
		return rows
	}
	iod := read("../data/iod2019/iod2019_lsoa11_england.csv.gz")
	fp := read("../data/fuel_poverty/fuel_poverty_2020_lsoa11_england.csv.gz")
	fuel := map[string]float64{}
	for _, r := range fp[1:] {
		fuel[r[0]], _ = strconv.ParseFloat(r[7], 64)
	}
	col := map[string]int{}
	for i, h := range iod[0] {
		col[h] = i
	}
	domains := []struct {
		id, name string
		w        float64
	}{{"income", "Income", .225}, {"employment", "Employment", .225}, {"education", "Education, Skills and Training", .135},
		{"health", "Health Deprivation and Disability", .135}, {"crime", "Crime", .093}, {"barriers", "Barriers to Housing and Services", .093},
		{"living", "Living Environment", .093}}
	n := len(iod) - 1
	codes := make([]string, n)
	names := []string{ColCode}
	cols := []any{codes}
	m := Model{AllowWeightSum: true, Selection: &Rule{TopPercent: 10}}
	num := func(h string) []float64 {
		v := make([]float64, n)
		for i, r := range iod[1:] {
			v[i], _ = strconv.ParseFloat(r[col[h]], 64)
		}
		return v
	}
	for i, r := range iod[1:] {
		codes[i] = r[0]
	}
	exp := Normalisation{Method: Exponential, RankInput: true, N: 32844}
	for _, d := range domains {
		names = append(names, d.id)
		cols = append(cols, num(d.name+" Rank (where 1 is most deprived)"))
		m.Indicators = append(m.Indicators, Indicator{ID: d.id, Direction: HigherIsBetter, Norm: exp, Weight: d.w * 0.8})
	}
	names = append(names, "idaci", "idaopi", "fuel")
	cols = append(cols, num("Income Deprivation Affecting Children Index (IDACI) Rank (where 1 is most deprived)"),
		num("Income Deprivation Affecting Older People (IDAOPI) Rank (where 1 is most deprived)"))
	fv := make([]float64, n)
	for i, c := range codes {
		fv[i] = fuel[c]
	}
	cols = append(cols, fv)
	m.Indicators = append(m.Indicators,
		Indicator{ID: "idaci", Direction: HigherIsBetter, Norm: Normalisation{Method: Percentile}, Weight: 0.07},
		Indicator{ID: "idaopi", Direction: HigherIsBetter, Norm: Normalisation{Method: ZScore}, Weight: 0.07},
		Indicator{ID: "fuel", Norm: Normalisation{Method: MinMax}, Weight: 0.06})
	rec, err := NewRecord(names, cols)
	if err != nil {
		b.Fatal(err)
	}
	return rec, m
}

// BenchmarkScoreNational is the compute part of a national run (after load):
// normalise 10 indicators over 32,844 areas, aggregate, rank, band, select.
func BenchmarkScoreNational(b *testing.B) {
	rec, m := nationalInput(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Score(rec, m); err != nil {
			b.Fatal(err)
		}
	}
}
