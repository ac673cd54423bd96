package notebooksexport

import (
	"testing"

	"github.com/paulmach/orb"
)

// A C-shaped ward's label goes inside the shape, where its centroid (in
// the gap of the C) would not be.
func TestLabelInsideCrescent(t *testing.T) {
	c := orb.Polygon{{{0, 0}, {10, 0}, {10, 2}, {2, 2}, {2, 8}, {10, 8}, {10, 10}, {0, 10}, {0, 0}}}
	cands := labelCandidates(c)
	if len(cands) == 0 {
		t.Fatal("no candidates")
	}
	for _, p := range cands {
		if !inside(c, p) {
			t.Errorf("candidate %v is outside the ward", p)
		}
	}
	if got := labelLines("Miles Platting & Newton Heath", 14); len(got) != 2 || got[0] != "Miles Platting" {
		t.Errorf("lines %q", got)
	}
	if got := labelLines("Deansgate", 14); len(got) != 1 {
		t.Errorf("lines %q", got)
	}
}
