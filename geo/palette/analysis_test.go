package palette

import "testing"

// distinct checks every pair of colours is at least min apart (CIEDE2000)
// under every vision.
func distinct(t *testing.T, name string, colours []string, min float64) {
	t.Helper()
	for _, v := range Visions {
		for i := range colours {
			for j := i + 1; j < len(colours); j++ {
				if d := Difference(colours[i], colours[j], v); d < min {
					t.Errorf("%s: %s and %s are %.1f apart under %s vision, want >= %g", name, colours[i], colours[j], d, v, min)
				}
			}
		}
	}
}

func TestSequential(t *testing.T) {
	for n := 2; n <= 10; n++ {
		s := Sequential(n)
		if len(s) != n || s[0] != deciles[9] || s[n-1] != deciles[0] {
			t.Errorf("Sequential(%d) = %v: want %d classes from decile 10 to decile 1", n, s, n)
		}
		distinct(t, "Sequential", s, 5)
		for _, v := range Visions {
			for i := 1; i < n; i++ {
				if LabOf(s[i], v).L >= LabOf(s[i-1], v).L {
					t.Errorf("Sequential(%d) lightness does not fall at class %d under %s", n, i, v)
				}
			}
		}
	}
	if Sequential(1) != nil || Sequential(11) != nil {
		t.Error("Sequential outside 2..10 should be nil")
	}
}

func TestAnalysisColours(t *testing.T) {
	if Leaves != Diverging[0] || Enters != Diverging[4] {
		t.Error("Leaves/Enters are not Diverging's ends")
	}
	distinct(t, "comparison", []string{Neither, Both, Leaves, Enters}, 10)
	distinct(t, "robustness", append([]string{NeverSel}, Sequential(4)...), 5)
	distinct(t, "diverging", Diverging[:], 5)
	distinct(t, "LISA", []string{LISANotSignificant, LISAHighHigh, LISALowLow, LISAHighLow, LISALowHigh}, 3)
}
