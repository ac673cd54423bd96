package pipelines

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/parquet-go/parquet-go"

	"github.com/manchester-insight/targeting/indicators"
)

// The areas layer as Hive partitions by district: one GeoParquet file per
// district, every area once, and the folder reads back as one table (the
// indicators loader, as a data lake would) with the scored values.
func TestWritePartitioned(t *testing.T) {
	sc, err := costOfLiving(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Score(sc, quiet)
	if err != nil {
		t.Fatal(err)
	}
	// Manchester is one district: move some areas to a made-up second one,
	// and one to none, to get several partitions.
	areas := *res.areas
	areas.Districts = slices.Clone(areas.Districts)
	for i := range areas.Districts {
		switch {
		case i == 0:
			areas.Districts[i] = ""
		case i%3 == 0:
			areas.Districts[i] = "E08000999"
		}
	}
	res.areas = &areas
	dir := filepath.Join(t.TempDir(), "col_areas")
	layers := res.layers()
	if err := WritePartitioned(dir, res, layers[0]); err != nil {
		t.Fatal(err)
	}
	parts, _ := filepath.Glob(filepath.Join(dir, "*", "part-0.parquet"))
	want := []string{"lad=E08000003", "lad=E08000999", "lad=__HIVE_DEFAULT_PARTITION__"}
	var got []string
	total := 0
	for _, p := range parts {
		got = append(got, filepath.Base(filepath.Dir(p)))
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := f.Stat()
		pf, err := parquet.OpenFile(f, st.Size())
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := pf.Lookup("geo"); !ok {
			t.Errorf("%s has no GeoParquet metadata", p)
		}
		total += int(pf.NumRows())
		f.Close()
	}
	slices.Sort(got)
	if !slices.Equal(got, want) || total != int(res.Areas.NumRows()) {
		t.Errorf("partitions %v with %d rows; want %v with %d", got, total, want, res.Areas.NumRows())
	}
	tab, err := indicators.LoadParquet(indicators.Spec{File: dir, Code: "area_code", Columns: []string{"score", "rank"}})
	if err != nil {
		t.Fatal(err)
	}
	score, _ := tab.Column("score")
	byCode := map[string]float64{}
	for i, c := range tab.Codes() {
		byCode[c] = score[i]
	}
	codes := res.Areas.Column(0).(*array.String)
	scores := res.Areas.Column(int(res.Areas.Schema().FieldIndices("score")[0])).(*array.Float64)
	for i := 0; i < codes.Len(); i++ {
		if byCode[codes.Value(i)] != scores.Value(i) {
			t.Fatalf("%s: partitioned score %v, scored %v", codes.Value(i), byCode[codes.Value(i)], scores.Value(i))
		}
	}
	// The wards layer partitions too (by its wards' district).
	if err := WritePartitioned(filepath.Join(t.TempDir(), "wards"), res, layers[1]); err != nil {
		t.Fatal(err)
	}
}

// The scenario format geoparquet-partitioned writes NAME_areas/ with the
// other outputs, and a second run replaces it.
func TestWriteGeoParquetPartitioned(t *testing.T) {
	sc, err := costOfLiving(t, func(s string) string {
		return strings.Replace(s, "formats: [gpkg, csv]", "formats: [geoparquet-partitioned, csv]", 1)
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Score(sc, quiet)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for range 2 {
		files, err := Write(res, dir)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(files, filepath.Join(dir, sc.Slug()+"_areas")) {
			t.Errorf("outputs %v", files)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, sc.Slug()+"_areas", "lad=E08000003", "part-0.parquet")); err != nil {
		t.Error(err)
	}
}
