package palette

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// sharma are the 34 test pairs of Sharma, Wu & Dalal (2005), Table 1:
// two CIELAB colours and their CIEDE2000 difference to four decimals. They
// exercise the hue-mean and hue-difference branches either side of 180°,
// achromatic colours and the blue-region rotation term.
var sharma = []struct {
	x, y Lab
	de   float64
}{
	{Lab{50.0000, 2.6772, -79.7751}, Lab{50.0000, 0.0000, -82.7485}, 2.0425},
	{Lab{50.0000, 3.1571, -77.2803}, Lab{50.0000, 0.0000, -82.7485}, 2.8615},
	{Lab{50.0000, 2.8361, -74.0200}, Lab{50.0000, 0.0000, -82.7485}, 3.4412},
	{Lab{50.0000, -1.3802, -84.2814}, Lab{50.0000, 0.0000, -82.7485}, 1.0000},
	{Lab{50.0000, -1.1848, -84.8006}, Lab{50.0000, 0.0000, -82.7485}, 1.0000},
	{Lab{50.0000, -0.9009, -85.5211}, Lab{50.0000, 0.0000, -82.7485}, 1.0000},
	{Lab{50.0000, 0.0000, 0.0000}, Lab{50.0000, -1.0000, 2.0000}, 2.3669},
	{Lab{50.0000, -1.0000, 2.0000}, Lab{50.0000, 0.0000, 0.0000}, 2.3669},
	{Lab{50.0000, 2.4900, -0.0010}, Lab{50.0000, -2.4900, 0.0009}, 7.1792},
	{Lab{50.0000, 2.4900, -0.0010}, Lab{50.0000, -2.4900, 0.0010}, 7.1792},
	{Lab{50.0000, 2.4900, -0.0010}, Lab{50.0000, -2.4900, 0.0011}, 7.2195},
	{Lab{50.0000, 2.4900, -0.0010}, Lab{50.0000, -2.4900, 0.0012}, 7.2195},
	{Lab{50.0000, -0.0010, 2.4900}, Lab{50.0000, 0.0009, -2.4900}, 4.8045},
	{Lab{50.0000, -0.0010, 2.4900}, Lab{50.0000, 0.0010, -2.4900}, 4.8045},
	{Lab{50.0000, -0.0010, 2.4900}, Lab{50.0000, 0.0011, -2.4900}, 4.7461},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{50.0000, 0.0000, -2.5000}, 4.3065},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{73.0000, 25.0000, -18.0000}, 27.1492},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{61.0000, -5.0000, 29.0000}, 22.8977},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{56.0000, -27.0000, -3.0000}, 31.9030},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{58.0000, 24.0000, 15.0000}, 19.4535},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{50.0000, 3.1736, 0.5854}, 1.0000},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{50.0000, 3.2972, 0.0000}, 1.0000},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{50.0000, 1.8634, 0.5757}, 1.0000},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{50.0000, 3.2592, 0.3350}, 1.0000},
	{Lab{60.2574, -34.0099, 36.2677}, Lab{60.4626, -34.1751, 39.4387}, 1.2644},
	{Lab{63.0109, -31.0961, -5.8663}, Lab{62.8187, -29.7946, -4.0864}, 1.2630},
	{Lab{61.2901, 3.7196, -5.3901}, Lab{61.4292, 2.2480, -4.9620}, 1.8731},
	{Lab{35.0831, -44.1164, 3.7933}, Lab{35.0232, -40.0716, 1.5901}, 1.8645},
	{Lab{22.7233, 20.0904, -46.6940}, Lab{23.0331, 14.9730, -42.5619}, 2.0373},
	{Lab{36.4612, 47.8580, 18.3852}, Lab{36.2715, 50.5065, 21.2231}, 1.4146},
	{Lab{90.8027, -2.0831, 1.4410}, Lab{91.1528, -1.6435, 0.0447}, 1.4441},
	{Lab{90.9257, -0.5406, -0.9208}, Lab{88.6381, -0.8985, -0.7239}, 1.5381},
	{Lab{6.7747, -0.2908, -2.4247}, Lab{5.8714, -0.0985, -2.2286}, 0.6377},
	{Lab{2.0776, 0.0795, -1.1350}, Lab{0.9033, -0.0636, -0.5514}, 0.9082},
}

func TestDeltaE2000PublishedPairs(t *testing.T) {
	if len(sharma) != 34 {
		t.Fatalf("%d pairs, want the paper's 34", len(sharma))
	}
	for i, p := range sharma {
		got := DeltaE2000(p.x, p.y)
		if math.Abs(got-p.de) > 0.5e-4 {
			t.Errorf("pair %d: ΔE00(%v, %v) = %.6f, published %.4f", i+1, p.x, p.y, got, p.de)
		}
		// The formula is symmetric (the paper's note 4).
		if back := DeltaE2000(p.y, p.x); math.Abs(back-got) > 1e-9 {
			t.Errorf("pair %d: not symmetric: %.9f vs %.9f", i+1, got, back)
		}
	}
	if d := DeltaE2000(Lab{37, 12, -5}, Lab{37, 12, -5}); d != 0 {
		t.Errorf("ΔE00 of a colour with itself = %g", d)
	}
}

// The sRGB to CIELAB conversion: white is L* 100 and neutral, black is 0,
// and a known colour lands where published converters put it (sRGB red is
// L* 53.24, a* 80.09, b* 67.20).
func TestLab(t *testing.T) {
	for _, c := range []struct {
		hex  string
		want Lab
	}{
		{"#ffffff", Lab{100, 0, 0}},
		{"#000000", Lab{0, 0, 0}},
		{"#ff0000", Lab{53.24, 80.09, 67.20}},
		{"#808080", Lab{53.59, 0, 0}},
	} {
		got := LabOf(c.hex, Normal)
		if math.Abs(got.L-c.want.L) > 0.01 || math.Abs(got.A-c.want.A) > 0.01 || math.Abs(got.B-c.want.B) > 0.01 {
			t.Errorf("%s: %+v, want %+v", c.hex, got, c.want)
		}
	}
}

// Each Machado matrix maps white to white and grey to grey (its rows sum to
// 1), and takes away the distinction its vision lacks: red and green
// collapse under protan and deutan, blue and green under tritan.
func TestSimulation(t *testing.T) {
	for _, v := range Visions {
		for _, grey := range []string{"#ffffff", "#808080", "#000000"} {
			if d := Difference(grey, grey, Normal) + DeltaE2000(LabOf(grey, v), LabOf(grey, Normal)); d > 0.1 {
				t.Errorf("%s: %s moves by %.2f", v, grey, d)
			}
		}
	}
	pairs := map[Vision][2]string{Protan: {"#e41a1c", "#4daf4a"}, Deutan: {"#e41a1c", "#4daf4a"}, Tritan: {"#377eb8", "#4daf4a"}}
	for v, p := range pairs {
		normal, sim := Difference(p[0], p[1], Normal), Difference(p[0], p[1], v)
		if sim > normal/2 {
			t.Errorf("%s: %s vs %s only falls from %.1f to %.1f", v, p[0], p[1], normal, sim)
		}
	}
}

// rampFigures are a ramp's smallest CIEDE2000 differences, per vision,
// between neighbouring classes and between any class and white.
type rampFigures struct {
	neighbours, white map[Vision]float64
	worstPair         map[Vision]int // index of the first colour of the closest neighbours
}

func figures(ramp []string) rampFigures {
	f := rampFigures{neighbours: map[Vision]float64{}, white: map[Vision]float64{}, worstPair: map[Vision]int{}}
	for _, v := range Visions {
		f.neighbours[v], f.white[v] = math.Inf(1), math.Inf(1)
		for i, c := range ramp {
			if d := Difference(c, "#ffffff", v); d < f.white[v] {
				f.white[v] = d
			}
			if i+1 < len(ramp) {
				if d := Difference(c, ramp[i+1], v); d < f.neighbours[v] {
					f.neighbours[v], f.worstPair[v] = d, i
				}
			}
		}
	}
	return f
}

// problems lists where a ten-class ramp falls short of what the maps need:
// neighbouring classes at least 5 apart (CIEDE2000) under normal vision
// and 3 under each dichromacy, every class at least 5 from white under
// normal vision (3 under each dichromacy), and lightness rising from
// decile 1 (darkest) to 10 under every vision, so the order reads without
// hue.
func problems(ramp []string) []string {
	var out []string
	if len(ramp) != 10 {
		out = append(out, fmt.Sprintf("%d classes, want 10", len(ramp)))
	}
	f := figures(ramp)
	for _, v := range Visions {
		need := 3.0
		if v == Normal {
			need = 5
		}
		if d := f.neighbours[v]; d < need {
			i := f.worstPair[v]
			out = append(out, fmt.Sprintf("%s: deciles %d and %d (%s, %s) are %.2f apart, want >= %g", v, i+1, i+2, ramp[i], ramp[i+1], d, need))
		}
		if d := f.white[v]; d < need {
			out = append(out, fmt.Sprintf("%s: a class is %.2f from white, want >= %g", v, d, need))
		}
		for i := 0; i+1 < len(ramp); i++ {
			if LabOf(ramp[i], v).L >= LabOf(ramp[i+1], v).L {
				out = append(out, fmt.Sprintf("%s: decile %d is not darker than decile %d", v, i+1, i+2))
			}
		}
	}
	return out
}

// The decile palette has the properties the maps need, and prints its
// figures; the ramp it replaced does not.
func TestDecileProperties(t *testing.T) {
	ramp := Deciles()
	for _, p := range problems(ramp) {
		t.Error(p)
	}
	f := figures(ramp)
	for _, v := range Visions {
		i := f.worstPair[v]
		t.Logf("%-6s min CIEDE2000 between neighbours %5.2f (deciles %d/%d), min vs white %5.2f",
			v, f.neighbours[v], i+1, i+2, f.white[v])
	}
	seen := map[string]bool{}
	for d, c := range ramp {
		if _, err := RGB(c); err != nil || c != strings.ToLower(c) {
			t.Errorf("decile %d: %q is not lower-case #rrggbb", d+1, c)
		}
		if seen[c] {
			t.Errorf("decile %d: %s repeats", d+1, c)
		}
		seen[c] = true
		if got := Decile(float64(d + 1)); got != c {
			t.Errorf("Decile(%d) = %s, want %s", d+1, got, c)
		}
	}
}

// The old ramp (ColorBrewer YlOrRd's nine classes plus an invented tenth)
// must fail the same test: deciles 9 and 10 (#ffffcc, #ffffe5) merge under
// tritanopia.
func TestOldRampFails(t *testing.T) {
	old := []string{"#800026", "#bd0026", "#e31a1c", "#fc4e2a", "#fd8d3c", "#feb24c", "#fed976", "#ffeda0", "#ffffcc", "#ffffe5"}
	p := problems(old)
	if len(p) == 0 {
		t.Fatal("the old YlOrRd-plus-one ramp passes; the property test is too weak")
	}
	found := false
	for _, s := range p {
		t.Logf("old ramp: %s", s)
		found = found || strings.Contains(s, "deciles 9 and 10")
	}
	if !found {
		t.Errorf("deciles 9 and 10 of the old ramp not reported: %v", p)
	}
}

func TestDecile(t *testing.T) {
	for _, d := range []float64{math.NaN(), 0, 11, -1, 2.5, math.Inf(1)} {
		if got := Decile(d); got != NoData {
			t.Errorf("Decile(%v) = %s, want NoData", d, got)
		}
	}
	a := Deciles()
	a[0] = "#000000"
	if Deciles()[0] == "#000000" {
		t.Error("Deciles returned the package's own array")
	}
}

// Text on every decile fill is readable (WCAG 2 AA, 4.5:1), and the
// colours drawn with the deciles stand apart from them.
func TestInksAndAccents(t *testing.T) {
	for d, c := range Deciles() {
		ink := InkOn(c)
		if r := Contrast(ink, c); r < 4.5 {
			t.Errorf("decile %d (%s): %s text has contrast %.2f, want >= 4.5", d+1, c, ink, r)
		}
	}
	if Accent != Deciles()[1] {
		t.Errorf("Accent %s is not decile 2 (%s)", Accent, Deciles()[1])
	}
	if r := Contrast(Accent, "#ffffff"); r < 4.5 {
		t.Errorf("Accent has contrast %.2f on white, want >= 4.5", r)
	}
	for _, v := range Visions {
		need := 3.0
		if v == Normal {
			need = 5
		}
		if d := Difference(Accent, Unselected, v); d < need {
			t.Errorf("%s: Accent and Unselected are %.2f apart, want >= %g", v, d, need)
		}
		for i, c := range Deciles() {
			if d := Difference(NoData, c, v); d < need {
				t.Errorf("%s: NoData and decile %d are %.2f apart, want >= %g", v, i+1, d, need)
			}
			// Selected areas (mostly decile 1) keep a visible outline.
			if d := Difference(SelectedOutline, c, v); d < 20 {
				t.Errorf("%s: the selected outline is %.2f from decile %d, want >= 20", v, d, i+1)
			}
		}
	}
	for _, c := range []string{Accent, Unselected, NoData, SelectedOutline, WardBoundary, AreaEdge, LegendEdge, LightInk, DarkInk} {
		if _, err := RGB(c); err != nil {
			t.Error(err)
		}
	}
}

func TestRGB(t *testing.T) {
	if c, err := RGB("#6A176e"); err != nil || c != [3]uint8{0x6a, 0x17, 0x6e} {
		t.Errorf("RGB: %v %v", c, err)
	}
	for _, bad := range []string{"", "6a176e", "#6a176", "#6a176eff", "#6g176e", "red"} {
		if _, err := RGB(bad); err == nil {
			t.Errorf("RGB(%q) accepted", bad)
		}
	}
}
