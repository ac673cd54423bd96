package geojson

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestPrepareWinding(t *testing.T) {
	ccw := orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}
	cw := orb.Ring{{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}
	holeCW := orb.Ring{{0.2, 0.2}, {0.2, 0.8}, {0.8, 0.8}, {0.8, 0.2}, {0.2, 0.2}}
	holeCCW := orb.Ring{{0.2, 0.2}, {0.8, 0.2}, {0.8, 0.8}, {0.2, 0.8}, {0.2, 0.2}}
	tests := []struct {
		name string
		in   orb.Geometry
		want orb.Geometry
	}{
		{"right already", orb.Polygon{ccw, holeCW}, orb.Polygon{ccw, holeCW}},
		{"exterior reversed", orb.Polygon{cw}, orb.Polygon{ccw}},
		{"hole reversed", orb.Polygon{ccw, holeCCW}, orb.Polygon{ccw, holeCW}},
		{"both reversed in a multipolygon", orb.MultiPolygon{{cw, holeCCW}, {ccw}}, orb.MultiPolygon{{ccw, holeCW}, {ccw}}},
		{"ring becomes polygon", cw, orb.Polygon{ccw}},
		{"bound becomes polygon", orb.Bound{Max: orb.Point{1, 1}}, orb.Polygon{ccw}},
		{"unclosed ring closed", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}, orb.Polygon{ccw}},
		{"rounded", orb.Point{-2.24260049, 53.48080051}, orb.Point{-2.2426, 53.480801}},
		{"nil", nil, nil},
		{"collection", orb.Collection{orb.Polygon{cw}, orb.LineString{{0, 0}, {1, 1}}}, orb.Collection{orb.Polygon{ccw}, orb.LineString{{0, 0}, {1, 1}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var before orb.Geometry
			if tc.in != nil {
				before = orb.Clone(tc.in)
			}
			got, err := prepare(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if !orb.Equal(got, tc.want) && !(got == nil && tc.want == nil) {
				t.Errorf("prepare = %v, want %v", got, tc.want)
			}
			if tc.in != nil && !orb.Equal(tc.in, before) {
				t.Errorf("input modified: %v", tc.in)
			}
		})
	}
}

func TestAppendGeometry(t *testing.T) {
	tests := []struct {
		name string
		in   orb.Geometry
		want string
	}{
		{"point", orb.Point{-2.5, 53}, `{"type":"Point","coordinates":[-2.5,53]}`},
		{"polygon", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`},
		{"multipolygon", orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, {{{2, 2}, {3, 2}, {3, 3}, {2, 2}}}},
			`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]}`},
		{"multilinestring", orb.MultiLineString{{{0, 0}, {1, 1}}}, `{"type":"MultiLineString","coordinates":[[[0,0],[1,1]]]}`},
		{"collection", orb.Collection{orb.Point{1, 2}}, `{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}`},
		{"null", nil, `null`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(appendGeometry(nil, tc.in)); got != tc.want {
				t.Errorf("got %s\nwant %s", got, tc.want)
			}
		})
	}
}
