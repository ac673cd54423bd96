package geoparquet

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo"
)

// geometryTypePattern is the geometry_types item pattern of the
// GeoParquet 1.1 JSON schema.
var geometryTypePattern = regexp.MustCompile(`^(GeometryCollection|(Multi)?(Point|LineString|Polygon))( Z)?$`)

// validateGeoMetadata checks raw against the rules of the GeoParquet 1.1.0
// JSON schema (format-specs/schema.json), written out by hand so that the
// test needs no JSON-schema library: required keys, types, constants,
// enumerations, bbox length and the covering structure. It also checks
// the prose rule that primary_column names one of the columns.
func validateGeoMetadata(raw []byte) error {
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("not a JSON object: %v", err)
	}
	for _, k := range []string{"version", "primary_column", "columns"} {
		if _, ok := doc[k]; !ok {
			return fmt.Errorf("missing required %q", k)
		}
	}
	if v, ok := doc["version"].(string); !ok || v != Version {
		return fmt.Errorf("version = %v, want %q", doc["version"], Version)
	}
	primary, ok := doc["primary_column"].(string)
	if !ok || primary == "" {
		return fmt.Errorf("primary_column = %v, want a non-empty string", doc["primary_column"])
	}
	cols, ok := doc["columns"].(map[string]any)
	if !ok || len(cols) == 0 {
		return fmt.Errorf("columns = %v, want an object with at least one member", doc["columns"])
	}
	if _, ok := cols[primary]; !ok {
		return fmt.Errorf("primary_column %q is not in columns", primary)
	}
	for name, c := range cols {
		if name == "" {
			return fmt.Errorf("empty column name")
		}
		if err := validateColumn(c); err != nil {
			return fmt.Errorf("columns.%s: %v", name, err)
		}
	}
	return nil
}

func validateColumn(c any) error {
	col, ok := c.(map[string]any)
	if !ok {
		return fmt.Errorf("not an object")
	}
	for _, k := range []string{"encoding", "geometry_types"} {
		if _, ok := col[k]; !ok {
			return fmt.Errorf("missing required %q", k)
		}
	}
	if e, ok := col["encoding"].(string); !ok || e != "WKB" {
		return fmt.Errorf("encoding = %v, want \"WKB\"", col["encoding"])
	}
	types, ok := col["geometry_types"].([]any)
	if !ok {
		return fmt.Errorf("geometry_types is not an array")
	}
	seen := map[string]bool{}
	for _, t := range types {
		s, ok := t.(string)
		if !ok || !geometryTypePattern.MatchString(s) {
			return fmt.Errorf("geometry_types item %v not allowed", t)
		}
		if seen[s] {
			return fmt.Errorf("geometry_types item %q repeated", s)
		}
		seen[s] = true
	}
	if crs, ok := col["crs"]; ok && crs != nil {
		obj, ok := crs.(map[string]any)
		if !ok {
			return fmt.Errorf("crs is neither PROJJSON nor null")
		}
		if _, ok := obj["type"].(string); !ok {
			return fmt.Errorf("crs has no PROJJSON type")
		}
	}
	if e, ok := col["edges"]; ok && e != "planar" && e != "spherical" {
		return fmt.Errorf("edges = %v", e)
	}
	if o, ok := col["orientation"]; ok && o != "counterclockwise" {
		return fmt.Errorf("orientation = %v", o)
	}
	if b, ok := col["bbox"]; ok {
		arr, ok := b.([]any)
		if !ok || (len(arr) != 4 && len(arr) != 6) {
			return fmt.Errorf("bbox = %v, want 4 or 6 numbers", b)
		}
		for _, x := range arr {
			if _, ok := x.(float64); !ok {
				return fmt.Errorf("bbox item %v is not a number", x)
			}
		}
	}
	if e, ok := col["epoch"]; ok {
		if _, ok := e.(float64); !ok {
			return fmt.Errorf("epoch = %v, want a number", e)
		}
	}
	if cv, ok := col["covering"]; ok {
		cov, ok := cv.(map[string]any)
		if !ok || len(cov) == 0 {
			return fmt.Errorf("covering = %v, want a non-empty object", cv)
		}
		if bb, ok := cov["bbox"]; ok {
			bbox, ok := bb.(map[string]any)
			if !ok {
				return fmt.Errorf("covering.bbox is not an object")
			}
			for _, k := range []string{"xmin", "xmax", "ymin", "ymax"} {
				path, ok := bbox[k].([]any)
				if !ok || len(path) != 2 {
					return fmt.Errorf("covering.bbox.%s = %v, want [column, %q]", k, bbox[k], k)
				}
				if _, ok := path[0].(string); !ok || path[1] != k {
					return fmt.Errorf("covering.bbox.%s = %v, want [column, %q]", k, path, k)
				}
			}
		}
	}
	return nil
}

func TestGeoMetadataValid(t *testing.T) {
	square := orb.Bound{Min: orb.Point{380000, 390000}, Max: orb.Point{390000, 400000}}
	var polys, mixed [8]bool
	polys[6] = true
	mixed[3], mixed[6] = true, true
	tests := []struct {
		name      string
		srid      int
		present   [8]bool
		empty     bool
		wantTypes []string
		wantCRS   bool
	}{
		{"BNG multipolygons", geo.BNG, polys, false, []string{"MultiPolygon"}, true},
		{"BNG mixed", geo.BNG, mixed, false, []string{"Polygon", "MultiPolygon"}, true},
		{"WGS84 omits crs", geo.WGS84, polys, false, []string{"MultiPolygon"}, false},
		{"empty layer", geo.BNG, [8]bool{}, true, []string{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw, err := buildGeoMetadata(tc.srid, tc.present, square, tc.empty)
			if err != nil {
				t.Fatal(err)
			}
			if err := validateGeoMetadata(raw); err != nil {
				t.Fatalf("invalid metadata: %v\n%s", err, raw)
			}
			var md geoMetadata
			if err := json.Unmarshal(raw, &md); err != nil {
				t.Fatal(err)
			}
			col := md.Columns[GeometryColumn]
			if fmt.Sprint(col.GeometryTypes) != fmt.Sprint(tc.wantTypes) {
				t.Errorf("geometry_types = %v, want %v", col.GeometryTypes, tc.wantTypes)
			}
			if (col.CRS != nil) != tc.wantCRS {
				t.Errorf("crs present = %v, want %v", col.CRS != nil, tc.wantCRS)
			}
			if tc.wantCRS {
				checkBNGProjJSON(t, col.CRS)
			}
			if tc.empty != (col.BBox == nil) {
				t.Errorf("bbox = %v for empty=%v", col.BBox, tc.empty)
			}
			if !tc.empty && fmt.Sprint(col.BBox) != "[380000 390000 390000 400000]" {
				t.Errorf("bbox = %v", col.BBox)
			}
		})
	}
}

// checkBNGProjJSON checks the parts of the PROJJSON a reader relies on to
// recognise EPSG:27700.
func checkBNGProjJSON(t *testing.T, raw json.RawMessage) {
	t.Helper()
	var crs struct {
		Type    string `json:"type"`
		Name    string `json:"name"`
		BaseCRS struct {
			Name string `json:"name"`
		} `json:"base_crs"`
		Conversion struct {
			Method struct {
				Name string `json:"name"`
			} `json:"method"`
			Parameters []struct {
				Name  string  `json:"name"`
				Value float64 `json:"value"`
			} `json:"parameters"`
		} `json:"conversion"`
		ID struct {
			Authority string `json:"authority"`
			Code      int    `json:"code"`
		} `json:"id"`
	}
	if err := json.Unmarshal(raw, &crs); err != nil {
		t.Fatal(err)
	}
	if crs.Type != "ProjectedCRS" || crs.Name != "OSGB36 / British National Grid" ||
		crs.BaseCRS.Name != "OSGB36" || crs.Conversion.Method.Name != "Transverse Mercator" ||
		crs.ID.Authority != "EPSG" || crs.ID.Code != 27700 {
		t.Errorf("unexpected PROJJSON: %+v", crs)
	}
	want := map[string]float64{
		"Latitude of natural origin":     49,
		"Longitude of natural origin":    -2,
		"Scale factor at natural origin": 0.9996012717,
		"False easting":                  400000,
		"False northing":                 -100000,
	}
	for _, p := range crs.Conversion.Parameters {
		if w, ok := want[p.Name]; !ok || w != p.Value {
			t.Errorf("parameter %s = %v, want %v", p.Name, p.Value, w)
		}
		delete(want, p.Name)
	}
	if len(want) != 0 {
		t.Errorf("missing parameters %v", want)
	}
}

// TestValidatorRejects makes sure the hand-written validator is not
// vacuous: each broken document must fail.
func TestValidatorRejects(t *testing.T) {
	good := `{"version":"1.1.0","primary_column":"geometry","columns":{"geometry":{"encoding":"WKB","geometry_types":["Polygon"]%s}}}`
	tests := []struct{ name, doc string }{
		{"not JSON", `{`},
		{"no version", `{"primary_column":"geometry","columns":{"geometry":{"encoding":"WKB","geometry_types":[]}}}`},
		{"wrong version", strings.Replace(fmt.Sprintf(good, ""), "1.1.0", "1.0.0", 1)},
		{"no columns", `{"version":"1.1.0","primary_column":"geometry","columns":{}}`},
		{"primary not a column", strings.Replace(fmt.Sprintf(good, ""), `"primary_column":"geometry"`, `"primary_column":"geom"`, 1)},
		{"encoding", strings.Replace(fmt.Sprintf(good, ""), "WKB", "WKT", 1)},
		{"no geometry_types", `{"version":"1.1.0","primary_column":"geometry","columns":{"geometry":{"encoding":"WKB"}}}`},
		{"bad geometry type", strings.Replace(fmt.Sprintf(good, ""), `"Polygon"`, `"Polygon M"`, 1)},
		{"repeated geometry type", strings.Replace(fmt.Sprintf(good, ""), `"Polygon"`, `"Polygon","Polygon"`, 1)},
		{"bbox of 3", fmt.Sprintf(good, `,"bbox":[1,2,3]`)},
		{"bbox of strings", fmt.Sprintf(good, `,"bbox":["1","2","3","4"]`)},
		{"crs string", fmt.Sprintf(good, `,"crs":"EPSG:27700"`)},
		{"edges", fmt.Sprintf(good, `,"edges":"geodesic"`)},
		{"orientation", fmt.Sprintf(good, `,"orientation":"clockwise"`)},
		{"covering empty", fmt.Sprintf(good, `,"covering":{}`)},
		{"covering field", fmt.Sprintf(good, `,"covering":{"bbox":{"xmin":["bbox","minx"],"ymin":["bbox","ymin"],"xmax":["bbox","xmax"],"ymax":["bbox","ymax"]}}`)},
		{"covering missing ymax", fmt.Sprintf(good, `,"covering":{"bbox":{"xmin":["bbox","xmin"],"ymin":["bbox","ymin"],"xmax":["bbox","xmax"]}}`)},
	}
	if err := validateGeoMetadata([]byte(fmt.Sprintf(good, `,"crs":null,"bbox":[1,2,3,4]`))); err != nil {
		t.Fatalf("good document rejected: %v", err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := validateGeoMetadata([]byte(tc.doc)); err == nil {
				t.Errorf("accepted %s", tc.doc)
			}
		})
	}
}

func TestUnsupportedSRID(t *testing.T) {
	if _, err := buildGeoMetadata(3857, [8]bool{}, orb.Bound{}, true); err == nil {
		t.Error("SRID 3857 accepted")
	}
}
