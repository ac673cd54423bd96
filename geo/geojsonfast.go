package geo

import (
	"bufio"
	"fmt"
	"runtime"
	"strconv"
	"sync"

	gojson "github.com/goccy/go-json"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/manchester-insight/targeting/internal/csvio"
)

// orb decodes GeoJSON with encoding/json by default; goccy/go-json (already
// in the build through Arrow) is a drop-in decoder several times faster on
// the long coordinate arrays of boundary files.
func init() {
	geojson.CustomJSONUnmarshaler = fastJSON{}
}

type fastJSON struct{}

func (fastJSON) Unmarshal(b []byte, v any) error { return gojson.Unmarshal(b, v) }

// ReadGeoJSON reads a FeatureCollection (plain or gzip) as a stream: one
// goroutine cuts the features out of the file, the others decode them, so
// neither the whole file nor a copy of it is held. Polygon and MultiPolygon
// coordinates are decoded straight into one flat slice of points per
// feature (rings are slices of it): a national boundary file is tens of
// megabytes of coordinates, and one allocation per ring would be most of
// the work. Other geometry types are decoded by orb.
func ReadGeoJSON(fs *csvio.Files, path string) (*geojson.FeatureCollection, error) {
	rc, err := fs.Open(path)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	dec := gojson.NewDecoder(bufio.NewReaderSize(rc, 1<<16))
	notGeoJSON := func(err error) error { return csvio.Errorf("%s: not GeoJSON: %w", path, err) }
	if t, err := dec.Token(); err != nil || t != gojson.Delim('{') {
		return nil, notGeoJSON(fmt.Errorf("want an object, found %v (%v)", t, err))
	}
	typ, sawFeatures := "", false
	var feats []*geojson.Feature
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, notGeoJSON(err)
		}
		switch key, _ := t.(string); key {
		case "type":
			if err := dec.Decode(&typ); err != nil {
				return nil, notGeoJSON(err)
			}
		case "features":
			sawFeatures = true
			if feats, err = readFeatures(dec); err != nil {
				return nil, csvio.Errorf("%s: %w", path, err)
			}
		default:
			var skip gojson.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, notGeoJSON(err)
			}
		}
	}
	if typ != "FeatureCollection" {
		return nil, csvio.Errorf("%s: type is %q, want FeatureCollection", path, typ)
	}
	if !sawFeatures {
		return nil, csvio.Errorf("%s: not GeoJSON: no features", path)
	}
	fc := geojson.NewFeatureCollection()
	fc.Features = feats
	return fc, nil
}

// readFeatures reads the features array: raw features in blocks on this
// goroutine, decoded on the others; the first error (by feature number) is
// returned.
func readFeatures(dec *gojson.Decoder) ([]*geojson.Feature, error) {
	if t, err := dec.Token(); err != nil || t != gojson.Delim('[') {
		if err == nil && t == nil {
			return nil, nil // "features": null
		}
		return nil, fmt.Errorf("not GeoJSON: features is not an array (%v)", err)
	}
	const blockSize = 64
	type block struct {
		first int
		raw   []gojson.RawMessage
		out   []*geojson.Feature
		errs  []error
	}
	work := make(chan *block, 4)
	done := make(chan *block, 4)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				b.out, b.errs = make([]*geojson.Feature, len(b.raw)), make([]error, len(b.raw))
				for i, r := range b.raw {
					b.out[i], b.errs[i] = decodeFeature(r)
				}
				b.raw = nil
				done <- b
			}
		}()
	}
	var blocks []*block
	collected := make(chan struct{})
	go func() {
		for b := range done {
			blocks = append(blocks, b)
		}
		close(collected)
	}()
	var readErr error
	n := 0
	cur := &block{}
	for dec.More() {
		var r gojson.RawMessage
		if err := dec.Decode(&r); err != nil {
			readErr = fmt.Errorf("not GeoJSON: feature %d: %w", n+1, err)
			break
		}
		cur.raw = append(cur.raw, r)
		n++
		if len(cur.raw) == blockSize {
			work <- cur
			cur = &block{first: n}
		}
	}
	if len(cur.raw) > 0 {
		work <- cur
	}
	close(work)
	wg.Wait()
	close(done)
	<-collected
	if readErr != nil {
		return nil, readErr
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("not GeoJSON: %w", err)
	}
	out := make([]*geojson.Feature, n)
	var firstErr error
	firstAt := n
	for _, b := range blocks {
		copy(out[b.first:], b.out)
		for i, err := range b.errs {
			if err != nil && b.first+i < firstAt {
				firstAt, firstErr = b.first+i, err
			}
		}
	}
	if firstErr != nil {
		return nil, fmt.Errorf("feature %d: %w", firstAt+1, firstErr)
	}
	return out, nil
}

// decodeFeature decodes one feature; polygons and multipolygons through
// flatCoords, anything else through orb.
func decodeFeature(raw []byte) (*geojson.Feature, error) {
	var f struct {
		ID         any            `json:"id"`
		Type       string         `json:"type"`
		Properties map[string]any `json:"properties"`
		Geometry   *struct {
			Type        string            `json:"type"`
			Coordinates gojson.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	}
	if err := gojson.Unmarshal(raw, &f); err != nil {
		return nil, err
	}
	if f.Geometry == nil || (f.Geometry.Type != "Polygon" && f.Geometry.Type != "MultiPolygon") {
		return geojson.UnmarshalFeature(raw)
	}
	if f.Type != "Feature" {
		return nil, fmt.Errorf("type is %q, want Feature", f.Type)
	}
	depth := 3
	if f.Geometry.Type == "MultiPolygon" {
		depth = 4
	}
	g, err := flatCoords(f.Geometry.Coordinates, depth)
	if err != nil {
		return nil, fmt.Errorf("%s coordinates: %w", f.Geometry.Type, err)
	}
	feat := geojson.NewFeature(g)
	feat.ID = f.ID
	if f.Properties != nil {
		feat.Properties = f.Properties
	}
	return feat, nil
}

// flatCoords decodes the coordinates of a Polygon (depth 3) or
// MultiPolygon (depth 4) into one slice of points, which the rings share.
// A position's values after the second (altitude) are ignored, as orb
// does.
func flatCoords(b []byte, depth int) (orb.Geometry, error) {
	var pts []orb.Point
	var ringEnds []int // end of each ring in pts
	var polyEnds []int // end of each polygon in ringEnds
	level := 0         // arrays open
	var pos [2]float64
	nv := 0
	i := 0
	for i < len(b) {
		c := b[i]
		switch {
		case c == '[':
			level++
			if level > depth {
				return nil, fmt.Errorf("arrays nested deeper than %d", depth)
			}
			if level == depth {
				nv = 0
			}
			i++
		case c == ']':
			switch depth - level {
			case 0:
				if nv < 2 {
					return nil, fmt.Errorf("a position has %d values, want 2", nv)
				}
				pts = append(pts, orb.Point(pos))
			case 1:
				ringEnds = append(ringEnds, len(pts))
			case 2:
				if depth == 4 {
					polyEnds = append(polyEnds, len(ringEnds))
				}
			}
			level--
			if level < 0 {
				return nil, fmt.Errorf("unbalanced ]")
			}
			i++
		case c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t':
			i++
		default:
			if level != depth {
				return nil, fmt.Errorf("a number where an array belongs (nesting %d of %d)", level, depth)
			}
			j := i
			for j < len(b) && b[j] != ',' && b[j] != ']' && b[j] != ' ' && b[j] != '\n' && b[j] != '\r' && b[j] != '\t' {
				j++
			}
			v, err := strconv.ParseFloat(unsafeString(b[i:j]), 64)
			if err != nil {
				return nil, fmt.Errorf("position value %q: %w", b[i:j], err)
			}
			if nv < 2 {
				pos[nv] = v
			}
			nv++
			i = j
		}
	}
	if level != 0 {
		return nil, fmt.Errorf("unbalanced [")
	}
	rings := make([]orb.Ring, len(ringEnds))
	from := 0
	for k, end := range ringEnds {
		rings[k] = orb.Ring(pts[from:end:end])
		from = end
	}
	if depth == 3 {
		return orb.Polygon(rings), nil
	}
	mp := make(orb.MultiPolygon, len(polyEnds))
	from = 0
	for k, end := range polyEnds {
		mp[k] = orb.Polygon(rings[from:end:end])
		from = end
	}
	return mp, nil
}
