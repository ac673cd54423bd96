package pipeline

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/crs"
	"github.com/manchester-insight/targeting/pipelines/aggregate"
)

// outcome is what a path did with one record: the reason, and the area
// it was counted in (-1 when set aside).
type outcome struct {
	why  aggregate.Reason
	area int
}

// edgePoints returns points that test the boundary rule on the real
// boundaries, in the CRS the extract gives (EPSG:27700): vertices shared
// by two or more areas, midpoints of shared edges, and vertices on the
// city's outer boundary.
func edgePoints(t *testing.T, cfg *aggregate.Config, n int) [][2]float64 {
	t.Helper()
	b, err := geo.LoadGeoJSON(nil, cfg.Resolve(cfg.Geography.Boundaries.File), cfg.Geography.Boundaries.Code)
	if err != nil {
		t.Fatal(err)
	}
	codes := make([]string, 0, len(b.Geoms))
	for c := range b.Geoms {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	owners := map[orb.Point]map[string]bool{}
	edges := map[[2]orb.Point]int{}
	for _, c := range codes {
		var polys []orb.Polygon
		switch g := crs.ProjectToBNG(b.Geoms[c]).(type) {
		case orb.Polygon:
			polys = []orb.Polygon{g}
		case orb.MultiPolygon:
			polys = g
		}
		for _, p := range polys {
			for _, ring := range p {
				for i := 0; i+1 < len(ring); i++ {
					if owners[ring[i]] == nil {
						owners[ring[i]] = map[string]bool{}
					}
					owners[ring[i]][c] = true
					e := [2]orb.Point{ring[i], ring[i+1]}
					if e[1].X() < e[0].X() || (e[1].X() == e[0].X() && e[1].Y() < e[0].Y()) {
						e[0], e[1] = e[1], e[0]
					}
					edges[e]++
				}
			}
		}
	}
	var shared3, shared2, outer, mids [][2]float64
	for p, by := range owners {
		switch {
		case len(by) >= 3:
			shared3 = append(shared3, [2]float64{p.X(), p.Y()})
		case len(by) == 2:
			shared2 = append(shared2, [2]float64{p.X(), p.Y()})
		default:
			outer = append(outer, [2]float64{p.X(), p.Y()})
		}
	}
	for e, k := range edges {
		if k == 2 {
			mids = append(mids, [2]float64{(e[0].X() + e[1].X()) / 2, (e[0].Y() + e[1].Y()) / 2})
		}
	}
	var out [][2]float64
	for _, set := range [][][2]float64{shared3, shared2, outer, mids} {
		slices.SortFunc(set, func(a, b [2]float64) int {
			if a[0] != b[0] {
				return compareFloat(a[0], b[0])
			}
			return compareFloat(a[1], b[1])
		})
		for i := 0; i < n && i*len(set)/n < len(set); i++ {
			out = append(out, set[i*len(set)/n])
		}
	}
	return out
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// A record placed differently by the two paths cannot exist: both call
// the same aggregate.Resolver over the same geo/assign indexes. Each record
// (points on shared edges and vertices of the real boundaries, points on
// the city's edge, and every kind of dirty row) is its own extract file;
// the in-process path (aggregate.Run) and the Beam worker's counting DoFn
// (countFn, as a runner calls it) must give it the same reason and area.
func TestSameAssignmentPerRecord(t *testing.T) {
	cfg := mapping(t)
	cfg.Denominators = nil // not needed to place records; faster runs
	header := []string{"record_id", "service_date", "service", "person_id", "household_id", "lsoa_code", "postcode", "easting", "northing"}
	ok := []string{"R1", "2024-06-01", "food_bank_referral", "P1", "H1", "", "", "", ""}
	row := func(set map[int]string) []string {
		r := slices.Clone(ok)
		for i, v := range set {
			r[i] = v
		}
		return r
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	var rows [][]string
	for _, p := range edgePoints(t, cfg, 8) {
		rows = append(rows, row(map[int]string{7: f(p[0]), 8: f(p[1])}))
	}
	rows = append(rows,
		row(map[int]string{5: "E01005065"}),                  // a code
		row(map[int]string{5: " e01005065 "}),                // a code, untidy
		row(map[int]string{5: "E01999999"}),                  // unknown code
		row(map[int]string{6: "M1 0AB"}),                     // a synthetic postcode key
		row(map[int]string{6: "m10ab"}),                      // the same, untidy
		row(map[int]string{6: "ZZ9 9ZZ"}),                    // unknown postcode
		row(map[int]string{7: "383500", 8: "397500"}),        // a point in the city
		row(map[int]string{7: "0", 8: "0"}),                  // outside the city
		row(map[int]string{7: "abc", 8: "397500"}),           // not a number
		row(map[int]string{7: "383500", 8: ""}),              // half a point
		row(map[int]string{5: "NULL", 7: "N/A", 8: "N/A"}),   // blank location (NA tokens)
		row(map[int]string{5: "E01005065", 7: "0", 8: "0"}),  // code wins over point
		row(map[int]string{5: "E01005065", 0: ""}),           // blank record id
		row(map[int]string{5: "E01005065", 1: ""}),           // blank date
		row(map[int]string{5: "E01005065", 1: "31/02/2024"}), // not a date
		row(map[int]string{5: "E01005065", 1: "2030-01-01"}), // future
		row(map[int]string{5: "E01005065", 1: "2019-01-01"}), // outside the window
		row(map[int]string{5: "E01005065", 2: ""}),           // blank service
		row(map[int]string{5: "E01005065", 2: "parking"}),    // not a service
		row(map[int]string{5: "E01005065", 3: ""}),           // blank person
		row(map[int]string{5: "E01005065", 4: ""}),           // blank household
		[]string{"R1", "2024-06-01", "food_bank_referral"},   // malformed: too few fields
	)
	dir := t.TempDir()
	for i, r := range rows {
		file, err := os.Create(filepath.Join(dir, fmt.Sprintf("record-%03d.csv", i)))
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(file)
		w.Write(header)
		w.Write(r)
		w.Flush()
		file.Close()
	}
	p, g, err := Prepare(cfg, dir, filepath.Join(t.TempDir(), "out.csv"), Options{Shards: 2, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != len(rows) {
		t.Fatalf("%d files for %d records", len(p.Files), len(rows))
	}
	fn := &countFn{Plan: encode(p)}
	if err := fn.Setup(); err != nil {
		t.Fatal(err)
	}
	geoBlob := encode(g)
	areas := map[int]bool{}
	reasons := map[aggregate.Reason]bool{}
	for i, file := range p.Files {
		// In-process.
		res, err := aggregate.Run(cfg, file, aggregate.Options{Workers: 1})
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		local := outcome{area: -1}
		for k, n := range res.Rows {
			if n == 1 {
				local.why = aggregate.Reason(k)
			}
		}
		for a := range res.Areas.Codes {
			if res.Records[res.Layout.Grid.Area(a, res.Layout.Grid.All())] == 1 {
				local.area = a
			}
		}
		// The Beam worker's DoFn.
		var sum summary
		err = fn.ProcessElement(context.Background(), i, once(geoBlob), once(nil),
			func(int, []byte) {}, func(b []byte) { decode(b, &sum) }, func(string) {})
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		beam := outcome{area: -1}
		for k, n := range sum.Reasons {
			if n == 1 {
				beam.why = aggregate.Reason(k)
			}
		}
		if len(sum.Cells) == 1 {
			beam.area = int(sum.Cells[0]) / sum.Slots
		}
		if local != beam {
			t.Errorf("record %d %v: in-process %s in area %d, Beam %s in area %d", i, rows[i], local.why.Key(), local.area, beam.why.Key(), beam.area)
		}
		areas[local.area] = true
		reasons[local.why] = true
	}
	t.Logf("%d records: %d areas, %d reasons", len(rows), len(areas), len(reasons))
	// The records do reach many areas and every reason but the duplicate
	// (one record per file cannot repeat; TestDuplicatesAcrossFiles).
	if len(areas) < 10 {
		t.Errorf("records reached only %d areas", len(areas))
	}
	for _, why := range aggregate.Reasons() {
		if !reasons[why] && why != aggregate.DuplicateID {
			t.Errorf("no record tests %s", why.Key())
		}
	}
}

// once is a side input of at most one element.
func once(b []byte) func(*[]byte) bool {
	done := b == nil
	return func(out *[]byte) bool {
		if done {
			return false
		}
		*out, done = b, true
		return true
	}
}
