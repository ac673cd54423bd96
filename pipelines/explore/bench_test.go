package explore

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/manchester-insight/targeting/internal/scenario"
)

// benchScore times what a slider move costs the server: decode the
// request, rebuild the model, score with the engine, summarise by ward,
// encode the JSON response (the handler, without the network).
func benchScore(b *testing.B, s *Server, body func(i int) string) {
	h := s.Handler("127.0.0.1:1")
	i := 0
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:1/api/score", strings.NewReader(body(i)))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
		i++
	}
}

// BenchmarkRecomputeManchester: examples/cost-of-living.yaml, 282 areas.
func BenchmarkRecomputeManchester(b *testing.B) {
	s := manchesterServer(b)
	benchScore(b, s, func(i int) string {
		return fmt.Sprintf(`{"weights": {"fuel_poverty": %g}}`, 0.1+float64(i%50)/100)
	})
}

// BenchmarkRecomputeNational: examples/imd2019.yaml, all 32,844 English
// LSOAs (no boundaries: table only).
func BenchmarkRecomputeNational(b *testing.B) {
	sc, err := scenario.Load("../../examples/imd2019.yaml")
	if err != nil {
		b.Fatal(err)
	}
	s, err := New(sc, Options{}, quiet)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	id := sc.Indicators[0].ID
	benchScore(b, s, func(i int) string {
		return fmt.Sprintf(`{"weights": {%q: %g}}`, id, 0.1+float64(i%50)/100)
	})
}
