package spatial

import "testing"

// benchData is a 41 x 41 queen lattice (1,681 areas, about the size of a
// city's LSOAs) with a smooth trend plus noise.
func benchData(b *testing.B) ([]float64, Weights) {
	const side = 41
	rng := newTestRand(5)
	x := make([]float64, side*side)
	for i := range x {
		x[i] = float64(i%side+i/side)/10 + rng.NormFloat64()
	}
	return x, mustBinary(b, gridNeighbours(side, side, true)).RowStandardise()
}

func BenchmarkLocalMoran999(b *testing.B) {
	x, w := benchData(b)
	for b.Loop() {
		LocalMoran(x, w, 999, 1)
	}
}

func BenchmarkMoranPermutation999(b *testing.B) {
	x, w := benchData(b)
	for b.Loop() {
		MoranPermutation(x, w, 999, 1)
	}
}

func BenchmarkGiStar(b *testing.B) {
	x, w := benchData(b)
	for b.Loop() {
		GiStar(x, w)
	}
}
