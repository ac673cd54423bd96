package fgb

import (
	"bufio"
	"errors"
	"fmt"
	"os"

	flatbuffers "github.com/google/flatbuffers/go"
	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/fgb/internal/fbs"
)

// magic opens every FlatGeobuf file: "fgb", major version 3, "fgb", patch 0.
var magic = []byte{'f', 'g', 'b', 3, 'f', 'g', 'b', 0}

// plan is what must be known about a layer before the first byte is
// written: the header depends on the geometry type and extent, the index
// on the feature order.
type plan struct {
	cols   []column
	multi  bool        // any MultiPolygon: the whole layer is MultiPolygon
	boxes  []orb.Bound // per input feature
	extent orb.Bound
	order  []int // input indexes in Hilbert (= file) order
}

// Write writes the layer to a new file at path. The file must not exist
// (O_EXCL): callers write to a temporary name and rename, so a reader never
// sees a half-written file. On error the partial file is removed.
//
// Features are written in Hilbert order of their bbox centres, not input
// order, because the packed R-tree requires the features section to follow
// its leaves. A layer with no features gets no index.
func Write(path string, l *geo.Layer) (err error) {
	if l == nil {
		return errors.New("fgb: nil layer")
	}
	p, err := makePlan(l)
	if err != nil {
		return fmt.Errorf("fgb: layer %q: %w", l.Name, err)
	}
	header := buildHeader(l, p)

	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("fgb: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("fgb: close: %w", cerr)
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	if err := writeBody(f, l, p, header); err != nil {
		return fmt.Errorf("fgb: %s: %w", path, err)
	}
	return nil
}

// makePlan validates the layer and computes boxes, extent and order.
func makePlan(l *geo.Layer) (*plan, error) {
	if l.Name == "" {
		return nil, errors.New("layer has no name")
	}
	p := &plan{}
	n := len(l.Geometry)
	if l.Attributes != nil {
		if rows := l.Attributes.NumRows(); rows != int64(n) {
			return nil, fmt.Errorf("%d geometries but %d attribute rows", n, rows)
		}
		cols, err := planColumns(l.Attributes)
		if err != nil {
			return nil, err
		}
		p.cols = cols
	}
	p.boxes = make([]orb.Bound, n)
	for i, g := range l.Geometry {
		polys, multi, err := polygons(g)
		if err != nil {
			return nil, fmt.Errorf("feature %d: %w", i, err)
		}
		p.multi = p.multi || multi
		p.boxes[i] = bounds(polys)
		if i == 0 {
			p.extent = p.boxes[i]
		} else {
			p.extent = p.extent.Union(p.boxes[i])
		}
	}
	p.order = hilbertOrder(p.boxes, p.extent)
	return p, nil
}

// buildHeader encodes the size-prefixed Header table.
func buildHeader(l *geo.Layer, p *plan) []byte {
	b := flatbuffers.NewBuilder(4096)
	str := func(s string) flatbuffers.UOffsetT {
		if s == "" {
			return 0
		}
		return b.CreateString(s)
	}
	name, title, desc, meta := str(l.Name), str(l.Title), str(l.Description), str(l.Metadata)

	var columns flatbuffers.UOffsetT
	if len(p.cols) > 0 {
		offs := make([]flatbuffers.UOffsetT, len(p.cols))
		for i, c := range p.cols {
			cn := b.CreateString(c.name)
			fbs.ColumnStart(b)
			fbs.ColumnAddName(b, cn)
			fbs.ColumnAddType(b, c.typ)
			fbs.ColumnAddNullable(b, c.nullable)
			offs[i] = fbs.ColumnEnd(b)
		}
		fbs.HeaderStartColumnsVector(b, len(offs))
		for i := len(offs) - 1; i >= 0; i-- {
			b.PrependUOffsetT(offs[i])
		}
		columns = b.EndVector(len(offs))
	}

	var crs flatbuffers.UOffsetT
	if l.SRID > 0 {
		info := knownCRS[l.SRID]
		org, cname, wkt := b.CreateString("EPSG"), str(info.name), str(info.wkt)
		fbs.CrsStart(b)
		fbs.CrsAddOrg(b, org)
		fbs.CrsAddCode(b, int32(l.SRID))
		if cname != 0 {
			fbs.CrsAddName(b, cname)
		}
		if wkt != 0 {
			fbs.CrsAddWkt(b, wkt)
		}
		crs = fbs.CrsEnd(b)
	}

	var envelope flatbuffers.UOffsetT
	n := len(p.order)
	if n > 0 {
		fbs.HeaderStartEnvelopeVector(b, 4)
		e := p.extent
		for _, v := range []float64{e.Max[1], e.Max[0], e.Min[1], e.Min[0]} {
			b.PrependFloat64(v)
		}
		envelope = b.EndVector(4)
	}

	fbs.HeaderStart(b)
	fbs.HeaderAddName(b, name)
	if envelope != 0 {
		fbs.HeaderAddEnvelope(b, envelope)
	}
	gt := fbs.GeometryTypePolygon
	if p.multi {
		gt = fbs.GeometryTypeMultiPolygon
	}
	fbs.HeaderAddGeometryType(b, gt)
	if columns != 0 {
		fbs.HeaderAddColumns(b, columns)
	}
	fbs.HeaderAddFeaturesCount(b, uint64(n))
	// 0 means "no index"; the spec cannot build a tree over no items.
	if n > 0 {
		fbs.HeaderAddIndexNodeSize(b, nodeSize)
	} else {
		fbs.HeaderAddIndexNodeSize(b, 0)
	}
	if crs != 0 {
		fbs.HeaderAddCrs(b, crs)
	}
	for _, s := range []struct {
		off flatbuffers.UOffsetT
		add func(*flatbuffers.Builder, flatbuffers.UOffsetT)
	}{{title, fbs.HeaderAddTitle}, {desc, fbs.HeaderAddDescription}, {meta, fbs.HeaderAddMetadata}} {
		if s.off != 0 {
			s.add(b, s.off)
		}
	}
	b.FinishSizePrefixed(fbs.HeaderEnd(b))
	return b.FinishedBytes()
}

// writeBody writes magic, header, a placeholder for the index, then the
// features in file order, and finally the index over the placeholder: leaf
// offsets are only known once the features are encoded, and this way no
// more than one feature is held in memory at a time.
func writeBody(f *os.File, l *geo.Layer, p *plan, header []byte) error {
	w := bufio.NewWriterSize(f, 1<<20)
	if _, err := w.Write(magic); err != nil {
		return err
	}
	if _, err := w.Write(header); err != nil {
		return err
	}
	n := len(p.order)
	if n == 0 {
		return w.Flush()
	}
	indexStart := int64(len(magic) + len(header))
	tree := newPackedTree(n)
	if _, err := w.Write(make([]byte, tree.size())); err != nil {
		return err
	}

	b := flatbuffers.NewBuilder(64 << 10)
	var props []byte
	var offset uint64
	for i, src := range p.order {
		polys, _, _ := polygons(l.Geometry[src]) // validated by makePlan
		b.Reset()
		geom := buildGeometry(b, polys, p.multi)
		var pv flatbuffers.UOffsetT
		if props = appendProperties(props[:0], p.cols, src); len(props) > 0 {
			pv = b.CreateByteVector(props)
		}
		fbs.FeatureStart(b)
		fbs.FeatureAddGeometry(b, geom)
		if pv != 0 {
			fbs.FeatureAddProperties(b, pv)
		}
		b.FinishSizePrefixed(fbs.FeatureEnd(b))
		buf := b.FinishedBytes()
		if _, err := w.Write(buf); err != nil {
			return err
		}
		tree.setLeaf(i, p.boxes[src], offset)
		offset += uint64(len(buf))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	tree.build()
	_, err := f.WriteAt(tree.bytes(), indexStart)
	return err
}
