package synth

import (
	"bytes"
	"compress/gzip"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/paulmach/orb"
	"github.com/xuri/excelize/v2"

	"github.com/manchester-insight/targeting/geo/assign"
)

var manchester []Area

func areas(t *testing.T) []Area {
	t.Helper()
	if manchester == nil {
		a, err := LoadAreas(Inputs{Boundaries: "../../../data/boundaries/manchester_lsoa11_generalised_wgs84.geojson",
			CodeProp: "area_code", IoD: "../../../data/iod2019/iod2019_lsoa11_england.csv.gz",
			Households: "../../../data/fuel_poverty/fuel_poverty_2020_lsoa11_england.csv.gz"})
		if err != nil {
			t.Fatal(err)
		}
		manchester = a
	}
	return manchester
}

func collect(t *testing.T, opt Options) ([]Record, *Generator) {
	t.Helper()
	g, err := New(areas(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	var out []Record
	for {
		r, ok := g.Next()
		if !ok {
			return out, g
		}
		out = append(out, r)
	}
}

// The same seed writes the same bytes; another seed does not.
func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	var files [3][]byte
	for i, seed := range []uint64{4, 4, 5} {
		g, _ := New(areas(t), Options{Records: 2000, Seed: seed})
		path := filepath.Join(dir, "x.parquet")
		if _, err := Write(path, g); err != nil {
			t.Fatal(err)
		}
		files[i], _ = os.ReadFile(path)
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("the same seed wrote different files")
	}
	if bytes.Equal(files[0], files[2]) {
		t.Error("different seeds wrote the same file")
	}
}

// Each planted dirty kind occurs; clean points lie in their own area (in
// the CRS they are written in, after rounding); outside points in none;
// future dates are after the extract date and clean ones within the range.
func TestRecords(t *testing.T) {
	for _, loc := range []string{LocMixed, LocBNG, LocLonLat} {
		recs, g := collect(t, Options{Records: 20000, Seed: 2, Location: loc, Dirty: 0.01})
		codes := make([]string, len(g.areas))
		ll := make([]orb.Geometry, len(g.areas))
		for i, a := range g.areas {
			codes[i], ll[i] = a.Code, a.Geom
		}
		ix, _ := assign.NewIndex(codes, g.bng)
		if loc == LocLonLat {
			ix, _ = assign.NewIndex(codes, ll)
		}
		kinds := map[string]int{}
		from, to, asOf := days(g.opt.From), days(g.opt.To), days(g.opt.AsOf)
		for _, r := range recs {
			kinds[r.Dirty]++
			switch {
			case r.Dirty == DirtyFutureDate && r.Date <= asOf:
				t.Fatalf("future date %d not after %d", r.Date, asOf)
			case r.Dirty == "" && (r.Date < from || r.Date > to):
				t.Fatalf("date %d outside %d..%d", r.Date, from, to)
			}
			if !math.IsNaN(r.X) {
				got := ix.Locate(r.X, r.Y)
				if r.Dirty == DirtyOutside && got != assign.Outside {
					t.Fatalf("%s: outside point %v is in %s", loc, orb.Point{r.X, r.Y}, codes[got])
				}
				if r.Dirty == "" && got != r.Area {
					t.Fatalf("%s: point %v drawn in %s is in %d", loc, orb.Point{r.X, r.Y}, codes[r.Area], got)
				}
			}
			if r.Dirty == "" && r.LSOA != "" && r.LSOA != codes[r.Area] {
				t.Fatalf("code %s for area %s", r.LSOA, codes[r.Area])
			}
		}
		for _, k := range []string{DirtyBlankLocation, DirtyOutside, DirtyFutureDate, DirtyDuplicateID} {
			if kinds[k] < 100 {
				t.Errorf("%s: %d rows of %s, want about 200", loc, kinds[k], k)
			}
		}
	}
}

// Volumes follow income deprivation: the most deprived fifth of areas has
// more records per person than the least deprived fifth; users come back.
func TestShape(t *testing.T) {
	recs, g := collect(t, Options{Records: 40000, Seed: 3, Dirty: -1})
	perArea := make([]float64, len(g.areas))
	people := map[string]bool{}
	for _, r := range recs {
		perArea[r.Area]++
		people[r.Person] = true
	}
	type ap struct{ income, rate float64 }
	var xs []ap
	for i, a := range g.areas {
		xs = append(xs, ap{a.Income, perArea[i] / a.Population})
	}
	var hi, lo float64
	n := len(xs) / 5
	sortBy(xs, func(a, b ap) bool { return a.income > b.income })
	for i := 0; i < n; i++ {
		hi += xs[i].rate
		lo += xs[len(xs)-1-i].rate
	}
	if hi < 2*lo {
		t.Errorf("most deprived fifth %.4f records per person, least %.4f: want a clear gradient", hi/float64(n), lo/float64(n))
	}
	if float64(len(people)) > 0.8*float64(len(recs)) {
		t.Errorf("%d people for %d records: too few repeat users", len(people), len(recs))
	}
}

func sortBy[T any](xs []T, less func(a, b T) bool) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && less(xs[j], xs[j-1]); j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// Every file written says SYNTHETIC: each row, and the file's metadata.
func TestLabelledSynthetic(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"x.csv", "x.csv.gz", "x.parquet", "x.xlsx"} {
		g, _ := New(areas(t), Options{Records: 50, Seed: 1})
		path := filepath.Join(dir, name)
		files, err := Write(path, g)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, ".csv") {
				body, _ := os.ReadFile(f)
				lines := strings.Split(strings.TrimSpace(string(body)), "\n")
				for _, l := range lines[1:] {
					if !strings.Contains(l, "SYNTHETIC") {
						t.Fatalf("%s: row without the label: %s", f, l)
					}
				}
			}
		}
		switch {
		case strings.HasSuffix(name, ".gz"):
			fh, _ := os.Open(path)
			zr, err := gzip.NewReader(fh)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(zr.Comment, "SYNTHETIC") {
				t.Errorf("gzip comment %q", zr.Comment)
			}
			body, _ := io.ReadAll(zr)
			if strings.Count(string(body), "SYNTHETIC") != 50 {
				t.Errorf("gzip CSV: %d labelled rows", strings.Count(string(body), "SYNTHETIC"))
			}
			fh.Close()
		case strings.HasSuffix(name, ".parquet"):
			fh, _ := os.Open(path)
			st, _ := fh.Stat()
			pf, err := parquet.OpenFile(fh, st.Size())
			if err != nil {
				t.Fatal(err)
			}
			if v, _ := pf.Lookup("synthetic"); v != "true" {
				t.Errorf("parquet metadata synthetic = %q", v)
			}
			fh.Close()
		case strings.HasSuffix(name, ".xlsx"):
			book, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := book.GetDocProps()
			about, _ := book.GetCellValue("about", "A1")
			if !strings.Contains(p.Title, "SYNTHETIC") || !strings.Contains(about, "SYNTHETIC") {
				t.Errorf("xlsx title %q, about %q", p.Title, about)
			}
			book.Close()
		}
	}
}

func TestOptionErrors(t *testing.T) {
	for _, o := range []Options{{Records: 1, Location: "grid"}, {Records: 1, Dirty: 0.5},
		{Records: 1, From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}} {
		if _, err := New(areas(t), o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	g, _ := New(areas(t), Options{Records: 1_048_576})
	if _, err := Write(filepath.Join(t.TempDir(), "x.xlsx"), g); err == nil {
		t.Error("XLSX beyond its row limit: no error")
	}
}
