package geoparquet

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// lookOgrinfo finds GDAL's ogrinfo or skips the test, unless
// TARGETING_REQUIRE_GDAL=1 makes a missing GDAL a failure (as CI should).
func lookOgrinfo(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("ogrinfo")
	if err != nil {
		if os.Getenv("TARGETING_REQUIRE_GDAL") == "1" {
			t.Fatal("ogrinfo not found but TARGETING_REQUIRE_GDAL=1: install Debian's gdal-bin (apt-get install -y gdal-bin)")
		}
		t.Skip("ogrinfo not on PATH (Debian package gdal-bin); set TARGETING_REQUIRE_GDAL=1 to make this a failure")
	}
	return path
}

// TestGDALReadsGeoParquet opens the file with GDAL's (Geo)Parquet driver.
// Debian's GDAL 3.6 is built without Arrow, so it has no such driver and
// the test skips; a GDAL that has one must read the layer, its fields and
// its CRS.
func TestGDALReadsGeoParquet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs GDAL's ogrinfo; runs without -short")
	}
	ogrinfo := lookOgrinfo(t)
	formats, err := exec.CommandContext(t.Context(), ogrinfo, "--formats").CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo --formats: %v\n%s", err, formats)
	}
	if !strings.Contains(strings.ToLower(string(formats)), "parquet") {
		t.Skip("this GDAL has no Parquet driver")
	}
	l := bngLayer(t, 60)
	path := writeTemp(t, l)
	cmd := exec.CommandContext(t.Context(), ogrinfo, "-ro", "-so", "-al", path)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s%s", err, out, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("ogrinfo warned: %s", stderr.String())
	}
	info := string(out)
	for _, want := range []string{
		"Feature Count: 60",
		"OSGB36 / British National Grid",
		`ID["EPSG",27700]`,
		"code: String",
		"score: Real",
		"count: Integer64",
	} {
		if !strings.Contains(info, want) {
			t.Errorf("ogrinfo output lacks %q:\n%s", want, info)
		}
	}
}
