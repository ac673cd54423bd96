package gpkg

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gdalTool finds a GDAL command-line tool. Without GDAL the interop tests
// skip, unless TARGETING_REQUIRE_GDAL=1 (CI), where a silent skip would hide
// a broken file.
func gdalTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("TARGETING_REQUIRE_GDAL") == "1" {
		t.Fatalf("%s not on PATH and TARGETING_REQUIRE_GDAL=1: install gdal-bin (apt-get install -y gdal-bin)", name)
	}
	t.Skipf("%s not on PATH; install gdal-bin to run GDAL interop tests", name)
	return ""
}

// runClean runs a tool and fails on a non-zero exit or on any warning or
// error GDAL printed: the files must open with no complaints at all.
func runClean(t *testing.T, tool string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(tool, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", filepath.Base(tool), strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	low := strings.ToLower(stderr.String())
	if strings.Contains(low, "warning") || strings.Contains(low, "error") {
		t.Errorf("%s %s printed:\n%s", filepath.Base(tool), strings.Join(args, " "), stderr.String())
	}
	return stdout.String()
}

func TestGDALInterop(t *testing.T) {
	if testing.Short() {
		t.Skip("runs GDAL's ogrinfo and ogr2ogr; runs without -short")
	}
	ogrinfo := gdalTool(t, "ogrinfo")
	path := writeTest(t, areasLayer(t), mixedLayer(t))

	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"summary", []string{"-so", "-al", path}, []string{
			"Layer name: areas",
			"Geometry: Polygon",
			"Feature Count: 4",
			"Extent: (384000.000000, 398000.000000) - (385000.000000, 399000.000000)",
			`PROJCRS["OSGB36 / British National Grid"`,
			`ID["EPSG",27700]`,
			"FID Column = fid",
			"Geometry Column = geom",
			"decile: Integer64",
			"score: Real",
			"lsoa_name: String",
			"priority: Integer(Boolean)",
			"IDENTIFIER=Target areas",
			"GPKG_METADATA_ITEM_1=<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd'",
			"GPKG_METADATA_ITEM_2=Layer: areas",
			"Scenario: baseline",
			"Layer name: mixed",
			"Geometry: Multi Polygon",
			"Feature Count: 4",
			"Extent: (385500.000000, 399500.000000) - (387500.000000, 401500.000000)",
			"Layer name: layer_styles",
		}},
		{"feature 1", []string{path, "areas", "-fid", "1"}, []string{
			"decile (Integer64) = 1",
			"score (Real) = 0.93",
			"lsoa_name (String) = Manchester 001A",
			"priority (Integer(Boolean)) = 1",
			"POLYGON ((384000 398000,384500 398000,384500 398500,384000 398500,384000 398000))",
		}},
		{"nulls", []string{path, "areas", "-fid", "4"}, []string{
			"decile (Integer64) = 10",
			"score (Real) = (null)",
			"lsoa_name (String) = (null)",
			"priority (Integer(Boolean)) = (null)",
		}},
		{"promoted multipolygon", []string{path, "mixed", "-fid", "1"}, []string{
			"MULTIPOLYGON (((385500 399500,",
		}},
		{"empty geometry", []string{path, "mixed", "-fid", "4"}, []string{
			"MULTIPOLYGON EMPTY",
		}},
		{"rtree rows", []string{path, "-sql", "SELECT COUNT(*) AS n FROM rtree_areas_geom"}, []string{
			"n (Integer) = 4",
		}},
		{"spatial index seen", []string{path, "-sql", "SELECT HasSpatialIndex('areas', 'geom')"}, []string{
			"HasSpatialIndex (Integer) = 1",
		}},
		{"integrity check", []string{"--config", "OGR_GPKG_INTEGRITY_CHECK", "YES", path}, []string{
			"1: areas (Polygon)",
			"2: mixed (Multi Polygon)",
			"3: layer_styles (None)",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := runClean(t, ogrinfo, tc.args...)
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}

	// The window touches only the south-west square; GDAL answers it
	// through the R-tree.
	t.Run("spatial filter", func(t *testing.T) {
		out := runClean(t, ogrinfo, "-q", path, "areas", "-spat", "384100", "398100", "384200", "398200")
		if n := strings.Count(out, "OGRFeature(areas)"); n != 1 || !strings.Contains(out, "OGRFeature(areas):1") {
			t.Errorf("spatial filter returned %d features, want 1", n)
		}
	})

	// The triggers only run under GDAL (they need its ST_* functions):
	// edit a copy and check the index follows.
	t.Run("rtree triggers", func(t *testing.T) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		edit := filepath.Join(t.TempDir(), "edit.gpkg")
		if err := os.WriteFile(edit, b, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			"DELETE FROM areas WHERE fid = 2",            // delete
			"UPDATE areas SET geom = NULL WHERE fid = 1", // update2
			"UPDATE areas SET fid = 40 WHERE fid = 3",    // update3
			"UPDATE areas SET geom = geom WHERE fid = 4", // update1
		} {
			runClean(t, ogrinfo, edit, "-sql", q)
		}
		out := runClean(t, ogrinfo, "-q", edit, "-sql", "SELECT group_concat(id) AS ids FROM (SELECT id FROM rtree_areas_geom ORDER BY id)")
		if !strings.Contains(out, "ids (String) = 4,40") {
			t.Errorf("rtree ids after edits:\n%s", out)
		}
	})

	t.Run("ogr2ogr GeoJSON", func(t *testing.T) {
		ogr2ogr := gdalTool(t, "ogr2ogr")
		for layer, want := range map[string]int{"areas": 4, "mixed": 4, "layer_styles": 1} {
			out := filepath.Join(t.TempDir(), layer+".geojson")
			runClean(t, ogr2ogr, "-f", "GeoJSON", out, path, layer)
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			var fc struct {
				Features []struct {
					Properties map[string]any `json:"properties"`
				} `json:"features"`
			}
			if err := json.Unmarshal(b, &fc); err != nil {
				t.Fatalf("%s: %v", layer, err)
			}
			if len(fc.Features) != want {
				t.Errorf("%s: %d features, want %d", layer, len(fc.Features), want)
			}
			if layer == "areas" && fc.Features[0].Properties["priority"] != true {
				t.Errorf("areas feature 1 priority = %v, want true", fc.Features[0].Properties["priority"])
			}
		}
	})

	// GDAL's own validator ships with its Python bindings (python3-gdal);
	// use it when some python3 can import it. GDAL 3.6's copy reads the
	// empty-geometry flag from bit 3 instead of the spec's bit 4 and so
	// rejects empty geometries written by GDAL itself; validate a file
	// without one.
	t.Run("validate_gpkg", func(t *testing.T) {
		mixed := mixedLayer(t)
		mixed.Geometry[3] = nil
		valid := writeTest(t, areasLayer(t), mixed)
		for _, py := range []string{"python3", "/usr/bin/python3"} {
			if exec.Command(py, "-c", "import osgeo_utils.samples.validate_gpkg").Run() != nil {
				continue
			}
			runClean(t, py, "-m", "osgeo_utils.samples.validate_gpkg", "--extra", "--warning-as-error", valid)
			return
		}
		t.Skip("GDAL's validate_gpkg.py (python3-gdal) not available")
	})
}
