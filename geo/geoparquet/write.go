package geoparquet

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/manchester-insight/targeting/geo"
)

// RowGroupRows is the most rows a row group holds. About 33,000 LSOA or
// output-area polygons make two or three row groups: each covers a
// compact region after the Hilbert sort, so its bbox statistics can prune
// a map-window query, while staying large enough (a few MB of WKB) that
// per-group overhead and lost compression are negligible. Far smaller
// groups would bloat the footer; one group would make pruning useless.
const RowGroupRows = 16384

// LayerMetadataKey is the file key-value metadata entry holding the
// layer's name, title, description, free-text metadata and style, which
// GeoParquet itself has no place for.
const LayerMetadataKey = "targeting:layer"

// writeBatch is how many rows are handed to the parquet writer at a time.
const writeBatch = 1024

// Write writes l to a new GeoParquet file at path. The file must not
// exist: callers write to a temporary name and rename, so a reader never
// sees a half-written file. On error the partial file is removed.
//
// Geometries must be non-empty; l.SRID must be 27700 or 4326.
func Write(path string, l *geo.Layer) (err error) {
	p, err := plan(l)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("geoparquet: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("geoparquet: %w", cerr)
		}
		if err != nil {
			os.Remove(path)
		}
	}()

	w := parquet.NewWriter(f,
		p.schema,
		parquet.Compression(&zstd.Codec{Level: zstd.SpeedDefault}),
		parquet.MaxRowsPerRowGroup(RowGroupRows),
		// Min/max of WKB bytes says nothing; the bbox columns carry the
		// useful statistics.
		parquet.SkipPageBounds(GeometryColumn),
		parquet.KeyValueMetadata("geo", string(p.geo)),
		parquet.KeyValueMetadata(LayerMetadataKey, string(p.layerMeta)),
	)
	batch := make([]parquet.Row, 0, writeBatch)
	for start := 0; start < len(p.order); start += writeBatch {
		batch = batch[:0]
		for _, r := range p.order[start:min(start+writeBatch, len(p.order))] {
			batch = append(batch, p.row(r))
		}
		if _, err := w.WriteRows(batch); err != nil {
			return fmt.Errorf("geoparquet: write rows: %w", err)
		}
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("geoparquet: close writer: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("geoparquet: %w", err)
	}
	return nil
}

// writePlan is everything Write needs, worked out before the file is
// created so that a bad layer leaves nothing behind.
type writePlan struct {
	schema    *parquet.Schema
	attrs     []attrColumn
	wkb       [][]byte
	bounds    []orb.Bound
	order     []int // feature indexes in Hilbert order
	geo       []byte
	layerMeta []byte
}

func plan(l *geo.Layer) (*writePlan, error) {
	if l == nil || l.Attributes == nil {
		return nil, errors.New("geoparquet: layer has no attribute record")
	}
	n := int(l.Attributes.NumRows())
	if len(l.Geometry) != n {
		return nil, fmt.Errorf("geoparquet: layer %q has %d geometries for %d attribute rows", l.Name, len(l.Geometry), n)
	}
	attrs, err := attrColumns(l.Attributes)
	if err != nil {
		return nil, err
	}
	p := &writePlan{
		schema: fileSchema(l.Name, attrs),
		attrs:  attrs,
		wkb:    make([][]byte, n),
		bounds: make([]orb.Bound, n),
	}
	var present [8]bool
	var extent orb.Bound
	for i, g := range l.Geometry {
		if g == nil || isEmpty(g) {
			return nil, fmt.Errorf("geoparquet: feature %d of layer %q has no geometry", i, l.Name)
		}
		b, err := wkb.Marshal(g, binary.LittleEndian)
		if err != nil {
			return nil, fmt.Errorf("geoparquet: feature %d: %w", i, err)
		}
		code := binary.LittleEndian.Uint32(b[1:5])
		if code == 0 || code >= uint32(len(present)) {
			return nil, fmt.Errorf("geoparquet: feature %d: unexpected WKB type %d", i, code)
		}
		present[code] = true
		p.wkb[i] = b
		p.bounds[i] = g.Bound()
		if i == 0 {
			extent = p.bounds[i]
		} else {
			extent = extent.Union(p.bounds[i])
		}
	}
	p.order = hilbertOrder(p.bounds, extent)
	if p.geo, err = buildGeoMetadata(l.SRID, present, extent, n == 0); err != nil {
		return nil, err
	}
	p.layerMeta, err = json.Marshal(layerMetadata{
		Name: l.Name, Title: l.Title, Description: l.Description,
		SRID: l.SRID, Metadata: l.Metadata, Style: l.Style,
	})
	if err != nil {
		return nil, fmt.Errorf("geoparquet: %w", err)
	}
	return p, nil
}

// layerMetadata is the value stored under LayerMetadataKey.
type layerMetadata struct {
	Name        string     `json:"name"`
	Title       string     `json:"title,omitempty"`
	Description string     `json:"description,omitempty"`
	SRID        int        `json:"srid"`
	Metadata    string     `json:"metadata,omitempty"`
	Style       *geo.Style `json:"style,omitempty"`
}

// isEmpty reports whether g has no points: its WKB would be valid, but it
// has no bbox to store or sort by.
func isEmpty(g orb.Geometry) bool {
	switch g := g.(type) {
	case orb.Polygon:
		return len(g) == 0 || len(g[0]) == 0
	case orb.MultiPolygon:
		for _, p := range g {
			if len(p) > 0 && len(p[0]) > 0 {
				return false
			}
		}
		return true
	case orb.LineString:
		return len(g) == 0
	case orb.MultiPoint:
		return len(g) == 0
	case orb.MultiLineString:
		for _, ls := range g {
			if len(ls) > 0 {
				return false
			}
		}
		return true
	case orb.Collection:
		for _, c := range g {
			if !isEmpty(c) {
				return false
			}
		}
		return true
	}
	return false
}

// hilbertOrder returns the feature indexes sorted by the Hilbert key of
// their bbox centres; ties keep input order so output is deterministic.
func hilbertOrder(bounds []orb.Bound, extent orb.Bound) []int {
	keys := make([]uint64, len(bounds))
	order := make([]int, len(bounds))
	for i, b := range bounds {
		keys[i] = HilbertKey(extent, b.Center())
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case keys[a] < keys[b]:
			return -1
		case keys[a] > keys[b]:
			return 1
		}
		return 0
	})
	return order
}

// row builds the parquet row of feature i: attributes (definition level
// 1 when set, 0 when null), geometry, then the four bbox doubles.
func (p *writePlan) row(i int) parquet.Row {
	row := make(parquet.Row, 0, len(p.attrs)+5)
	for c, a := range p.attrs {
		v := a.value(i)
		def := 1
		if v.IsNull() {
			def = 0
		}
		row = append(row, v.Level(0, def, c))
	}
	c := len(p.attrs)
	b := p.bounds[i]
	row = append(row,
		parquet.ByteArrayValue(p.wkb[i]).Level(0, 0, c),
		parquet.DoubleValue(b.Min[0]).Level(0, 0, c+1),
		parquet.DoubleValue(b.Min[1]).Level(0, 0, c+2),
		parquet.DoubleValue(b.Max[0]).Level(0, 0, c+3),
		parquet.DoubleValue(b.Max[1]).Level(0, 0, c+4),
	)
	return row
}
