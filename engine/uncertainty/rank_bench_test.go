package uncertainty

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/manchester-insight/targeting/engine"
)

func benchScores(n int) ([]float64, []string) {
	r := rand.New(rand.NewPCG(1, 2))
	s := make([]float64, n)
	c := make([]string, n)
	for i := range s {
		s[i] = r.Float64() * 100
		c[i] = fmt.Sprintf("E%08d", i)
	}
	return s, c
}

func BenchmarkRanker32844(b *testing.B) {
	s, _ := benchScores(32844)
	rk := newRanker(len(s))
	rank := make([]int32, len(s))
	for b.Loop() {
		rk.rank(s, rank)
	}
}

func BenchmarkEngineRankByNeed32844(b *testing.B) {
	s, c := benchScores(32844)
	for b.Loop() {
		engine.RankByNeed(s, c)
	}
}
