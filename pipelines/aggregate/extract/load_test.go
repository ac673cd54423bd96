package extract_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
	"github.com/manchester-insight/targeting/pipelines/aggregate/synth"
)

// row is one record as read back, for comparing formats.
type row struct {
	id, service, person, household, lsoa, postcode string
	date                                           int32
	x, y                                           float64
}

// readAll scans a file and returns its rows in file order.
func readAll(t *testing.T, path string, m *extract.Mapping) ([]row, *extract.Info) {
	t.Helper()
	var mu sync.Mutex
	got := map[int64]row{}
	info, err := extract.Scan(path, m, 2, func(b *extract.Batch) error {
		mu.Lock()
		defer mu.Unlock()
		for i := 0; i < b.N; i++ {
			r := row{id: b.RecordID.String(i), service: b.Service.String(i), person: b.Person.String(i),
				household: b.Household.String(i), lsoa: b.LSOA.String(i), postcode: b.Postcode.String(i), date: b.Date[i],
				x: math.NaN(), y: math.NaN()}
			if b.X != nil {
				r.x, r.y = b.X[i], b.Y[i]
			}
			got[b.First+int64(i)] = r
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]int64, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]row, len(keys))
	for i, k := range keys {
		out[i] = got[k]
	}
	return out, info
}

var manchester []synth.Area

func areas(t testing.TB) []synth.Area {
	if manchester == nil {
		a, err := synth.LoadAreas(synth.Inputs{Boundaries: "../../../data/boundaries/manchester_lsoa11_generalised_wgs84.geojson",
			CodeProp: "area_code", IoD: "../../../data/iod2019/iod2019_lsoa11_england.csv.gz",
			Households: "../../../data/fuel_poverty/fuel_poverty_2020_lsoa11_england.csv.gz"})
		if err != nil {
			t.Fatal(err)
		}
		manchester = a
	}
	return manchester
}

func mapping(loc string) *extract.Mapping {
	m := &extract.Mapping{Columns: extract.Columns{RecordID: "record_id", Date: "service_date", Service: "service",
		Person: "person_id", Household: "household_id"}}
	switch loc {
	case synth.LocMixed:
		m.Columns.LSOA, m.Columns.Postcode, m.Columns.Easting, m.Columns.Northing = "lsoa_code", "postcode", "easting", "northing"
	case synth.LocLonLat:
		m.Columns.Lon, m.Columns.Lat = "lon", "lat"
	}
	return m
}

// The same generated records read back identically from CSV, gzip CSV,
// Parquet and XLSX, and every format says synthetic.
func TestRoundTripAllFormats(t *testing.T) {
	dir := t.TempDir()
	for _, loc := range []string{synth.LocMixed, synth.LocLonLat} {
		var want []row
		for _, ext := range []string{".csv", ".csv.gz", ".parquet", ".xlsx"} {
			g, err := synth.New(areas(t), synth.Options{Records: 3000, Seed: 11, Location: loc})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, loc+ext)
			if _, err := synth.Write(path, g); err != nil {
				t.Fatal(err)
			}
			got, info := readAll(t, path, mapping(loc))
			if !info.Synthetic {
				t.Errorf("%s: not recognised as synthetic", path)
			}
			if len(got) != 3000 || info.Rows != 3000 {
				t.Fatalf("%s: %d rows (info %d), want 3000", path, len(got), info.Rows)
			}
			if want == nil {
				want = got
				continue
			}
			for i := range want {
				if !same(want[i], got[i]) {
					t.Fatalf("%s row %d:\n got %+v\nwant %+v", path, i, got[i], want[i])
				}
			}
		}
	}
}

func same(a, b row) bool {
	eq := func(x, y float64) bool { return (math.IsNaN(x) && math.IsNaN(y)) || math.Abs(x-y) < 1e-9 }
	return a.id == b.id && a.service == b.service && a.person == b.person && a.household == b.household &&
		a.lsoa == b.lsoa && a.postcode == b.postcode && a.date == b.date && eq(a.x, b.x) && eq(a.y, b.y)
}

// Parquet row groups stream: a file of several row groups is read as
// several batches, the rows numbered across them.
func TestParquetRowGroups(t *testing.T) {
	g, _ := synth.New(areas(t), synth.Options{Records: 2500, Seed: 3, Location: synth.LocMixed})
	path := filepath.Join(t.TempDir(), "x.parquet")
	if _, err := synth.Write(path, g); err != nil {
		t.Fatal(err)
	}
	rows, _ := readAll(t, path, mapping(synth.LocMixed))
	if rows[0].id != "R000000001" || rows[2499].id != "R000002500" {
		t.Errorf("first/last ids %s %s", rows[0].id, rows[2499].id)
	}
}

func TestCSVDirtyCells(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.csv")
	os.WriteFile(path, []byte("record_id,service_date,service,person_id,lsoa_code,easting,northing\n"+
		"1,2024-05-01,a,p1,E01005061,,\n"+
		"2,,a,p1,,383000,400000\n"+
		"3,31/12/2024,a,p1,,abc,400000\n"+
		"4,not a date,NULL,,,,\n"+
		"5,2024-05-01,a\n"+
		"6,2024-05-01,\"a\"b,p,E1,,\n"), 0o644)
	m := &extract.Mapping{Columns: extract.Columns{RecordID: "record_id", Date: "service_date", Service: "service",
		Person: "person_id", LSOA: "lsoa_code", Easting: "easting", Northing: "northing"}, NA: []string{"NULL"}}
	var b *extract.Batch
	if _, err := extract.Scan(path, m, 1, func(x *extract.Batch) error { b = x; return nil }); err != nil {
		t.Fatal(err)
	}
	if b.N != 6 || b.First != 2 {
		t.Fatalf("N %d First %d", b.N, b.First)
	}
	day := extract.Days(time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC))
	if b.Date[0] != day || b.Date[1] != extract.NoDate || b.Date[2] != extract.Days(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)) || b.Date[3] != extract.BadDate {
		t.Errorf("dates %v", b.Date[:4])
	}
	if !math.IsNaN(b.X[0]) || b.X[1] != 383000 || !math.IsInf(b.X[2], 1) {
		t.Errorf("x %v", b.X[:3])
	}
	if b.Service.String(3) != "" || !b.Person.Blank(3) {
		t.Errorf("NA token not blank")
	}
	if b.Flags == nil || b.Flags[4] != extract.FlagMalformed || b.Flags[5] != extract.FlagMalformed || b.Flags[0] != 0 {
		t.Errorf("flags %v: short row and bad quote are malformed", b.Flags)
	}
}

func TestMissingColumnIsDataError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.csv")
	os.WriteFile(path, []byte("id,date,service,person\n"), 0o644)
	m := &extract.Mapping{Columns: extract.Columns{Date: "date", Service: "service", Person: "person", LSOA: "lsoa"}}
	_, err := extract.Scan(path, m, 1, func(*extract.Batch) error { return nil })
	var de *indicators.DataError
	if !errors.As(err, &de) || de.Column != "lsoa" || de.Row != 1 {
		t.Fatalf("err %v, want a DataError for column lsoa at row 1", err)
	}
}

// FuzzLoadExtract feeds arbitrary bytes to the CSV loader: it must never
// panic, and every data row it reads comes back once, in a batch, with a
// date, a marker or a malformed flag: nothing is lost silently.
func FuzzLoadExtract(f *testing.F) {
	f.Add([]byte("record_id,service_date,service,person_id,lsoa_code,easting,northing\n1,2024-05-01,a,p,E01005061,,\n"))
	f.Add([]byte("record_id,service_date,service,person_id,lsoa_code,easting,northing\n1,\"2024\n-05-01\",a,p,,1e400,NaN\n2,x\n"))
	f.Add([]byte("\xef\xbb\xbfrecord_id,service_date,service,person_id,lsoa_code,easting,northing\r\n,,,,,,\r\n\"\"\"\n"))
	m := &extract.Mapping{Columns: extract.Columns{RecordID: "record_id", Date: "service_date", Service: "service",
		Person: "person_id", LSOA: "lsoa_code", Easting: "easting", Northing: "northing"}}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var n int64
		info, err := extract.Scan(path, m, 2, func(b *extract.Batch) error {
			if b.N != len(b.Date) || b.N != b.Service.Len() || b.N != len(b.X) || (b.Flags != nil && len(b.Flags) != b.N) {
				t.Errorf("batch of %d rows has columns of other lengths", b.N)
			}
			for i := 0; i < b.N; i++ {
				if !math.IsNaN(b.X[i]) && math.IsNaN(b.X[i]) {
					t.Error("unreachable")
				}
			}
			mu.Lock()
			n += int64(b.N)
			mu.Unlock()
			return nil
		})
		if err != nil {
			var de *indicators.DataError
			if !errors.As(err, &de) {
				t.Fatalf("error is %T %v, want a DataError naming the file", err, err)
			}
			return
		}
		if info.Rows != n {
			t.Fatalf("info says %d rows, batches held %d", info.Rows, n)
		}
	})
}
