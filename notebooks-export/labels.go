package notebooksexport

import (
	"math"
	"sort"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// labelCandidates lists points well inside g where its label can go, best
// first: the grid points of its largest polygon ordered by distance to the
// boundary (a coarse "pole of inaccessibility", which unlike the centroid is
// always inside, even for crescent-shaped wards). Candidates are at least
// a fifth of the polygon's size apart, so the alternatives differ.
func labelCandidates(g orb.Geometry) []orb.Point {
	var best orb.Polygon
	bestArea := -1.0
	for _, p := range polygons(g) {
		if a := math.Abs(planar.Area(p)); a > bestArea {
			best, bestArea = p, a
		}
	}
	if len(best) == 0 || len(best[0]) < 3 {
		return nil
	}
	b := best.Bound()
	const n = 28
	type cand struct {
		p orb.Point
		d float64
	}
	var cs []cand
	for i := 0; i <= n; i++ {
		for j := 0; j <= n; j++ {
			p := orb.Point{b.Min[0] + (b.Max[0]-b.Min[0])*float64(i)/n, b.Min[1] + (b.Max[1]-b.Min[1])*float64(j)/n}
			if inside(best, p) {
				cs = append(cs, cand{p, edgeDistance(best, p)})
			}
		}
	}
	if len(cs) == 0 {
		return []orb.Point{b.Center()}
	}
	sort.Slice(cs, func(a, b int) bool { return cs[a].d > cs[b].d })
	minGap := math.Max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]) / 5
	var out []orb.Point
	for _, c := range cs {
		far := true
		for _, o := range out {
			if math.Hypot(c.p[0]-o[0], c.p[1]-o[1]) < minGap {
				far = false
				break
			}
		}
		if far {
			out = append(out, c.p)
		}
		if len(out) == 6 {
			break
		}
	}
	return out
}

// inside is the even-odd point-in-polygon test (holes excluded).
func inside(poly orb.Polygon, p orb.Point) bool {
	in := false
	for _, ring := range poly {
		for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
			a, b := ring[i], ring[j]
			if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
				in = !in
			}
		}
	}
	return in
}

// edgeDistance is the distance from p to the nearest edge of poly.
func edgeDistance(poly orb.Polygon, p orb.Point) float64 {
	d := math.Inf(1)
	for _, ring := range poly {
		for i := 1; i < len(ring); i++ {
			d = math.Min(d, planar.DistanceFromSegment(ring[i-1], ring[i], p))
		}
	}
	return d
}

// labelLines splits a long name onto two lines at the space nearest its
// middle, so labels stay compact on small wards.
func labelLines(name string, max int) []string {
	if len(name) <= max || !strings.Contains(name, " ") {
		return []string{name}
	}
	mid, at := len(name)/2, -1
	for i, c := range name {
		if c == ' ' && (at < 0 || abs(i-mid) < abs(at-mid)) {
			at = i
		}
	}
	return []string{name[:at], name[at+1:]}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// box is a label's extent in picture units.
type box struct{ x0, y0, x1, y1 float64 }

func (a box) overlaps(b box) bool {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

// placedLabel is a label at its chosen position.
type placedLabel struct {
	x, y  float64 // centre, picture units
	lines []string
}

// placeLabels picks, for each geometry, the first candidate point whose
// label box overlaps no label placed before, or the best point when all
// collide. Small geometries go first: they have the fewest good spots.
// charW and lineH are the font's average character width and line height.
func placeLabels(f frame, gs []orb.Geometry, names []string, charW, lineH float64, maxChars int) []placedLabel {
	order := make([]int, len(gs))
	area := make([]float64, len(gs))
	for i := range order {
		order[i] = i
		if gs[i] != nil {
			area[i] = math.Abs(planar.Area(gs[i]))
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return area[order[a]] < area[order[b]] })
	out := make([]placedLabel, len(gs))
	var taken []box
	for _, i := range order {
		lines := labelLines(names[i], maxChars)
		w := 0.0
		for _, l := range lines {
			w = math.Max(w, float64(len([]rune(l)))*charW)
		}
		h := float64(len(lines)) * lineH
		boxAt := func(p orb.Point) box {
			x, y := f.xy(p)
			const gap = 2 // between neighbouring labels
			return box{x - w/2 - gap, y - h/2, x + w/2 + gap, y + h/2}
		}
		cands := labelCandidates(gs[i])
		if len(cands) == 0 {
			continue
		}
		chosen := boxAt(cands[0])
		for _, c := range cands {
			bx := boxAt(c)
			if !slicesAny(taken, bx.overlaps) {
				chosen = bx
				break
			}
		}
		taken = append(taken, chosen)
		out[i] = placedLabel{x: (chosen.x0 + chosen.x1) / 2, y: (chosen.y0 + chosen.y1) / 2, lines: lines}
	}
	return out
}

// slicesAny reports whether any box satisfies ok.
func slicesAny(bs []box, ok func(box) bool) bool {
	for _, b := range bs {
		if ok(b) {
			return true
		}
	}
	return false
}
