package notebooksexport

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/manchester-insight/targeting/engine"
)

// Today nothing is sensitive: tables pass through unchanged.
func TestDiscloseDefaultPassesThrough(t *testing.T) {
	res := example(t)
	out, n, err := DefaultDisclosure().disclose("areas", res.Areas)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Release()
	if n != 0 || out != res.Areas {
		t.Errorf("suppressed %d cells, same record %v", n, out == res.Areas)
	}
}

// When a field holds service-usage counts, values below MinCount (0
// included) become null and nothing else changes.
func TestDiscloseSuppressesSmallCounts(t *testing.T) {
	rec, err := engine.NewRecord([]string{"area_code", "visits", "households", "rate"},
		[]any{[]string{"a", "b", "c", "d"}, []int64{0, 9, 10, 250}, []float64{3, 12.5, 9.99, 40}, []float64{1, 2, 3, 4}})
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	d := Disclosure{Sensitive: func(layer, field string) bool {
		return layer == "areas" && (field == "visits" || field == "households")
	}}
	out, n, err := d.disclose("areas", rec)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Release()
	if n != 4 {
		t.Errorf("suppressed %d cells, want 4", n)
	}
	visits, households, rate := out.Column(1), out.Column(2), out.Column(3)
	for i, want := range []bool{true, true, false, false} {
		if visits.IsNull(i) != want {
			t.Errorf("visits[%d] null %v, want %v", i, visits.IsNull(i), want)
		}
	}
	for i, want := range []bool{true, false, true, false} {
		if households.IsNull(i) != want {
			t.Errorf("households[%d] null %v, want %v", i, households.IsNull(i), want)
		}
	}
	if rate.NullN() != 0 {
		t.Error("a field that is not sensitive was changed")
	}
	if _, _, err := d.disclose("areas", mustRecord(t, []string{"visits"}, []any{[]string{"x"}})); err == nil {
		t.Error("a text column marked as counts was accepted")
	}
}

func mustRecord(t *testing.T, names []string, cols []any) arrow.RecordBatch {
	t.Helper()
	rec, err := engine.NewRecord(names, cols)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rec.Release)
	return rec
}
