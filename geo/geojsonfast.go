package geo

import (
	"io"
	"runtime"
	"sync"

	gojson "github.com/goccy/go-json"
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

// ReadGeoJSON reads a FeatureCollection (plain or gzip), decoding its
// features on every core: a national boundary file is tens of megabytes of
// coordinates, and features decode independently.
func ReadGeoJSON(fs *csvio.Files, path string) (*geojson.FeatureCollection, error) {
	rc, err := fs.Open(path)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	raw, err := io.ReadAll(rc)
	if err != nil {
		return nil, csvio.Errorf("%s: %w", path, err)
	}
	var top struct {
		Type     string              `json:"type"`
		Features []gojson.RawMessage `json:"features"`
	}
	if err := gojson.Unmarshal(raw, &top); err != nil {
		return nil, csvio.Errorf("%s: not GeoJSON: %w", path, err)
	}
	if top.Type != "FeatureCollection" {
		return nil, csvio.Errorf("%s: type is %q, want FeatureCollection", path, top.Type)
	}
	fc := geojson.NewFeatureCollection()
	fc.Features = make([]*geojson.Feature, len(top.Features))
	errs := make([]error, len(top.Features))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(top.Features); i += workers {
				fc.Features[i], errs[i] = geojson.UnmarshalFeature(top.Features[i])
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, csvio.Errorf("%s: feature %d: %w", path, i+1, err)
		}
	}
	return fc, nil
}
