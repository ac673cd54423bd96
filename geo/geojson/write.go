package geojson

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"

	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/crs"
)

// Write writes l to a new GeoJSON file at path. The file must not exist:
// callers write to a temporary name and rename, so a reader never sees a
// half-written file. On error the partial file is removed.
//
// l.SRID must be 4326 (written as is) or 27700 (reprojected to WGS84).
// A nil geometry is written as a feature with "geometry": null.
func Write(path string, l *geo.Layer) (err error) {
	if l == nil || l.Attributes == nil {
		return errors.New("geojson: layer has no attribute record")
	}
	n := int(l.Attributes.NumRows())
	if len(l.Geometry) != n {
		return fmt.Errorf("geojson: layer %q has %d geometries for %d attribute rows", l.Name, len(l.Geometry), n)
	}
	var toLonLat func(orb.Geometry) orb.Geometry
	switch l.SRID {
	case geo.WGS84:
		toLonLat = func(g orb.Geometry) orb.Geometry { return g }
	case geo.BNG:
		toLonLat = crs.ProjectToWGS84
	default:
		return fmt.Errorf("geojson: unsupported SRID %d (want %d or %d)", l.SRID, geo.BNG, geo.WGS84)
	}
	props, err := propertyWriters(l.Attributes)
	if err != nil {
		return err
	}

	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("geojson: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("geojson: %w", cerr)
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	w := bufio.NewWriterSize(f, 256<<10)

	// One feature per line: still one JSON document, but diffable and
	// easy to inspect with head.
	if _, err := w.WriteString(`{"type":"FeatureCollection","features":[`); err != nil {
		return fmt.Errorf("geojson: %w", err)
	}
	var buf []byte
	prepared := make([]orb.Geometry, prepareBatch)
	for start := 0; start < n; start += prepareBatch {
		end := min(start+prepareBatch, n)
		if err := prepareAll(l.Geometry[start:end], prepared, start, toLonLat); err != nil {
			return err
		}
		for i := start; i < end; i++ {
			buf = buf[:0]
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, "\n"+`{"type":"Feature","properties":{`...)
			for c, p := range props {
				if c > 0 {
					buf = append(buf, ',')
				}
				buf = append(buf, p.key...)
				buf = p.value(buf, i)
			}
			buf = append(buf, `},"geometry":`...)
			buf = appendGeometry(buf, prepared[i-start])
			buf = append(buf, '}')
			if _, err := w.Write(buf); err != nil {
				return fmt.Errorf("geojson: %w", err)
			}
		}
	}
	if _, err := w.WriteString("\n]}\n"); err != nil {
		return fmt.Errorf("geojson: %w", err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("geojson: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("geojson: %w", err)
	}
	return nil
}

// prepareBatch is how many features are reprojected ahead of writing.
const prepareBatch = 1024

// prepareAll fills out[i] with the prepared lon/lat form of in[i], split
// across GOMAXPROCS goroutines: reprojection from the grid is most of the
// cost of writing (about 1 µs a point), and it is independent per feature.
func prepareAll(in, out []orb.Geometry, offset int, toLonLat func(orb.Geometry) orb.Geometry) error {
	workers := min(runtime.GOMAXPROCS(0), len(in))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			// crs panics on geometry types it does not know; in a worker
			// that would kill the process rather than fail the write.
			defer func() {
				if r := recover(); r != nil {
					errs[w] = fmt.Errorf("geojson: %v", r)
				}
			}()
			for i := w; i < len(in); i += workers {
				g, err := prepare(toLonLat(in[i]))
				if err != nil {
					errs[w] = fmt.Errorf("%w (feature %d)", err, offset+i)
					return
				}
				out[i] = g
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
