package score

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
)

func scoreExampleFile(t *testing.T, name string, by ...string) *result.Result {
	t.Helper()
	sc, err := scenario.Load("../../examples/" + name)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc, Options{By: by}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

var summaryHeader = "group_code,group_name,n_areas,population,average_rank,rank_of_average_rank,average_score,rank_of_average_score," +
	"proportion_most_deprived_10pct,rank_of_proportion_most_deprived_10pct,extent,rank_of_extent,local_concentration,rank_of_local_concentration"

// The 317 local-authority summaries of the official IMD 2019.
func TestSummariseIMD2019ByLAD(t *testing.T) {
	if testing.Short() {
		t.Skip("national scale: summarises all 32,844 LSOAs into 317 districts; runs without -short")
	}
	res := scoreExampleFile(t, "iod2019-england.yaml")
	rec, rep, err := result.Summarise(res, "lad", "")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range rec.Schema().Fields() {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, ","); got != summaryHeader {
		t.Fatalf("columns\n%s\nwant\n%s", got, summaryHeader)
	}
	if rec.NumRows() != 317 || rep.Groups != 317 || rep.N != 32844 || rep.Vintage != "lsoa11" || !strings.HasSuffix(rep.Lookup, "lsoa11_ward19_lad19_england_wales.csv.gz") {
		t.Fatalf("%d rows; report %+v", rec.NumRows(), rep)
	}
	codes, _ := engine.Strings(rec, "group_code")
	gnames, _ := engine.Strings(rec, "group_name")
	n, _ := engine.Ints(rec, "n_areas")
	avgScore, _ := engine.Floats(rec, "average_score")
	rar, _ := engine.Ints(rec, "rank_of_average_rank")
	ras, _ := engine.Ints(rec, "rank_of_average_score")
	m := slices.Index(codes, "E08000003")
	if m < 0 || n[m] != 282 || gnames[m] != "Manchester" {
		t.Fatalf("Manchester row: %d, n %v", m, n)
	}

	// Manchester's average score, computed independently from the file.
	pub := published(t, filepath.Join(repoData(t), "iod2019/iod2019_lsoa11_england.csv.gz"), "LSOA code (2011)",
		"Index of Multiple Deprivation (IMD) Score", "Total population: mid 2015 (excluding prisoners)")
	var sw, s float64
	for i, c := range res.Geography.Codes {
		if res.Geography.Districts[i] == "E08000003" {
			s += pub[c][0] * pub[c][1]
			sw += pub[c][1]
		}
	}
	if math.Abs(avgScore[m]-s/sw) > 1e-9 {
		t.Errorf("Manchester average score %.9f, independent %.9f", avgScore[m], s/sw)
	}

	// Published IoD 2019 district rankings (Manchester City Council PRI,
	// "Indices of Deprivation 2019: a measure of Manchester's relative level
	// of deprivation", slides 2-3, from the MHCLG File 10 tables).
	byRank := func(rank []int64, k int64) string {
		for i, r := range rank {
			if r == k {
				return gnames[i]
			}
		}
		return ""
	}
	wantAvgRank := []string{"Blackpool", "Manchester", "Knowsley", "Liverpool", "Barking and Dagenham", "Birmingham", "Hackney", "Sandwell", "Kingston upon Hull, City of", "Nottingham"}
	for k, want := range wantAvgRank {
		if got := byRank(rar, int64(k+1)); got != want {
			t.Errorf("rank of average rank %d: %s, published %s", k+1, got, want)
		}
	}
	wantAvgScore := []string{"Blackpool", "Knowsley", "Liverpool", "Kingston upon Hull, City of", "Middlesbrough", "Manchester"}
	for k, want := range wantAvgScore {
		if got := byRank(ras, int64(k+1)); got != want {
			t.Errorf("rank of average score %d: %s, published %s", k+1, got, want)
		}
	}
}

func TestSummariseGroupings(t *testing.T) {
	res := scoreExampleFile(t, "cost-of-living.yaml", "msoa", "LAD19NM")
	for _, tc := range []struct {
		by     string
		groups int
	}{{"ward", 32}, {"lad", 1}, {"msoa", 57}, {"LAD19NM", 1}} {
		rec, rep, err := result.Summarise(res, tc.by, "")
		if err != nil {
			t.Fatalf("--by %s: %v", tc.by, err)
		}
		if int(rec.NumRows()) != tc.groups || rep.N != 282 {
			t.Errorf("--by %s: %d groups (N %d), want %d", tc.by, rec.NumRows(), rep.N, tc.groups)
		}
		pop, _ := engine.Floats(rec, "population")
		var total float64
		for _, p := range pop {
			total += p
		}
		if math.Abs(total-sumPop(t, res)) > 1e-6 {
			t.Errorf("--by %s: population %g not conserved", tc.by, total)
		}
	}
	if _, _, err := result.Summarise(res, "nonsense", ""); err == nil || !strings.Contains(err.Error(), "msoa") {
		t.Errorf("a grouping the run did not read: %v", err)
	}
	sc, _ := scenario.Load("../../examples/cost-of-living.yaml")
	if _, err := Load(sc, Options{By: []string{"nonsense"}}); err == nil || !strings.Contains(err.Error(), "msoa") || !strings.Contains(err.Error(), "nonsense") {
		t.Errorf("unknown grouping: %v", err)
	}
	// The ward summary is also a GeoPackage layer.
	rec, rep, _ := result.Summarise(res, "ward", "")
	files, err := result.WriteSummary(res, rec, rep, filepath.Join(t.TempDir(), "wards.csv"))
	if err != nil || len(files) != 3 || !strings.HasSuffix(files[1], "wards.gpkg") {
		t.Errorf("WriteSummary: %v %v", files, err)
	}
}

func sumPop(t *testing.T, res *result.Result) float64 {
	p, _ := engine.Floats(res.Areas, "population")
	var s float64
	for _, x := range p {
		s += x
	}
	return s
}

// The employment domain summary is weighted by the working-age population.
func TestSummariseEmploymentDenominator(t *testing.T) {
	if testing.Short() {
		t.Skip("national scale: summarises all 32,844 LSOAs into 317 districts; runs without -short")
	}
	res := scoreExampleFile(t, "iod2019-england-employment.yaml")
	rec, _, err := result.Summarise(res, "lad", "")
	if err != nil {
		t.Fatal(err)
	}
	codes, _ := engine.Strings(rec, "group_code")
	pop, _ := engine.Floats(rec, "population")
	score, _ := engine.Floats(rec, "average_score")
	pub := published(t, filepath.Join(repoData(t), "iod2019/iod2019_lsoa11_england.csv.gz"), "LSOA code (2011)",
		"Working age population 18-59/64: for use with Employment Deprivation Domain (excluding prisoners)")
	var want float64
	for i, c := range res.Geography.Codes {
		if res.Geography.Districts[i] == "E08000003" {
			want += pub[c][0]
		}
	}
	m := slices.Index(codes, "E08000003")
	if math.Abs(pop[m]-want) > 1e-6 || !math.IsNaN(score[m]) {
		t.Errorf("Manchester working-age population %g, want %g; average score %g, want empty (no domain scores shipped)", pop[m], want, score[m])
	}
}

// --apportion population splits areas between wards by population share:
// people are conserved and a split area counts in both wards.
func TestSummariseApportioned(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-second: scores cost-of-living with ward shares from the national files; runs without -short")
	}
	sc, err := costOfLiving(t, func(s string) string {
		abs, _ := filepath.Abs("../../testdata/wardshares/manchester_ward_shares.csv")
		return strings.Replace(s, "  groupings:\n", "  ward_shares: {file: "+abs+", area: lsoa11cd, ward: wd19cd, ward_name: wd19nm, share: people}\n  groupings:\n", 1)
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc, Options{WardShares: true}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	best, _, err := result.Summarise(res, "ward", "")
	if err != nil {
		t.Fatal(err)
	}
	app, rep, err := result.Summarise(res, "ward", "population")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rep.By, "apportioned") || !strings.HasSuffix(rep.Lookup, "manchester_ward_shares.csv") {
		t.Errorf("report %+v", rep)
	}
	pb, _ := engine.Floats(best, "population")
	pa, _ := engine.Floats(app, "population")
	nb, _ := engine.Ints(best, "n_areas")
	na, _ := engine.Ints(app, "n_areas")
	if math.Abs(sum(pb)-sum(pa)) > 1e-6 || sumInt(na) != sumInt(nb)+3 {
		t.Errorf("population %g vs %g; areas %d vs %d (+3 split areas expected)", sum(pb), sum(pa), sumInt(na), sumInt(nb))
	}
	if _, _, err := result.Summarise(res, "lad", "population"); err == nil {
		t.Error("--apportion population --by lad: no error")
	}
	res2 := scoreExampleFile(t, "cost-of-living.yaml")
	if _, _, err := result.Summarise(res2, "ward", "population"); err == nil || !strings.Contains(err.Error(), "ward_shares") {
		t.Errorf("no ward_shares: %v", err)
	}
}

func sum(v []float64) (s float64) {
	for _, x := range v {
		s += x
	}
	return s
}

func sumInt(v []int64) (s int64) {
	for _, x := range v {
		s += x
	}
	return s
}

// The IoD 2025 Manchester example summarises on the national basis MHCLG
// publishes: national ranks out of 33,755 and mid-2022 populations (the
// district's 566,778 people), not the rebuilt score among its own 295 areas;
// a measure with no values is blank and unranked, with a warning.
func TestSummariseIoD2025ManchesterNationalBasis(t *testing.T) {
	res := scoreExampleFile(t, "imd2025-manchester.yaml")
	rec, rep, err := result.Summarise(res, "lad", "")
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	pop, _ := engine.Floats(rec, "population")
	names, _ := engine.Strings(rec, "group_name")
	if rep.N != 33755 || len(pop) != 1 || pop[0] != 566778 || names[0] != "Manchester" {
		t.Errorf("N %d, population %v, names %v; want 33755, [566778], [Manchester]", rep.N, pop, names)
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings %v", rep.Warnings)
	}
}
