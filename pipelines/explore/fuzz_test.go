package explore

import (
	"bytes"
	"math"
	"testing"
)

// FuzzDecodeRequest: any bytes decode to a request or an error, never a
// panic; a decoded request holds only finite, non-negative weights and a
// well-formed rule.
func FuzzDecodeRequest(f *testing.F) {
	for _, s := range []string{
		`{}`,
		`{"weights": {"income": 0.3, "fuel_poverty": 0.2}, "normalise": true}`,
		`{"domain_weights": {"income": 0.225}, "selection": {"top_percent": 10}}`,
		`{"selection": {"top_n": 57}, "area": "E01005088"}`,
		`{"selection": {"max_decile": 2}}`,
		`{"weights": {"income": -1}}`,
		`{"weights": {"income": 1e309}}`,
		`{"weights": {"income": NaN}}`,
		`{"selection": {"top_n": 1, "top_percent": 5}}`,
		`{"weights": {"a": 1}} trailing`,
		`{"file": "/etc/passwd"}`,
		`[]`, `null`, ``, `{"weights": null}`, `{"area": "` + string(bytes.Repeat([]byte("x"), 100)) + `"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		req, err := DecodeRequest(bytes.NewReader(b))
		if err != nil {
			if req != nil || err.Error() == "" {
				t.Fatalf("error %v with request %v", err, req)
			}
			return
		}
		for _, m := range []map[string]float64{req.Weights, req.DomainWeights} {
			for id, w := range m {
				if !(w >= 0) || math.IsInf(w, 0) {
					t.Fatalf("weight %q = %g accepted", id, w)
				}
			}
		}
		if r := req.Selection; r != nil && r.validate() != nil {
			t.Fatalf("rule %+v accepted", r)
		}
		if len(req.Area) > 64 {
			t.Fatalf("area of %d bytes accepted", len(req.Area))
		}
	})
}
