package geojson

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	orbjson "github.com/paulmach/orb/geojson"

	"github.com/manchester-insight/targeting/geo"
)

// lookGDAL finds a GDAL program or skips the test, unless
// TARGETING_REQUIRE_GDAL=1 makes a missing GDAL a failure (as CI should).
func lookGDAL(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("TARGETING_REQUIRE_GDAL") == "1" {
			t.Fatalf("%s not found but TARGETING_REQUIRE_GDAL=1: install Debian's gdal-bin (apt-get install -y gdal-bin)", name)
		}
		t.Skipf("%s not on PATH (Debian package gdal-bin); set TARGETING_REQUIRE_GDAL=1 to make this a failure", name)
	}
	return path
}

// runGDAL runs a GDAL program and returns its standard output; anything
// on standard error (GDAL's warnings and errors) fails the test.
func runGDAL(t *testing.T, prog string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), prog, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s%s", prog, args, err, out, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("%s %v warned:\n%s", filepath.Base(prog), args, stderr.String())
	}
	return string(out)
}

// TestGDALReadsGeoJSON opens the output with GDAL's GeoJSON driver: one
// layer with every feature, the attribute fields with their types, WGS 84,
// and no warnings while reading every feature.
func TestGDALReadsGeoJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("runs GDAL's ogrinfo; runs without -short")
	}
	ogrinfo := lookGDAL(t, "ogrinfo")
	tests := []struct {
		name  string
		layer func(t *testing.T) *geo.Layer
		count string
	}{
		{"BNG", func(t *testing.T) *geo.Layer { return bngLayer(t, 40) }, "Feature Count: 40"},
		{"WGS84", func(t *testing.T) *geo.Layer { return wgs84Layer(t, 20) }, "Feature Count: 20"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeTemp(t, tc.layer(t))
			info := runGDAL(t, ogrinfo, "-ro", "-so", "-al", path)
			for _, want := range []string{
				"using driver `GeoJSON' successful",
				"Layer name: layer",
				tc.count,
				`GEOGCRS["WGS 84"`,
				`ID["EPSG",4326]`,
				"id: Integer",
				"code: String",
				"score: Real",
				"flag: Integer(Boolean)",
				"count: Integer64",
			} {
				if !strings.Contains(info, want) {
					t.Errorf("ogrinfo summary lacks %q:\n%s", want, info)
				}
			}
			// Reading every feature is where GDAL warns about bad
			// geometries or values.
			runGDAL(t, ogrinfo, "-ro", "-al", "-q", path)
		})
	}
}

// TestGDALAgreesOnWinding has GDAL rewrite the file in its RFC 7946 mode,
// which rewinds polygons to the right-hand rule: if it leaves every ring
// as it was, the writer's winding agrees with GDAL's. (GDAL 3.6 does not
// warn about winding when reading, so this is the way to ask it.)
func TestGDALAgreesOnWinding(t *testing.T) {
	if testing.Short() {
		t.Skip("runs GDAL's ogr2ogr; runs without -short")
	}
	ogr2ogr := lookGDAL(t, "ogr2ogr")
	l := bngLayer(t, 40) // a quarter of it wound the wrong way on input
	path := writeTemp(t, l)
	gdalPath := filepath.Join(t.TempDir(), "gdal.geojson")
	runGDAL(t, ogr2ogr, "-f", "GeoJSON", "-lco", "RFC7946=YES", "-lco", "COORDINATE_PRECISION=6", gdalPath, path)
	ours := readFC(t, path)
	theirs := readFC(t, gdalPath)
	if len(ours.Features) != len(theirs.Features) {
		t.Fatalf("%d features, GDAL wrote %d", len(ours.Features), len(theirs.Features))
	}
	for i := range ours.Features {
		if !orb.Equal(ours.Features[i].Geometry, theirs.Features[i].Geometry) {
			t.Errorf("feature %d: GDAL rewrote\n%v\nas\n%v", i, ours.Features[i].Geometry, theirs.Features[i].Geometry)
		}
	}
}

func readFC(t *testing.T, path string) *orbjson.FeatureCollection {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := orbjson.UnmarshalFeatureCollection(raw)
	if err != nil {
		t.Fatal(err)
	}
	return fc
}
