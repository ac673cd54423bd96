package engine

import (
	"compress/gzip"
	"encoding/csv"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
)

// iodRow is one output row of IoDSummary, read back from the record.
type iodRow struct {
	code                                           string
	nAreas                                         int64
	pop, avgRank, avgScore, prop10, extent, lc, sc float64
	rAvgRank, rAvgScore, rProp10, rExtent, rLC     int64
	rScale                                         int64
}

func iodRows(t testing.TB, rec arrow.RecordBatch) []iodRow {
	t.Helper()
	codes, err := Strings(rec, "group_code")
	if err != nil {
		t.Fatal(err)
	}
	f := func(name string) []float64 {
		v, err := Floats(rec, name)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	i := func(name string) []int64 {
		v, err := Ints(rec, name)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	nA, pop := i("n_areas"), f("population")
	ar, rar := f("average_rank"), i("rank_of_average_rank")
	as, ras := f("average_score"), i("rank_of_average_score")
	p10, rp10 := f("proportion_most_deprived_10pct"), i("rank_of_proportion_most_deprived_10pct")
	ex, rex := f("extent"), i("rank_of_extent")
	lc, rlc := f("local_concentration"), i("rank_of_local_concentration")
	var sc []float64
	var rsc []int64
	hasScale := rec.Schema().HasField("scale")
	if hasScale {
		sc, rsc = f("scale"), i("rank_of_scale")
	}
	out := make([]iodRow, len(codes))
	for k := range out {
		out[k] = iodRow{code: codes[k], nAreas: nA[k], pop: pop[k],
			avgRank: ar[k], avgScore: as[k], prop10: p10[k], extent: ex[k], lc: lc[k],
			rAvgRank: rar[k], rAvgScore: ras[k], rProp10: rp10[k], rExtent: rex[k], rLC: rlc[k]}
		if hasScale {
			out[k].sc, out[k].rScale = sc[k], rsc[k]
		}
	}
	return out
}

func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func TestIoDSummaryColumns(t *testing.T) {
	in := SummaryInput{Groups: []string{"g"}, Rank: []float64{1}, Score: []float64{1}, Population: []float64{1}, N: 10}
	want := []string{"group_code", "n_areas", "population",
		"average_rank", "rank_of_average_rank", "average_score", "rank_of_average_score",
		"proportion_most_deprived_10pct", "rank_of_proportion_most_deprived_10pct",
		"extent", "rank_of_extent", "local_concentration", "rank_of_local_concentration"}
	for _, withCount := range []bool{false, true} {
		if withCount {
			in.Count = []float64{3}
			want = append(want, "scale", "rank_of_scale")
		}
		rec, err := IoDSummary(in)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i, f := range rec.Schema().Fields() {
			got = append(got, f.Name)
			isRank := strings.HasPrefix(f.Name, "rank_of_") || f.Name == "n_areas"
			switch {
			case f.Name == "group_code":
			case isRank && f.Type.ID() != arrow.INT64, !isRank && f.Type.ID() != arrow.FLOAT64:
				t.Errorf("column %d %s has type %s", i, f.Name, f.Type)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("count=%v: columns\n%v\nwant\n%v", withCount, got, want)
		}
		rec.Release()
	}
}

// TestIoDSummaryHand checks every measure against hand arithmetic, N = 1000
// so national percentile p covers ranks 10(p-1)+1..10p.
func TestIoDSummaryHand(t *testing.T) {
	in := SummaryInput{
		//                 A: local concentration fills 10% with one whole area.
		//                 B: the 10% line falls inside the third area.
		Groups:     []string{"B", "A", "B", "A", "B", "A", "B"},
		Rank:       []float64{50, 1, 150, 500, 250, 1000, 900},
		Score:      []float64{40, 50, 30, 20, 20, 5, 10},
		Population: []float64{30, 100, 50, 200, 100, 700, 820},
		Count:      []float64{3, 10, 5, 20, 10, 70, 82},
		N:          1000,
	}
	rec, err := IoDSummary(in)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	rows := iodRows(t, rec)
	w15 := 0.95 - 4*0.9/19  // percentile 15
	w25 := 0.95 - 14*0.9/19 // percentile 25
	want := []iodRow{
		{code: "A", nAreas: 3, pop: 1000,
			// (100*1000 + 200*501 + 700*1) / 1000
			avgRank: 200.9,
			// (100*50 + 200*20 + 700*5) / 1000
			avgScore: 12.5,
			prop10:   1.0 / 3,
			// only rank 1 (p = 1) is within the 30%: 100 / 1000
			extent: 0.1,
			// 10% of 1000 = 100 people = exactly the rank-1 area, reversed rank 1000
			lc: 1000,
			sc: 100},
		{code: "B", nAreas: 4, pop: 1000,
			// (30*951 + 50*851 + 100*751 + 820*101) / 1000
			avgRank: 229,
			// (30*40 + 50*30 + 100*20 + 820*10) / 1000
			avgScore: 12.9,
			prop10:   0.25,
			// (30*1 + 50*w15 + 100*w25 + 820*0) / 1000
			extent: (30 + 50*w15 + 100*w25) / 1000,
			// 100 people: all 30 of rank 50, all 50 of rank 150, 20 of rank 250's 100
			lc: (30*951 + 50*851 + 20*751) / 100.0,
			sc: 100},
	}
	// B is higher on average rank and average score; A on proportion, extent
	// and local concentration.
	want[0].rAvgRank, want[1].rAvgRank = 2, 1
	want[0].rAvgScore, want[1].rAvgScore = 2, 1
	want[0].rProp10, want[1].rProp10 = 1, 2
	want[0].rExtent, want[1].rExtent = 1, 2
	want[0].rLC, want[1].rLC = 1, 2
	want[0].rScale, want[1].rScale = 1, 1 // a tie: both 100
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for k, w := range want {
		g := rows[k]
		if g.code != w.code || g.nAreas != w.nAreas {
			t.Errorf("row %d: code %s n %d, want %s %d", k, g.code, g.nAreas, w.code, w.nAreas)
		}
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"population", g.pop, w.pop}, {"average_rank", g.avgRank, w.avgRank},
			{"average_score", g.avgScore, w.avgScore}, {"proportion", g.prop10, w.prop10},
			{"extent", g.extent, w.extent}, {"local_concentration", g.lc, w.lc},
			{"scale", g.sc, w.sc},
		} {
			if !near(c.got, c.want) {
				t.Errorf("%s %s = %.12g, want %.12g", w.code, c.name, c.got, c.want)
			}
		}
		gotR := []int64{g.rAvgRank, g.rAvgScore, g.rProp10, g.rExtent, g.rLC, g.rScale}
		wantR := []int64{w.rAvgRank, w.rAvgScore, w.rProp10, w.rExtent, w.rLC, w.rScale}
		if !slices.Equal(gotR, wantR) {
			t.Errorf("%s ranks %v, want %v", w.code, gotR, wantR)
		}
	}
}

// TestIoDSummaryTaper checks the extent weight and the decile-1 test at the
// percentile edges, one single-area group per rank (N = 1000).
func TestIoDSummaryTaper(t *testing.T) {
	cases := []struct {
		rank   float64
		extent float64
		top10  float64
	}{
		{1, 1, 1},
		{91, 1, 1},                 // p = 10
		{100, 1, 1},                // p = 10, last rank of decile 1
		{101, 0.95, 0},             // p = 11
		{110, 0.95, 0},             // p = 11
		{111, 0.95 - 0.9/19, 0},    // p = 12
		{200, 0.95 - 9*0.9/19, 0},  // p = 20
		{291, 0.05, 0},             // p = 30
		{300, 0.05, 0},             // p = 30
		{301, 0, 0},                // p = 31
		{310, 0, 0},                // p = 31
		{1000, 0, 0},               // p = 100
		{281, 0.95 - 18*0.9/19, 0}, // p = 29
		{299, 0.05, 0},             // p = 30 too: ceil(29.9)
	}
	var in SummaryInput
	in.N = 1000
	for k, c := range cases {
		in.Groups = append(in.Groups, string(rune('a'+k)))
		in.Rank = append(in.Rank, c.rank)
		in.Score = append(in.Score, 0)
		in.Population = append(in.Population, 7)
	}
	rec, err := IoDSummary(in)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	rows := iodRows(t, rec)
	for k, c := range cases {
		g := rows[k]
		if !near(g.extent, c.extent) || g.prop10 != c.top10 {
			t.Errorf("rank %g: extent %.12g proportion %g, want %.12g %g", c.rank, g.extent, g.prop10, c.extent, c.top10)
		}
	}
}

func TestCompetitionRank(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		v    []float64
		want []int64
	}{
		{nil, []int64{}},
		{[]float64{3}, []int64{1}},
		{[]float64{1, 2, 2, 3}, []int64{4, 2, 2, 1}},
		{[]float64{5, 5, 5}, []int64{1, 1, 1}},
		{[]float64{3, 5, 5, 1, nan, 5, nan}, []int64{4, 1, 1, 5, -1, 1, -1}}, // -1: no rank
		{[]float64{nan, 0, -1}, []int64{-1, 1, 2}},
		{[]float64{nan, nan}, []int64{-1, -1}}, // a measure with no values ranks nobody
	}
	for _, c := range cases {
		got, valid := competitionRank(c.v)
		for i := range got {
			if !valid[i] {
				got[i] = -1
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("competitionRank(%v) = %v, want %v", c.v, got, c.want)
		}
	}
}

// TestIoDSummaryTiesAndNaN: equal measures share the smallest rank and a NaN
// average score has no rank (blank), not a rank after the others.
func TestIoDSummaryTiesAndNaN(t *testing.T) {
	in := SummaryInput{
		Groups:     []string{"w", "x", "y", "z", "z"},
		Rank:       []float64{1, 1, 5, 50, 60},
		Score:      []float64{9, math.NaN(), 9, 1, 2},
		Population: []float64{10, 10, 10, 10, 0},
		N:          100,
	}
	rec, err := IoDSummary(in)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	rows := iodRows(t, rec)
	var rAR, rAS, rP []int64
	for _, r := range rows {
		rAR = append(rAR, r.rAvgRank)
		rAS = append(rAS, r.rAvgScore)
		rP = append(rP, r.rProp10)
	}
	// average ranks 100, 100, 96, 51; scores 9, NaN, 9, 1 (z's second area has
	// no people); decile 1 = ranks 1..10: proportions 1, 1, 1, 0.
	if want := []int64{1, 1, 3, 4}; !slices.Equal(rAR, want) {
		t.Errorf("rank_of_average_rank %v, want %v", rAR, want)
	}
	if want := []int64{1, 0, 1, 3}; !slices.Equal(rAS, want) || !rec.Column(rec.Schema().FieldIndices("rank_of_average_score")[0]).IsNull(1) {
		t.Errorf("rank_of_average_score %v, want %v with the second blank", rAS, want)
	}
	if want := []int64{1, 1, 1, 4}; !slices.Equal(rP, want) {
		t.Errorf("rank_of_proportion %v, want %v", rP, want)
	}
	if !math.IsNaN(rows[1].avgScore) || rows[3].avgScore != 1 {
		t.Errorf("average scores %v %v, want NaN 1", rows[1].avgScore, rows[3].avgScore)
	}
}

func TestIoDSummaryErrors(t *testing.T) {
	ok := func() SummaryInput {
		return SummaryInput{Groups: []string{"a", "b"}, Rank: []float64{1, 2},
			Score: []float64{1, 2}, Population: []float64{1, 1}, N: 10}
	}
	cases := []struct {
		name string
		edit func(*SummaryInput)
		want string
	}{
		{"short rank", func(in *SummaryInput) { in.Rank = in.Rank[:1] }, "different lengths"},
		{"short count", func(in *SummaryInput) { in.Count = []float64{1} }, "different lengths"},
		{"N zero", func(in *SummaryInput) { in.N = 0 }, "N (areas nationally)"},
		{"rank zero", func(in *SummaryInput) { in.Rank[1] = 0 }, `area 1 (group "b") has rank 0`},
		{"rank above N", func(in *SummaryInput) { in.Rank[0] = 11 }, `area 0 (group "a") has rank 11`},
		{"rank fraction", func(in *SummaryInput) { in.Rank[1] = 2.5 }, "rank 2.5"},
		{"rank NaN", func(in *SummaryInput) { in.Rank[0] = math.NaN() }, "rank NaN"},
		{"negative population", func(in *SummaryInput) { in.Population[1] = -1 }, `area 1 (group "b") has population -1`},
		{"NaN population", func(in *SummaryInput) { in.Population[0] = math.NaN() }, "population NaN"},
		{"zero group population", func(in *SummaryInput) { in.Population[1] = 0 }, `group "b" has zero total population`},
	}
	for _, c := range cases {
		in := ok()
		c.edit(&in)
		_, err := IoDSummary(in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

const iod2019File = "../data/iod2019/iod2019_lsoa11_england.csv.gz"

// loadIoD2019 reads the national IoD 2019 LSOA file grouped by LAD.
func loadIoD2019(tb testing.TB) SummaryInput {
	tb.Helper()
	f, err := os.Open(iod2019File)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	r := csv.NewReader(gz)
	header, err := r.Read()
	if err != nil {
		tb.Fatal(err)
	}
	col := func(name string) int {
		i := slices.Index(header, name)
		if i < 0 {
			tb.Fatalf("column %q not in %s", name, iod2019File)
		}
		return i
	}
	cLAD := col("Local Authority District code (2019)")
	cScore := col("Index of Multiple Deprivation (IMD) Score")
	cRank := col("Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)")
	cPop := col("Total population: mid 2015 (excluding prisoners)")
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
	in := SummaryInput{N: 32844}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		in.Groups = append(in.Groups, rec[cLAD])
		in.Score = append(in.Score, num(rec[cScore]))
		in.Rank = append(in.Rank, num(rec[cRank]))
		in.Population = append(in.Population, num(rec[cPop]))
	}
	return in
}

// TestIoDSummaryIoD2019 summarises the national IMD 2019 by local authority
// district and checks it against independent loops and published rankings.
//
// Published facts asserted here, from Manchester City Council, "Indices of
// Deprivation 2019: A measure of Manchester's relative level of deprivation"
// (PRI, 2019, slides 2-3; copy at
// https://pdfslide.us/documents/indices-of-deprivation-2019v2-manchester.html):
//   - Rank of Average Score 1..6: Blackpool, Knowsley, Liverpool, Hull,
//     Middlesbrough, Manchester;
//   - Rank of Average Rank 1..4: Blackpool, Manchester, Knowsley, Liverpool
//     (then Barking and Dagenham, Birmingham, Hackney, Sandwell, Hull,
//     Nottingham);
//   - 43% of Manchester's LSOAs (122 of 282) are in the most deprived 10%;
//   - Manchester is 2nd on Rank of Extent, 5th on Rank of % LSOAs in the
//     most deprived decile and 13th on Rank of Local Concentration.
//
// and MHCLG, "The English Indices of Deprivation 2019 Statistical Release"
// (26 September 2019, key findings; copy at
// https://documents.pub/document/the-english-indices-of-deprivation-2019-high-ranking-lsoas-or-neighbourhoods-can.html):
// Middlesbrough, Liverpool, Knowsley,
// Kingston upon Hull and Manchester have the highest proportions of
// neighbourhoods among the most deprived in England.
func TestIoDSummaryIoD2019(t *testing.T) {
	in := loadIoD2019(t)
	if len(in.Rank) != in.N {
		t.Fatalf("%d LSOAs, want %d", len(in.Rank), in.N)
	}
	rec, err := IoDSummary(in)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	rows := iodRows(t, rec)
	if len(rows) != 317 {
		t.Fatalf("%d districts, want 317", len(rows))
	}
	byCode := map[string]iodRow{}
	for _, r := range rows {
		byCode[r.code] = r
	}

	const manchester = "E08000003"
	var n, top10 int
	var pop, wScore float64
	for i, g := range in.Groups {
		if g != manchester {
			continue
		}
		n++
		pop += in.Population[i]
		wScore += in.Population[i] * in.Score[i]
		if in.Rank[i] <= 3284 {
			top10++
		}
	}
	m := byCode[manchester]
	if m.nAreas != 282 || n != 282 {
		t.Errorf("Manchester has %d areas (loop %d), want 282", m.nAreas, n)
	}
	if math.Abs(m.avgScore-wScore/pop) > 1e-9 {
		t.Errorf("Manchester average_score %.12g, loop gives %.12g", m.avgScore, wScore/pop)
	}
	if want := float64(top10) / 282; m.prop10 != want {
		t.Errorf("Manchester proportion %.6g, loop gives %d/282 = %.6g", m.prop10, top10, want)
	}
	if top10 != 122 {
		t.Errorf("Manchester has %d LSOAs in decile 1, published 122", top10)
	}
	t.Logf("Manchester: average rank %.3f (rank %d), average score %.3f (rank %d), decile 1 %d/282 = %.4f (rank %d), extent %.4f (rank %d), local concentration %.1f (rank %d)",
		m.avgRank, m.rAvgRank, m.avgScore, m.rAvgScore, top10, m.prop10, m.rProp10, m.extent, m.rExtent, m.lc, m.rLC)

	lads := map[string]string{
		"E06000009": "Blackpool", "E08000011": "Knowsley", "E08000012": "Liverpool",
		"E06000010": "Kingston upon Hull", "E06000002": "Middlesbrough", manchester: "Manchester",
	}
	published := []struct {
		measure string
		rank    func(iodRow) int64
		want    map[string]int64
	}{
		{"rank_of_average_score", func(r iodRow) int64 { return r.rAvgScore }, map[string]int64{
			"E06000009": 1, "E08000011": 2, "E08000012": 3, "E06000010": 4, "E06000002": 5, manchester: 6}},
		{"rank_of_average_rank", func(r iodRow) int64 { return r.rAvgRank }, map[string]int64{
			"E06000009": 1, manchester: 2, "E08000011": 3, "E08000012": 4, "E06000010": 9}},
		{"rank_of_proportion_most_deprived_10pct", func(r iodRow) int64 { return r.rProp10 }, map[string]int64{
			"E06000002": 1, "E08000012": 2, "E08000011": 3, "E06000010": 4, manchester: 5}},
		{"rank_of_extent", func(r iodRow) int64 { return r.rExtent }, map[string]int64{manchester: 2}},
		{"rank_of_local_concentration", func(r iodRow) int64 { return r.rLC }, map[string]int64{manchester: 13}},
	}
	for _, p := range published {
		for code, want := range p.want {
			if got := p.rank(byCode[code]); got != want {
				t.Errorf("%s %s = %d, published %d", lads[code], p.measure, got, want)
			}
		}
	}
}

// BenchmarkIoDSummary summarises the 32,844 LSOAs of IMD 2019 into 317 LADs.
func BenchmarkIoDSummary(b *testing.B) {
	in := loadIoD2019(b)
	b.ReportAllocs()
	for b.Loop() {
		rec, err := IoDSummary(in)
		if err != nil {
			b.Fatal(err)
		}
		rec.Release()
	}
}
