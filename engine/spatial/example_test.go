package spatial_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"strconv"

	"github.com/manchester-insight/targeting/engine/spatial"
)

// Columbus (Anselin 1988) residential burglaries and vehicle thefts per
// thousand households, queen contiguity, row-standardised: global test,
// LISA clusters at alpha 0.05 and with a false discovery rate of 5%.
func Example() {
	f, err := os.Open("../../testdata/spatial_reference/columbus/columbus_queen.gal")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	w, _, err := spatial.ReadGAL(f)
	if err != nil {
		panic(err)
	}
	w = w.RowStandardise()
	crime := column("../../testdata/spatial_reference/columbus/columbus.csv", "CRIME")

	g := spatial.MoranI(crime, w)
	fmt.Printf("Moran's I %.4f, z %.2f (randomisation), pseudo p %.3f\n",
		g.I, g.ZRand, spatial.MoranPermutation(crime, w, 999, 1))

	res := spatial.LocalMoran(crime, w, 999, 1)
	count := func() map[spatial.Label]int {
		c := map[spatial.Label]int{}
		for _, r := range res {
			c[r.Cluster]++
		}
		return c
	}
	c := count()
	fmt.Println("alpha 0.05:", c[spatial.HighHigh], "High-High,", c[spatial.LowLow], "Low-Low")
	spatial.Classify(res, spatial.FDR(spatial.PValues(res), 0.05))
	c = count()
	fmt.Println("FDR 0.05:  ", c[spatial.HighHigh], "High-High,", c[spatial.LowLow], "Low-Low")
	// Output:
	// Moran's I 0.5002, z 5.59 (randomisation), pseudo p 0.001
	// alpha 0.05: 11 High-High, 6 Low-Low
	// FDR 0.05:   7 High-High, 2 Low-Low
}

// column reads one numeric column of a CSV file.
func column(path, name string) []float64 {
	f, err := os.Open(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		panic(err)
	}
	c := slices.Index(recs[0], name)
	out := make([]float64, 0, len(recs)-1)
	for _, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[c], 64)
		if err != nil {
			panic(err)
		}
		out = append(out, v)
	}
	return out
}
