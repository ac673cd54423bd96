package gpkg

import (
	"database/sql"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo"
)

// wardsLayer is two ward squares over the areas, styled as boundaries
// labelled with their names.
func wardsLayer(t testing.TB) *geo.Layer {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "ward_name", Type: arrow.BinaryTypes.String},
		{Name: "n_areas", Type: arrow.PrimitiveTypes.Int64},
	}, nil)
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	defer b.Release()
	b.Field(0).(*array.StringBuilder).AppendValues([]string{"Ardwick", "Hulme"}, nil)
	b.Field(1).(*array.Int64Builder).AppendValues([]int64{2, 2}, nil)
	rec := b.NewRecordBatch()
	t.Cleanup(rec.Release)
	x, y := originE, originN
	return &geo.Layer{Name: "wards", Title: "Wards", SRID: geo.BNG, Attributes: rec,
		Geometry: []orb.Geometry{
			orb.Polygon{{{x, y}, {x + cell, y}, {x + cell, y + 2*cell}, {x, y + 2*cell}, {x, y}}},
			orb.Polygon{{{x + cell, y}, {x + 2*cell, y}, {x + 2*cell, y + 2*cell}, {x + cell, y + 2*cell}, {x + cell, y}}},
		},
		Style: geo.BoundaryStyle("Ward boundaries", "ward_name", true),
		Fields: map[string]geo.FieldInfo{
			"ward_name": {Title: "Ward", Description: "Electoral ward name", Alias10: "ward_name"},
			"n_areas":   {Title: "Small areas", Description: "Number of small areas in the ward", Alias10: "n_areas"},
		}}
}

// describedAreas is areasLayer with field descriptions and area labels
// defined but off.
func describedAreas(t testing.TB) *geo.Layer {
	l := areasLayer(t)
	l.Style.Labels = &geo.Labels{Field: "lsoa_name", SizePt: 7}
	l.Fields = map[string]geo.FieldInfo{
		"decile": {Title: "Decile", Description: "Decile of rank: 1 = most in need", Alias10: "decile"},
		"score":  {Title: "Score", Description: "Composite need score", Alias10: "score"},
	}
	return l
}

var finishMeta = Metadata{
	Scenario: "baseline", RunTime: testMeta.RunTime, Attribution: testMeta.Attribution,
	Licences:  []string{"Open Government Licence v3.0"},
	Synthetic: "SYNTHETIC DATA: source x is generated test data",
	Publisher: "Test council", Keywords: []string{"deprivation"},
}

func writeFinished(t *testing.T) (string, *sql.DB) {
	t.Helper()
	path := t.TempDir() + "/finish.gpkg"
	if err := Write(path, []*geo.Layer{describedAreas(t), wardsLayer(t)}, finishMeta); err != nil {
		t.Fatal(err)
	}
	return path, openTest(t, path)
}

func TestOverlayLayerFirst(t *testing.T) {
	_, db := writeFinished(t)
	rows, err := db.Query("SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var order []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		order = append(order, n)
	}
	if strings.Join(order, ",") != "wards,areas" {
		t.Errorf("layer order %v, want wards (boundaries on top) then areas", order)
	}
}

func TestDataColumns(t *testing.T) {
	_, db := writeFinished(t)
	want := map[string][3]string{
		"areas.decile":    {"Decile", "Decile", "Decile of rank: 1 = most in need. Short name (10 characters, for Shapefile/dBase): decile"},
		"areas.lsoa_name": {"lsoa_name", "lsoa_name", ""},
		"wards.ward_name": {"Ward", "Ward", "Electoral ward name. Short name (10 characters, for Shapefile/dBase): ward_name"},
	}
	got := map[string][3]string{}
	rows, err := db.Query("SELECT table_name, column_name, name, title, COALESCE(description, '') FROM gpkg_data_columns")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var tb, col, name, title, desc string
		if err := rows.Scan(&tb, &col, &name, &title, &desc); err != nil {
			t.Fatal(err)
		}
		got[tb+"."+col] = [3]string{name, title, desc}
	}
	if len(got) != 4+2 {
		t.Errorf("%d data column rows, want one per attribute column (6): %v", len(got), got)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
	if n := queryInt(t, db, "SELECT COUNT(*) FROM gpkg_extensions WHERE extension_name = 'gpkg_schema' AND column_name IS NULL"); n != 2 {
		t.Errorf("gpkg_schema extension rows = %d, want 2", n)
	}
}

func TestOGRContents(t *testing.T) {
	_, db := writeFinished(t)
	for table, want := range map[string]int64{"areas": 4, "wards": 2} {
		if n := queryInt(t, db, "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = ?", table); n != want {
			t.Errorf("%s feature_count = %d, want %d", table, n, want)
		}
	}
	if _, err := db.Exec("DELETE FROM wards WHERE fid = 1"); err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, db, "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'wards'"); n != 1 {
		t.Errorf("feature_count after a delete = %d, want 1 (trigger)", n)
	}
}

func TestStylesAndLabels(t *testing.T) {
	_, db := writeFinished(t)
	styles := map[string]string{}
	rows, err := db.Query("SELECT f_table_name, styleQML, styleSLD FROM layer_styles WHERE useAsDefault = 1")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, qml, sld string
		if err := rows.Scan(&table, &qml, &sld); err != nil {
			t.Fatal(err)
		}
		for _, doc := range []string{qml, sld} {
			if err := wellFormed(doc); err != nil {
				t.Errorf("%s: %v", table, err)
			}
		}
		styles[table] = qml
	}
	for table, wants := range map[string][]string{
		"wards": {`labelsEnabled="1"`, `type="singleSymbol"`, `<Option name="style" type="QString" value="no"/>`,
			`fieldName="ward_name"`, `fontSize="9"`, `<alias field="ward_name" name="Ward"/>`},
		"areas": {`labelsEnabled="0"`, `type="graduatedSymbol"`, `fieldName="lsoa_name"`, `<alias field="decile" name="Decile"/>`},
	} {
		for _, w := range wants {
			if !strings.Contains(styles[table], w) {
				t.Errorf("%s style lacks %s", table, w)
			}
		}
	}
}

func TestQGISMetadata(t *testing.T) {
	_, db := writeFinished(t)
	var doc, mime string
	err := db.QueryRow(`SELECT m.metadata, m.mime_type FROM gpkg_metadata m
  JOIN gpkg_metadata_reference r ON r.md_file_id = m.id
  WHERE r.table_name = 'areas' AND m.md_standard_uri = 'http://mrcc.com/qgis.dtd'`).Scan(&doc, &mime)
	if err != nil {
		t.Fatal(err)
	}
	if err := wellFormed(doc); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"<title>Target areas</title>", "<license>Open Government Licence v3.0</license>",
		"<rights>Contains OS data © Crown copyright and database right 2026</rights>",
		`<constraints type="Synthetic data">SYNTHETIC DATA`, "<abstract>SYNTHETIC DATA", "<authid>EPSG:27700</authid>",
		"<organization>Test council</organization>", "<keyword>deprivation</keyword>"} {
		if !strings.Contains(doc, w) {
			t.Errorf("QGIS metadata lacks %s:\n%s", w, doc)
		}
	}
	if mime != "text/xml" {
		t.Errorf("mime %q", mime)
	}
}

// TestFinishedGDAL opens the styled, described file with GDAL: boundaries
// listed first, feature counts from gpkg_ogr_contents, and GDAL's own
// validator in its strictest mode.
func TestFinishedGDAL(t *testing.T) {
	if testing.Short() {
		t.Skip("runs GDAL's ogrinfo and validate_gpkg.py; runs without -short")
	}
	ogrinfo := gdalTool(t, "ogrinfo")
	path, _ := writeFinished(t)
	out := runClean(t, ogrinfo, "--config", "OGR_GPKG_INTEGRITY_CHECK", "YES", path)
	if !strings.Contains(out, "1: wards (Polygon)\n2: areas (Polygon)") {
		t.Errorf("GDAL layer order:\n%s", out)
	}
	out = runClean(t, ogrinfo, "-so", path, "wards")
	for _, w := range []string{"Feature Count: 2", "GPKG_METADATA_ITEM_1=<!DOCTYPE qgis", "<license>Open Government Licence v3.0</license>"} {
		if !strings.Contains(out, w) {
			t.Errorf("ogrinfo -so lacks %q:\n%s", w, out)
		}
	}
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import osgeo_utils.samples.validate_gpkg").Run() != nil {
			continue
		}
		runClean(t, py, "-m", "osgeo_utils.samples.validate_gpkg", "--extra", "--warning-as-error", path)
		return
	}
	if os.Getenv("TARGETING_REQUIRE_GDAL") == "1" {
		t.Fatal("GDAL's validate_gpkg.py (python3-gdal) not available and TARGETING_REQUIRE_GDAL=1")
	}
	t.Skip("GDAL's validate_gpkg.py (python3-gdal) not available")
}
