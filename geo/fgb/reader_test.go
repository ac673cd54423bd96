package fgb

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo/fgb/internal/fbs"
)

// testFile is a written file decoded by a minimal reader that follows the
// spec independently of the writer's code paths.
type testFile struct {
	t        *testing.T
	header   *fbs.Header
	nodes    []node // whole index, root first
	features []testFeature
	offsets  map[uint64]int // feature byte offset -> file position
}

type testFeature struct {
	id    int64
	props map[string]any
	geom  orb.Geometry
}

func readFile(t *testing.T, path string) *testFile {
	t.Helper()
	buf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf[:8], magic) {
		t.Fatalf("magic % x", buf[:8])
	}
	hlen := int(binary.LittleEndian.Uint32(buf[8:]))
	f := &testFile{t: t, header: fbs.GetSizePrefixedRootAsHeader(buf[8:12+hlen], 0), offsets: map[uint64]int{}}
	pos := 12 + hlen
	n := int(f.header.FeaturesCount())
	if f.header.IndexNodeSize() > 0 && n > 0 {
		if f.header.IndexNodeSize() != nodeSize {
			t.Fatalf("node size %d", f.header.IndexNodeSize())
		}
		total := levelBounds(n, nodeSize)[0][1]
		for range total {
			var nd node
			le := binary.LittleEndian
			nd.minX = math.Float64frombits(le.Uint64(buf[pos:]))
			nd.minY = math.Float64frombits(le.Uint64(buf[pos+8:]))
			nd.maxX = math.Float64frombits(le.Uint64(buf[pos+16:]))
			nd.maxY = math.Float64frombits(le.Uint64(buf[pos+24:]))
			nd.offset = le.Uint64(buf[pos+32:])
			f.nodes = append(f.nodes, nd)
			pos += nodeItemSize
		}
	}
	start := pos
	for pos < len(buf) {
		flen := int(binary.LittleEndian.Uint32(buf[pos:]))
		f.offsets[uint64(pos-start)] = len(f.features)
		ft := fbs.GetSizePrefixedRootAsFeature(buf[pos:pos+4+flen], 0)
		f.features = append(f.features, f.decodeFeature(ft))
		pos += 4 + flen
	}
	return f
}

func (f *testFile) columnSummary() []string {
	var out []string
	var c fbs.Column
	for i := range f.header.ColumnsLength() {
		f.header.Columns(&c, i)
		out = append(out, fmt.Sprintf("%s:%s:%v", c.Name(), c.Type(), c.Nullable()))
	}
	return out
}

func (f *testFile) envelope() orb.Bound {
	h := f.header
	return orb.Bound{Min: orb.Point{h.Envelope(0), h.Envelope(1)}, Max: orb.Point{h.Envelope(2), h.Envelope(3)}}
}

func (f *testFile) decodeFeature(ft *fbs.Feature) testFeature {
	var c fbs.Column
	props := map[string]any{}
	p := ft.PropertiesBytes()
	le := binary.LittleEndian
	for len(p) > 0 {
		i := int(le.Uint16(p))
		p = p[2:]
		if !f.header.Columns(&c, i) {
			f.t.Fatalf("property key %d out of range", i)
		}
		name := string(c.Name())
		switch c.Type() {
		case fbs.ColumnTypeBool:
			props[name], p = p[0] != 0, p[1:]
		case fbs.ColumnTypeInt:
			props[name], p = int32(le.Uint32(p)), p[4:]
		case fbs.ColumnTypeLong:
			props[name], p = int64(le.Uint64(p)), p[8:]
		case fbs.ColumnTypeDouble:
			props[name], p = math.Float64frombits(le.Uint64(p)), p[8:]
		case fbs.ColumnTypeString:
			n := int(le.Uint32(p))
			props[name], p = string(p[4:4+n]), p[4+n:]
		default:
			f.t.Fatalf("column type %s", c.Type())
		}
	}
	id, _ := props["id"].(int64)
	g := ft.Geometry(nil)
	var geom orb.Geometry
	if f.header.GeometryType() == fbs.GeometryTypeMultiPolygon {
		var mp orb.MultiPolygon
		var part fbs.Geometry
		for i := range g.PartsLength() {
			g.Parts(&part, i)
			mp = append(mp, decodePolygon(&part))
		}
		geom = mp
	} else {
		geom = decodePolygon(g)
	}
	return testFeature{id: id, props: props, geom: geom}
}

func decodePolygon(g *fbs.Geometry) orb.Polygon {
	npts := g.XyLength() / 2
	ends := []int{npts}
	if g.EndsLength() > 0 {
		ends = ends[:0]
		for i := range g.EndsLength() {
			ends = append(ends, int(g.Ends(i)))
		}
	}
	var poly orb.Polygon
	start := 0
	for _, end := range ends {
		var r orb.Ring
		for k := start; k < end; k++ {
			r = append(r, orb.Point{g.Xy(2 * k), g.Xy(2*k + 1)})
		}
		poly = append(poly, r)
		start = end
	}
	return poly
}

// search walks the index from the root as a reader does and returns the
// sorted ids of the features whose leaf boxes meet q.
func (f *testFile) search(q orb.Bound) []int64 {
	n := len(f.features)
	levels := levelBounds(n, nodeSize)
	firstLeaf := levels[0][0]
	var ids []int64
	var visit func(i, level int)
	visit = func(i, level int) {
		end := min(i+nodeSize, levels[level][1])
		for ; i < end; i++ {
			nd := f.nodes[i]
			if q.Max[0] < nd.minX || q.Max[1] < nd.minY || q.Min[0] > nd.maxX || q.Min[1] > nd.maxY {
				continue
			}
			if i >= firstLeaf {
				fi, ok := f.offsets[nd.offset]
				if !ok {
					f.t.Fatalf("leaf %d: offset %d is not a feature start", i, nd.offset)
				}
				if fi != i-firstLeaf {
					f.t.Fatalf("leaf %d points at feature %d: index and features out of step", i, fi)
				}
				ids = append(ids, f.features[fi].id)
				continue
			}
			visit(int(nd.offset), level-1)
		}
	}
	visit(0, len(levels)-1)
	slices.Sort(ids)
	return ids
}
