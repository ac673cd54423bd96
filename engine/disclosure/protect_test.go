package disclosure

import (
	"go/parser"
	"go/token"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A ward (line) with one small area: the area is primary, and a second cell
// of the ward, the smallest other area, must be suppressed too.
func TestOneSuppressedCellGetsASecond(t *testing.T) {
	// cells: 0 = ward total, 1..4 = areas
	values := [][]int64{{60, 5, 20, 15, 20}}
	st, err := Protect(Rule{}, values, []Line{{Total: 0, Members: []int{1, 2, 3, 4}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Status{Published, Primary, Published, Secondary, Published}
	for c := range want {
		if st[c] != want[c] {
			t.Errorf("cell %d: %v, want %v", c, st[c], want[c])
		}
	}
}

func TestZeroAndThreshold(t *testing.T) {
	values := [][]int64{{40, 0, 10, 30}}
	st, _ := Protect(Rule{Threshold: 10}, values, []Line{{Total: 0, Members: []int{1, 2, 3}}})
	if st[1] != Primary || st[2] != Secondary || st[3] != Published {
		t.Errorf("statuses %v: 0 is below the threshold, 10 is not (but must protect the 0)", st)
	}
	st, _ = Protect(Rule{Threshold: 5}, [][]int64{{4, 5}}, nil)
	if st[0] != Primary || st[1] != Published {
		t.Errorf("threshold 5: %v", st)
	}
}

// Two suppressed members whose sum is small would tell the reader both are
// tiny: a third cell is needed so the suppressed cells hold at least 10.
func TestSuppressedSumReachesThreshold(t *testing.T) {
	values := [][]int64{{103, 1, 2, 40, 60}}
	st, _ := Protect(Rule{}, values, []Line{{Total: 0, Members: []int{1, 2, 3, 4}}})
	if st[3] != Secondary || st[4] != Published {
		t.Errorf("statuses %v: want cell 3 (40) suppressed to cover 1 + 2", st)
	}
}

// A ward of one area has a total equal to its area: both go together.
func TestSingleAreaWard(t *testing.T) {
	st, _ := Protect(Rule{}, [][]int64{{3, 3}}, []Line{{Total: 0, Members: []int{1}}})
	if !st[0].Suppressed() || !st[1].Suppressed() {
		t.Errorf("statuses %v", st)
	}
}

// Every measure counts: a cell with many records but few people is primary.
func TestEveryMeasure(t *testing.T) {
	st, _ := Protect(Rule{}, [][]int64{{50, 50}, {40, 4}}, nil)
	if st[0] != Published || st[1] != Primary {
		t.Errorf("statuses %v", st)
	}
}

// On random area x service grids, the protected table satisfies the margin
// rule on every line and no suppressed cell is determined by the published
// ones, neither by subtraction along one line nor by any combination.
func TestRandomGridsAreProtected(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := range 40 {
		wards := 2 + rng.IntN(6)
		areas := wards + rng.IntN(25)
		wardOf := make([]int, areas)
		for a := range wardOf {
			wardOf[a] = a % wards
			if a >= wards {
				wardOf[a] = rng.IntN(wards)
			}
		}
		services := 1 + rng.IntN(5)
		g := NewGrid(wardOf, wards, services)
		values := gridValues(g, rng, []float64{2, 8, 30}[trial%3])
		lines := g.Lines()
		st, err := Protect(Rule{}, values, lines)
		if err != nil {
			t.Fatal(err)
		}
		for c := range st {
			for _, v := range values {
				if v[c] < 10 && !st[c].Suppressed() {
					t.Fatalf("trial %d: cell %d published with count %d", trial, c, v[c])
				}
			}
		}
		for i, l := range lines {
			if needsMore(10, values, l, st) {
				t.Fatalf("trial %d: line %d breaks the margin rule", trial, i)
			}
		}
		if ex := Exposed(values, lines, st); len(ex) > 0 {
			t.Fatalf("trial %d: cells %v are determined by the published figures", trial, ex)
		}
		if got := peel(values[0], lines, st); len(got) > 0 {
			t.Fatalf("trial %d: subtraction recovers cells %v", trial, got)
		}
	}
}

// gridValues fills a grid with Poisson-ish area counts of the given mean and
// the sums for wards and the district (records), and people = records/2.
func gridValues(g *Grid, rng *rand.Rand, mean float64) [][]int64 {
	rec := make([]int64, g.Cells())
	for a := 0; a < g.Areas; a++ {
		for s := 0; s < g.Services; s++ {
			v := int64(rng.ExpFloat64() * mean)
			rec[g.Area(a, s)] = v
			rec[g.Area(a, g.All())] += v
			rec[g.Ward(g.WardOf[a], s)] += v
			rec[g.Ward(g.WardOf[a], g.All())] += v
			rec[g.Total(s)] += v
			rec[g.Total(g.All())] += v
		}
	}
	people := make([]int64, len(rec))
	for i, v := range rec {
		people[i] = (v + 1) / 2
	}
	return [][]int64{rec, people}
}

// peel is the simple attacker: solve any line with one unknown, repeat.
func peel(v []int64, lines []Line, st []Status) []int {
	known := make([]bool, len(st))
	for c, s := range st {
		known[c] = !s.Suppressed()
	}
	var got []int
	for changed := true; changed; {
		changed = false
		for _, l := range lines {
			cells := append([]int{l.Total}, l.Members...)
			unknown := -1
			n := 0
			for _, c := range cells {
				if !known[c] {
					n++
					unknown = c
				}
			}
			if n == 1 {
				known[unknown] = true
				got = append(got, unknown)
				changed = true
			}
		}
	}
	return got
}

func TestExposedFindsALoneCell(t *testing.T) {
	lines := []Line{{Total: 0, Members: []int{1, 2}}}
	st := []Status{Published, Primary, Published}
	if ex := Exposed([][]int64{{20, 5, 15}}, lines, st); len(ex) != 1 || ex[0] != 1 {
		t.Errorf("Exposed = %v, want [1]", ex)
	}
	// Two lines that together pin a cell: x + y = T1 (T1 published),
	// y + z = T2 (published), x + z = T3 (published): three equations,
	// three unknowns, all determined although each line has two.
	lines = []Line{{0, []int{3, 4}}, {1, []int{4, 5}}, {2, []int{3, 5}}}
	st = []Status{Published, Published, Published, Primary, Primary, Primary}
	if ex := Exposed([][]int64{{11, 12, 13, 6, 5, 7}}, lines, st); len(ex) != 3 {
		t.Errorf("Exposed = %v, want all three", ex)
	}
	fixed, err := Protect(Rule{}, [][]int64{{11, 12, 13, 6, 5, 7}}, lines)
	if err != nil {
		t.Fatal(err)
	}
	if ex := Exposed([][]int64{{11, 12, 13, 6, 5, 7}}, lines, fixed); len(ex) != 0 {
		t.Errorf("after Protect, exposed %v (statuses %v)", ex, fixed)
	}
}

func TestRuleText(t *testing.T) {
	txt := Rule{}.Text()
	for _, want := range []string{"threshold 10", "below 10", "at least two", "Rates are published only"} {
		if !strings.Contains(txt, want) {
			t.Errorf("rule text lacks %q: %s", want, txt)
		}
	}
}

// The package stays pure: no import of another package of this module.
func TestImportsNothingOfTheModule(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			if strings.Contains(imp.Path.Value, "manchester-insight/targeting") {
				t.Errorf("%s imports %s", f, imp.Path.Value)
			}
		}
	}
}
