package explore

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// svgMap is the map's geometry as SVG path data in a picture frame
// (EPSG:27700 metres scaled to mapWidth units, y down), drawn once on the
// server; the page only recolours and outlines the paths.
type svgMap struct {
	Width  float64    `json:"width"`
	Height float64    `json:"height"`
	Areas  []string   `json:"areas"` // per area, aligned with meta.codes
	Wards  []string   `json:"wards"` // per ward, aligned with meta.ward_codes
	Labels []wardText `json:"labels"`
}

type wardText struct {
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
	Name string  `json:"name"`
}

const mapWidth = 1000.0

func newSVGMap(areas, wards []orb.Geometry, wardNames []string) *svgMap {
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, g := range areas {
		if g != nil {
			b = b.Union(g.Bound())
		}
	}
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	if !(w > 0 && h > 0) {
		return nil
	}
	k := mapWidth / w
	xy := func(p orb.Point) (float64, float64) { return (p[0] - b.Min[0]) * k, (b.Max[1] - p[1]) * k }
	m := &svgMap{Width: mapWidth, Height: math.Ceil(h * k)}
	for _, g := range areas {
		m.Areas = append(m.Areas, pathData(xy, g))
	}
	for i, g := range wards {
		m.Wards = append(m.Wards, pathData(xy, g))
		if g == nil || i >= len(wardNames) {
			continue
		}
		c, _ := planar.CentroidArea(g)
		x, y := xy(c)
		m.Labels = append(m.Labels, wardText{X: round1(x), Y: round1(y), Name: wardNames[i]})
	}
	return m
}

// pathData is an SVG path for a polygon or multipolygon, one decimal,
// consecutive duplicate points dropped.
func pathData(xy func(orb.Point) (float64, float64), g orb.Geometry) string {
	var polys []orb.Polygon
	switch t := g.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{t}
	case orb.MultiPolygon:
		polys = t
	}
	var b strings.Builder
	for _, poly := range polys {
		for _, ring := range poly {
			if len(ring) < 3 {
				continue
			}
			last := ""
			for k, p := range ring {
				x, y := xy(p)
				pt := strconv.FormatFloat(round1(x), 'f', -1, 64) + " " + strconv.FormatFloat(round1(y), 'f', -1, 64)
				if pt == last {
					continue
				}
				if k == 0 {
					b.WriteByte('M')
				} else {
					b.WriteByte('L')
				}
				b.WriteString(pt)
				last = pt
			}
			b.WriteByte('Z')
		}
	}
	return b.String()
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
