package engine

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// The IoD exponential transformation at published reference points
// (N = 32,844; R = rank scaled to (0,1], 1 = most deprived).
func TestExpTransformGolden(t *testing.T) {
	for _, tc := range []struct{ r, want float64 }{
		{0.5, 15.647}, {0.9, 50.427}, {0.99, 86.957}, {1, 100.000},
	} {
		if got := ExpTransform(tc.r); math.Abs(got-tc.want) > 0.0005 {
			t.Errorf("ExpTransform(%g) = %.4f, want %.3f", tc.r, got, tc.want)
		}
	}
	// From national ranks: rank 1 of N is R = 1 -> 100; rank N is R = 1/N -> ~0.
	got, err := Normalise([]float64{1, 32844, 16423}, HigherIsBetter, Normalisation{Method: Exponential, RankInput: true, N: 32844})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got[0]-100) > 1e-9 || got[1] > 0.01 || math.Abs(got[2]-ExpTransform(16422.0/32844)) > 1e-12 {
		t.Errorf("exponential from ranks = %v", got)
	}
}

func TestNormaliseMethods(t *testing.T) {
	x := []float64{10, 20, 30, 40}
	for _, tc := range []struct {
		name string
		dir  Direction
		n    Normalisation
		want []float64
	}{
		{"none", HigherIsWorse, Normalisation{Method: None}, []float64{10, 20, 30, 40}},
		{"none better", HigherIsBetter, Normalisation{Method: None}, []float64{-10, -20, -30, -40}},
		{"rank", HigherIsWorse, Normalisation{Method: Rank}, []float64{1, 2, 3, 4}},
		{"rank better", HigherIsBetter, Normalisation{Method: Rank}, []float64{4, 3, 2, 1}},
		{"percentile", HigherIsWorse, Normalisation{Method: Percentile}, []float64{25, 50, 75, 100}},
		{"minmax", HigherIsWorse, Normalisation{Method: MinMax}, []float64{0, 100.0 / 3, 200.0 / 3, 100}},
		{"minmax better", HigherIsBetter, Normalisation{Method: MinMax}, []float64{100, 200.0 / 3, 100.0 / 3, 0}},
		{"zscore", HigherIsWorse, Normalisation{Method: ZScore}, []float64{-1.161895, -0.387298, 0.387298, 1.161895}},
		{"log", HigherIsWorse, Normalisation{Method: Log}, []float64{math.Log(11), math.Log(21), math.Log(31), math.Log(41)}},
		{"distance", HigherIsWorse, Normalisation{Method: Distance, Reference: 20}, []float64{-50, 0, 50, 100}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Normalise(x, tc.dir, tc.n)
			if err != nil {
				t.Fatal(err)
			}
			for i := range got {
				if math.Abs(got[i]-tc.want[i]) > 1e-6 {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
}

func TestNormaliseTiesAndMissing(t *testing.T) {
	got, _ := Normalise([]float64{5, math.NaN(), 5, 1}, HigherIsWorse, Normalisation{Method: Rank})
	if got[0] != 2.5 || got[2] != 2.5 || got[3] != 1 || !math.IsNaN(got[1]) {
		t.Errorf("ties/missing: got %v, want [2.5 NaN 2.5 1]", got)
	}
}

func TestNormaliseErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    []float64
		n    Normalisation
	}{
		{"constant minmax", []float64{3, 3}, Normalisation{Method: MinMax}},
		{"constant zscore", []float64{3, 3}, Normalisation{Method: ZScore}},
		{"log of -2", []float64{-2, 3}, Normalisation{Method: Log}},
		{"rank out of range", []float64{0, 3}, Normalisation{Method: Exponential, RankInput: true, N: 10}},
		{"rank without N", []float64{1, 3}, Normalisation{Method: Exponential, RankInput: true}},
		{"unknown", []float64{1}, Normalisation{Method: "cube"}},
	} {
		if _, err := Normalise(tc.x, HigherIsWorse, tc.n); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

// Property: a monotone normalisation never reorders areas.
func TestMonotoneNormalisationKeepsOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 50; trial++ {
		x := make([]float64, 200)
		for i := range x {
			x[i] = rng.Float64() * 1000
		}
		codes := make([]string, len(x))
		for i := range codes {
			codes[i] = string(rune('A'+i%26)) + string(rune('a'+i/26))
		}
		base := RankByNeed(x, codes)
		for _, m := range []Method{None, Rank, Percentile, ZScore, MinMax, Log, Exponential} {
			n, err := Normalise(x, HigherIsWorse, Normalisation{Method: m})
			if err != nil {
				t.Fatal(err)
			}
			if got := RankByNeed(n, codes); !slices.Equal(got, base) {
				t.Fatalf("%s reorders areas", m)
			}
		}
	}
}

// Tied published ranks are transformed at their mean position, as File 9 is.
func TestExponentialTies(t *testing.T) {
	got, err := Normalise([]float64{1, 2, 2, 4}, HigherIsBetter, Normalisation{Method: Exponential, RankInput: true, N: 4})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{ExpTransform(1), ExpTransform(2.5 / 4), ExpTransform(2.5 / 4), ExpTransform(1.0 / 4)}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if _, err := Normalise([]float64{4, 4}, HigherIsBetter, Normalisation{Method: Exponential, RankInput: true, N: 4}); err == nil {
		t.Error("rank N shared by two areas: no error")
	}
	// Ranking values here: ties share the mean rank too.
	got, _ = Normalise([]float64{10, 5, 5, 1}, HigherIsWorse, Normalisation{Method: Exponential})
	if got[1] != got[2] || math.Abs(got[0]-100) > 1e-9 {
		t.Errorf("value ties: %v", got)
	}
}
