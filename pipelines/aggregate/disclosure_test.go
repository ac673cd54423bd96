package aggregate

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/engine/disclosure"
)

const sample = "../../testdata/services/manchester_services_synthetic.csv.gz"

// An end-to-end run on the committed synthetic sample, then a search of
// every file written (and the log) for a small count: published directly,
// or recoverable by subtraction from a ward, district or all-services
// total, or determined by any combination of the published figures.
func TestNoSmallCountInAnyOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-second: three end-to-end runs, each output searched for recoverable small counts; runs without -short")
	}
	for _, threshold := range []int64{10, 5, 25} {
		cfg := config(t, "")
		cfg.Disclosure.Threshold = threshold
		var logBuf bytes.Buffer
		res, err := Run(cfg, sample, Options{Workers: 2, Log: slog.New(slog.NewTextHandler(&logBuf, nil))})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		files, err := Write(res, filepath.Join(dir, "services.csv"))
		if err != nil {
			t.Fatal(err)
		}
		areas, wards := readTable(t, files[0]), readTable(t, files[1])
		checkPublished(t, threshold, files[0], areas)
		checkPublished(t, threshold, files[1], wards)
		checkMargins(t, threshold, areas, wards)
		checkReport(t, files[3])
		if regexp.MustCompile(`E0[15][0-9]{6}`).Match(logBuf.Bytes()) {
			t.Errorf("the log names an area:\n%s", logBuf.String())
		}
		if p, s := res.suppressed(); p == 0 || s == 0 {
			t.Errorf("threshold %d: %d primary, %d secondary: the sample should need both", threshold, p, s)
		}
	}
}

type table struct {
	header []string
	col    map[string]int
	rows   [][]string
}

func readTable(t *testing.T, path string) *table {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	tb := &table{header: all[0], col: map[string]int{}, rows: all[1:]}
	for i, h := range tb.header {
		tb.col[h] = i
	}
	return tb
}

var countCol = regexp.MustCompile(`_(records|people|households)$`)

// checkPublished: no published count below the threshold; a suppressed
// cell shows no count and no rate.
func checkPublished(t *testing.T, threshold int64, name string, tb *table) {
	t.Helper()
	for r, row := range tb.rows {
		for c, h := range tb.header {
			if countCol.MatchString(h) && row[c] != "" {
				v, err := strconv.ParseInt(row[c], 10, 64)
				if err != nil || v < threshold {
					t.Fatalf("%s row %d %s = %q: a count below %d is published", name, r+2, h, row[c], threshold)
				}
			}
			if strings.HasSuffix(h, "_status") && row[c] != "published" {
				stem := strings.TrimSuffix(h, "_status")
				for _, s := range []string{"_records", "_people", "_households", "_rate_per_1000"} {
					if i, ok := tb.col[stem+s]; ok && row[i] != "" {
						t.Fatalf("%s row %d: %s is %s but %s%s = %q", name, r+2, stem, row[c], stem, s, row[i])
					}
				}
			}
		}
	}
}

// checkMargins rebuilds, from the published tables alone, every sum they
// publish (areas -> ward, wards -> district, services -> all) and attacks
// them: no line may hold exactly one suppressed cell, peeling (solving any
// line with one unknown, repeatedly) must recover nothing, and no cell may
// be determined by any combination of lines.
func checkMargins(t *testing.T, threshold int64, areas, wards *table) {
	t.Helper()
	var stems []string
	for _, h := range areas.header {
		if s, ok := strings.CutSuffix(h, "_status"); ok {
			stems = append(stems, s)
		}
	}
	// cells: area rows, then ward rows (district last), x stems.
	type cell struct {
		known bool
		v     int64
	}
	nRows := len(areas.rows) + len(wards.rows)
	cells := make([]cell, nRows*len(stems))
	id := func(row, k int) int { return row*len(stems) + k }
	for k, s := range stems {
		for r, row := range append(append([][]string{}, areas.rows...), wards.rows...) {
			tb := areas
			if r >= len(areas.rows) {
				tb = wards
			}
			if v := row[tb.col[s+"_records"]]; v != "" {
				n, _ := strconv.ParseInt(v, 10, 64)
				cells[id(r, k)] = cell{true, n}
			}
		}
	}
	var lines []disclosure.Line
	wardRow := map[string]int{}
	district := -1
	for w, row := range wards.rows {
		if row[wards.col["level"]] == "district" {
			district = len(areas.rows) + w
		} else {
			wardRow[row[wards.col["ward_code"]]] = len(areas.rows) + w
		}
	}
	all := len(stems) - 1
	if stems[all] != "all" {
		t.Fatalf("last column group is %s, want all", stems[all])
	}
	for k := range stems {
		members := map[int][]int{}
		for a, row := range areas.rows {
			w := wardRow[row[areas.col["ward_code"]]]
			members[w] = append(members[w], id(a, k))
		}
		var wardCells []int
		for _, w := range wardRow {
			lines = append(lines, disclosure.Line{Total: id(w, k), Members: members[w]})
			wardCells = append(wardCells, id(w, k))
		}
		lines = append(lines, disclosure.Line{Total: id(district, k), Members: wardCells})
	}
	for r := 0; r < nRows; r++ {
		l := disclosure.Line{Total: id(r, all)}
		for k := 0; k < all; k++ {
			l.Members = append(l.Members, id(r, k))
		}
		lines = append(lines, l)
	}
	st := make([]disclosure.Status, len(cells))
	for i, c := range cells {
		if !c.known {
			st[i] = disclosure.Primary
		}
	}
	for _, l := range lines {
		n := 0
		for _, c := range append([]int{l.Total}, l.Members...) {
			if !cells[c].known {
				n++
			}
		}
		if n == 1 {
			t.Fatalf("threshold %d: a published sum has exactly one suppressed cell (e.g. a ward with one suppressed area)", threshold)
		}
	}
	known := make([]bool, len(cells))
	for i, c := range cells {
		known[i] = c.known
	}
	for changed := true; changed; {
		changed = false
		for _, l := range lines {
			unknown, n := -1, 0
			for _, c := range append([]int{l.Total}, l.Members...) {
				if !known[c] {
					unknown, n = c, n+1
				}
			}
			if n == 1 {
				t.Fatalf("threshold %d: cell %d is recoverable by subtraction", threshold, unknown)
			}
		}
	}
	if ex := disclosure.Exposed(nil, lines, st); len(ex) > 0 {
		t.Fatalf("threshold %d: %d suppressed cells are determined by the published figures", threshold, len(ex))
	}
}

// checkReport: the report holds no figure of any area, ward or district;
// its only numbers are whole-extract row counts, cell tallies and file
// sizes.
func checkReport(t *testing.T, path string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	allowed := regexp.MustCompile(`^(rows\.(read|counted|outside_window|set_aside_total|set_aside\.[a-z_]+)|disclosure\.(threshold|cells|primary|secondary)|inputs\.\d+\.bytes|mapping\.bytes|areas|wards)$`)
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				walk(strings.TrimPrefix(prefix+"."+k, "."), c)
			}
		case []any:
			for i, c := range x {
				walk(prefix+"."+strconv.Itoa(i), c)
			}
		case float64:
			if !allowed.MatchString(prefix) {
				t.Errorf("report field %s = %v is not a documented whole-extract figure", prefix, x)
			}
		}
	}
	walk("", v)
	if !strings.Contains(string(raw), `"synthetic": true`) || !strings.Contains(string(raw), "SYNTHETIC") {
		t.Errorf("report of a synthetic run does not say SYNTHETIC")
	}
}
