package gpkg

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

func TestLayerGeometryType(t *testing.T) {
	tests := []struct {
		name    string
		geoms   []orb.Geometry
		want    string
		promote bool
	}{
		{"polygons", []orb.Geometry{square(0, 0), square(1, 1)}, "POLYGON", false},
		{"polygons and nil", []orb.Geometry{square(0, 0), nil}, "POLYGON", false},
		{"mixed", []orb.Geometry{square(0, 0), orb.MultiPolygon{square(1, 1)}}, "MULTIPOLYGON", true},
		{"multipolygons", []orb.Geometry{orb.MultiPolygon{square(1, 1)}}, "MULTIPOLYGON", true},
		{"ring and bound count as polygons", []orb.Geometry{square(0, 0)[0], orb.Bound{}}, "POLYGON", false},
		{"points", []orb.Geometry{square(0, 0), orb.Point{1, 2}}, "GEOMETRY", false},
		{"no geometries", []orb.Geometry{nil, nil}, "GEOMETRY", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, promote, err := layerGeometryType(tc.geoms)
			if err != nil || got != tc.want || promote != tc.promote {
				t.Errorf("got %s promote=%v err=%v, want %s promote=%v", got, promote, err, tc.want, tc.promote)
			}
		})
	}
}

func TestGPBEncode(t *testing.T) {
	sq := square(0, 0)
	tests := []struct {
		name    string
		geom    orb.Geometry
		promote bool
		flags   byte
		env     []float64 // minx, maxx, miny, maxy; nil = no envelope
		wkbType uint32
	}{
		{"polygon", sq, false, 0x03, []float64{originE, originE + cell, originN, originN + cell}, 3},
		{"promoted polygon", sq, true, 0x03, []float64{originE, originE + cell, originN, originN + cell}, 6},
		{"multipolygon", orb.MultiPolygon{square(0, 0), square(2, 3)}, false, 0x03,
			[]float64{originE, originE + 3*cell, originN, originN + 4*cell}, 6},
		{"ring", sq[0], false, 0x03, []float64{originE, originE + cell, originN, originN + cell}, 3},
		{"empty polygon", orb.Polygon{}, false, 0x11, nil, 3},
		{"empty promoted", orb.Polygon{}, true, 0x11, nil, 6},
	}
	enc := newGPBEncoder()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			blob, env, err := enc.encode(normalise(tc.geom, tc.promote), 27700)
			if err != nil {
				t.Fatal(err)
			}
			if string(blob[:2]) != "GP" || blob[2] != 0 || blob[3] != tc.flags {
				t.Fatalf("header % x, want flags %#x", blob[:4], tc.flags)
			}
			if got := binary.LittleEndian.Uint32(blob[4:8]); got != 27700 {
				t.Errorf("srs_id = %d", got)
			}
			body := blob[8:]
			if tc.env == nil {
				if !env.isEmpty() {
					t.Errorf("envelope %v for an empty geometry", env)
				}
			} else {
				for i, want := range tc.env {
					if got := math.Float64frombits(binary.LittleEndian.Uint64(blob[8+8*i:])); got != want {
						t.Errorf("envelope[%d] = %v, want %v", i, got, want)
					}
				}
				if env != (envelope{tc.env[0], tc.env[1], tc.env[2], tc.env[3]}) {
					t.Errorf("returned envelope %v", env)
				}
				body = blob[40:]
			}
			if body[0] != 1 || binary.LittleEndian.Uint32(body[1:5]) != tc.wkbType {
				t.Errorf("WKB byte order %d type %d, want 1 %d", body[0], binary.LittleEndian.Uint32(body[1:5]), tc.wkbType)
			}
			if _, err := wkb.Unmarshal(body); err != nil {
				t.Errorf("WKB does not decode: %v", err)
			}
		})
	}
}

func TestHilbertKeyVisitsEveryCell(t *testing.T) {
	const n = 16
	seen := map[uint64]bool{}
	for x := uint32(0); x < n; x++ {
		for y := uint32(0); y < n; y++ {
			seen[hilbertKey(n, x, y)] = true
		}
	}
	if len(seen) != n*n {
		t.Fatalf("%d distinct keys for %d cells", len(seen), n*n)
	}
	for d := uint64(0); d < n*n; d++ {
		if !seen[d] {
			t.Fatalf("key %d missing", d)
		}
	}
}
