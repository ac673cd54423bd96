package indicators

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// writeParquet writes rows to dir/name (folders made as needed).
func writeParquet[T any](t testing.TB, dir, name string, rows []T) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[T](f, parquet.MaxRowsPerRowGroup(2))
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

type wideRow struct {
	Code  string   `parquet:"code"`
	Text  *string  `parquet:"a,optional"`
	Float *float64 `parquet:"b,optional"`
	Int   int64    `parquet:"c"`
}

func str(s string) *string   { return &s }
func num(v float64) *float64 { return &v }
func sameFloats(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) })
}

// The same cells as CSV and as Parquet load into the same table.
func TestLoadParquetMatchesCSV(t *testing.T) {
	dir := t.TempDir()
	pq := writeParquet(t, dir, "x.parquet", []wideRow{
		{" E1 ", str("1,200"), num(1.5), 3},
		{"E2", nil, nil, 4},
		{"E3", str(".."), num(2), -7},
		{"E4", str("7%"), num(0.1), 0},
	})
	csv := write(t, "x.csv", "code,a,b,c\n E1 ,\"1,200\",1.5,3\nE2,,,4\nE3,..,2,-7\nE4,7%,0.1,0\n")
	spec := Spec{Code: "code", Columns: []string{"a", "b", "c"}, NA: []string{".."}, Vintage: "lsoa11", Percent: true}
	spec.File = pq
	fromPQ, err := Load(spec)
	if err != nil {
		t.Fatal(err)
	}
	spec.File = csv
	fromCSV, err := Load(spec)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(fromPQ.Codes(), fromCSV.Codes()) || fromPQ.Vintage != "lsoa11" || fromPQ.File != pq {
		t.Errorf("codes %v vs %v, vintage %q, file %q", fromPQ.Codes(), fromCSV.Codes(), fromPQ.Vintage, fromPQ.File)
	}
	for _, c := range spec.Columns {
		a, _ := fromPQ.Column(c)
		b, _ := fromCSV.Column(c)
		if !sameFloats(a, b) {
			t.Errorf("column %s: parquet %v, csv %v", c, a, b)
		}
	}
	if !slices.Equal(fromPQ.Rows, []int{1, 2, 3, 4}) {
		t.Errorf("rows = %v, want record numbers 1..4", fromPQ.Rows)
	}
}

type partRow struct {
	Code  string  `parquet:"area_code"`
	Value float64 `parquet:"v"`
}

// A Hive-partitioned folder reads as one table; key=value folders are
// columns, hidden and underscore files are skipped.
func TestLoadParquetHive(t *testing.T) {
	root := t.TempDir()
	writeParquet(t, root, "lad=E08000003/year=2024/part-00000.parquet", []partRow{{"E01000002", 2}, {"E01000001", 1}})
	writeParquet(t, root, "lad=E08000001/year=2023/part-00000.parquet", []partRow{{"E01000009", 9}})
	writeParquet(t, root, "lad=E08000001/year=2023/.part-00001.parquet.crc", []partRow{{"X", 0}})
	writeParquet(t, root, "_temporary/part-00000.parquet", []partRow{{"Y", 0}})
	os.WriteFile(filepath.Join(root, "_SUCCESS"), nil, 0o644)
	os.WriteFile(filepath.Join(root, "lad=E08000003", "notes.txt"), []byte("x"), 0o644)
	if !IsParquet(root) {
		t.Fatal("a folder is Parquet")
	}
	tab, err := Load(Spec{File: root, Code: "area_code", Columns: []string{"v", "year"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tab.Codes(), ","); got != "E01000009,E01000002,E01000001" {
		t.Errorf("codes %s (want path order)", got)
	}
	v, _ := tab.Column("v")
	year, _ := tab.Column("year")
	if !sameFloats(v, []float64{9, 2, 1}) || !sameFloats(year, []float64{2023, 2024, 2024}) || !slices.Equal(tab.Rows, []int{1, 2, 3}) {
		t.Errorf("v %v year %v rows %v", v, year, tab.Rows)
	}
	// A partition key can be the area code itself.
	byCode := t.TempDir()
	writeParquet(t, byCode, "area_code=E01000001/part-0.parquet", []struct {
		V float64 `parquet:"v"`
	}{{5}})
	tab, err = LoadParquet(Spec{File: byCode, Code: "area_code", Columns: []string{"v"}})
	if err != nil || tab.Codes()[0] != "E01000001" {
		t.Fatalf("code from the path: %v %v", err, tab)
	}
}

type longRow struct {
	Code string `parquet:"code"`
	Key  string `parquet:"k"`
	N    int32  `parquet:"n"`
}

func TestLoadParquetLong(t *testing.T) {
	p := writeParquet(t, t.TempDir(), "long.parquet", []longRow{{"E1", "0", 10}, {"E1", "1", 5}, {"E2", "1", 3}, {"E2", "0", 1}, {"E2", "9", 100}})
	tab, err := LoadParquet(Spec{File: p, Code: "code", Columns: []string{"0", "1"}, Pivot: &Pivot{Key: "k", Value: "n"}})
	if err != nil {
		t.Fatal(err)
	}
	c0, _ := tab.Column("0")
	c1, _ := tab.Column("1")
	if !sameFloats(c0, []float64{10, 1}) || !sameFloats(c1, []float64{5, 3}) {
		t.Errorf("0 = %v, 1 = %v", c0, c1)
	}
}

type decRow struct {
	Code string `parquet:"code"`
	Cost int64  `parquet:"cost,decimal(2:9)"`
}

func TestLoadParquetDecimal(t *testing.T) {
	p := writeParquet(t, t.TempDir(), "d.parquet", []decRow{{"E1", 1234}})
	tab, err := LoadParquet(Spec{File: p, Code: "code", Columns: []string{"cost"}})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := tab.Column("cost"); v[0] != 12.34 {
		t.Errorf("cost = %v, want 12.34", v)
	}
}

// Bad files fail as LoadCSV fails: a *DataError with file, row, column and
// code.
func TestLoadParquetErrors(t *testing.T) {
	type row struct {
		Code *string  `parquet:"code,optional"`
		V    *string  `parquet:"v,optional"`
		F    *float64 `parquet:"f,optional"`
	}
	for _, tc := range []struct {
		name      string
		rows      []row
		spec      Spec
		row       int
		col, code string
		msg       string
	}{
		{"blank code", []row{{str("E1"), str("1"), nil}, {str(" "), str("2"), nil}}, Spec{Code: "code", Columns: []string{"v"}}, 2, "code", "", "blank"},
		{"null code", []row{{nil, str("2"), nil}}, Spec{Code: "code", Columns: []string{"v"}}, 1, "code", "", "blank"},
		{"duplicate", []row{{str("E1"), str("1"), nil}, {str("E2"), str("1"), nil}, {str("E1"), str("1"), nil}}, Spec{Code: "code", Columns: []string{"v"}}, 3, "code", "E1", "first at row 1)"},
		{"not a number", []row{{str("E1"), str("1"), nil}, {str("E2"), str("abc"), nil}}, Spec{Code: "code", Columns: []string{"v"}}, 2, "v", "E2", `"abc" is not a number`},
		{"NaN double", []row{{str("E1"), nil, num(math.NaN())}}, Spec{Code: "code", Columns: []string{"f"}}, 1, "f", "E1", `"NaN" is not a number`},
		{"infinite double", []row{{str("E1"), nil, num(math.Inf(1))}}, Spec{Code: "code", Columns: []string{"f"}}, 1, "f", "E1", "not a number"},
		{"missing column", []row{{str("E1"), nil, nil}}, Spec{Code: "code", Columns: []string{"w"}}, 0, "w", "", `no such column; the file has "code", "v", "f"`},
		{"long duplicate", []row{{str("E1"), str("0"), num(1)}, {str("E1"), str("0"), num(2)}}, Spec{Code: "code", Columns: []string{"0"}, Pivot: &Pivot{"v", "f"}}, 2, "v", "E1", "more than once"},
		{"long missing category", []row{{str("E1"), str("0"), num(1)}, {str("E2"), str("1"), num(2)}}, Spec{Code: "code", Columns: []string{"0", "1"}, Pivot: &Pivot{"v", "f"}}, 1, "v", "E1", `no row for category "1"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.spec.File = writeParquet(t, t.TempDir(), "bad.parquet", tc.rows)
			_, err := LoadParquet(tc.spec)
			var de *DataError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want DataError", err)
			}
			if de.File != tc.spec.File || de.Row != tc.row || de.Column != tc.col || de.Code != tc.code || !strings.Contains(de.Msg, tc.msg) {
				t.Errorf("got %+v, want row %d col %q code %q msg %q", *de, tc.row, tc.col, tc.code, tc.msg)
			}
		})
	}
}

// In a folder, errors name the part file; a duplicate names the other part.
func TestLoadParquetFolderErrors(t *testing.T) {
	root := t.TempDir()
	a := writeParquet(t, root, "lad=A/part-0.parquet", []partRow{{"E1", 1}})
	b := writeParquet(t, root, "lad=B/part-0.parquet", []partRow{{"E2", 2}, {"E1", 3}})
	_, err := LoadParquet(Spec{File: root, Code: "area_code", Columns: []string{"v"}})
	var de *DataError
	if !errors.As(err, &de) || de.File != b || de.Row != 2 || de.Code != "E1" || !strings.Contains(de.Msg, "first at row 1 of "+a) {
		t.Errorf("err = %v", err)
	}
	_, err = LoadParquet(Spec{File: root, Code: "area_code", Columns: []string{"w"}})
	if !errors.As(err, &de) || de.File != a || !strings.Contains(de.Msg, `"area_code", "v", "lad"`) {
		t.Errorf("missing column: err = %v", err)
	}
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "_SUCCESS"), nil, 0o644)
	if _, err := LoadParquet(Spec{File: empty, Code: "c"}); !errors.As(err, &de) || !strings.Contains(de.Msg, "no .parquet files") {
		t.Errorf("empty folder: err = %v", err)
	}
	junk := write(t, "junk.parquet", "not parquet")
	if _, err := LoadParquet(Spec{File: junk, Code: "c"}); !errors.As(err, &de) || !strings.Contains(de.Msg, "not a readable Parquet file") {
		t.Errorf("junk: err = %v", err)
	}
	if _, err := LoadParquet(Spec{File: filepath.Join(root, "nope.parquet"), Code: "c"}); err == nil {
		t.Error("a missing file loads")
	}
}
