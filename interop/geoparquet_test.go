package interop

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" driver
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/paulmach/orb/encoding/wkt"
	orbjson "github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/crs"
	"github.com/manchester-insight/targeting/geo/geoparquet"
)

// lsoaBoundaries is the real Manchester LSOA 2011 layer (generalised,
// WGS84) shipped in the main module's data.
const lsoaBoundaries = "../data/boundaries/manchester_lsoa11_generalised_wgs84.geojson"

// column is one attribute column of a test layer: name, Arrow type, the
// DuckDB type DESCRIBE should report, and a value per feature (nil for
// null).
type column struct {
	name, duckType string
	typ            arrow.DataType
	values         []any
}

// buildLayer makes a layer from columns and geometries.
func buildLayer(t *testing.T, name string, srid int, cols []column, geoms []orb.Geometry) *geo.Layer {
	t.Helper()
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = arrow.Field{Name: c.name, Type: c.typ, Nullable: true}
	}
	b := array.NewRecordBuilder(memory.DefaultAllocator, arrow.NewSchema(fields, nil))
	defer b.Release()
	for i, c := range cols {
		for _, v := range c.values {
			if v == nil {
				b.Field(i).AppendNull()
				continue
			}
			switch fb := b.Field(i).(type) {
			case *array.StringBuilder:
				fb.Append(v.(string))
			case *array.Int64Builder:
				fb.Append(v.(int64))
			case *array.Float64Builder:
				fb.Append(v.(float64))
			case *array.BooleanBuilder:
				fb.Append(v.(bool))
			}
		}
	}
	rec := b.NewRecord()
	t.Cleanup(rec.Release)
	return &geo.Layer{Name: name, SRID: srid, Attributes: rec, Geometry: geoms}
}

// smallColumns has every attribute type, with nulls; column "id" is the
// feature index, used to match rows after the Hilbert sort.
func smallColumns(n int) []column {
	cols := []column{
		{name: "id", duckType: "BIGINT", typ: arrow.PrimitiveTypes.Int64},
		{name: "code", duckType: "VARCHAR", typ: arrow.BinaryTypes.String},
		{name: "score", duckType: "DOUBLE", typ: arrow.PrimitiveTypes.Float64},
		{name: "flag", duckType: "BOOLEAN", typ: arrow.FixedWidthTypes.Boolean},
		{name: "count", duckType: "BIGINT", typ: arrow.PrimitiveTypes.Int64},
	}
	for i := range n {
		cols[0].values = append(cols[0].values, int64(i))
		if i%5 == 3 {
			for c := 1; c < len(cols); c++ {
				cols[c].values = append(cols[c].values, nil)
			}
			continue
		}
		cols[1].values = append(cols[1].values, fmt.Sprintf("E0100%04d 'Hulme' é", i))
		cols[2].values = append(cols[2].values, float64(i)/7)
		cols[3].values = append(cols[3].values, i%2 == 0)
		cols[4].values = append(cols[4].values, int64(i)<<40)
	}
	return cols
}

// smallGeometries is n features on a grid of spacing step from origin:
// squares for even i, a square with a hole plus a triangle for odd i.
func smallGeometries(n int, origin orb.Point, step float64) []orb.Geometry {
	cols := int(math.Ceil(math.Sqrt(float64(n))))
	out := make([]orb.Geometry, n)
	for i := range out {
		x, y := origin[0]+step*float64(i%cols), origin[1]+step*float64(i/cols)
		s := step * 0.4
		outer := orb.Ring{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}
		if i%2 == 0 {
			out[i] = orb.Polygon{outer}
			continue
		}
		h := s / 5
		hole := orb.Ring{{x + h, y + h}, {x + h, y + 4*h}, {x + 4*h, y + 4*h}, {x + 4*h, y + h}, {x + h, y + h}}
		tri := orb.Ring{{x + 1.5*s, y}, {x + 2*s, y}, {x + 2*s, y + s/2}, {x + 1.5*s, y}}
		out[i] = orb.MultiPolygon{{outer, hole}, {tri}}
	}
	return out
}

func TestDuckDBReadsSmallLayers(t *testing.T) {
	tests := []struct {
		name      string
		srid      int
		geoms     []orb.Geometry
		wantTypes []string
	}{
		{"BNG", geo.BNG, smallGeometries(50, orb.Point{380000, 390000}, 250), []string{"Polygon", "MultiPolygon"}},
		{"WGS84", geo.WGS84, smallGeometries(30, orb.Point{-2.3, 53.4}, 0.01), []string{"Polygon", "MultiPolygon"}},
		{"BNG polygons only", geo.BNG, smallGeometries(1, orb.Point{380000, 390000}, 250), []string{"Polygon"}},
	}
	db := openDuckDB(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cols := smallColumns(len(tc.geoms))
			l := buildLayer(t, "small", tc.srid, cols, tc.geoms)
			path := filepath.Join(t.TempDir(), "small.parquet")
			if err := geoparquet.Write(path, l); err != nil {
				t.Fatal(err)
			}
			checkWithDuckDB(t, db, path, l, cols, tc.wantTypes)
		})
	}
}

// TestDuckDBReadsManchesterLSOAs writes the real Manchester LSOA 2011
// boundaries, projected to the British National Grid, and reads them back.
func TestDuckDBReadsManchesterLSOAs(t *testing.T) {
	raw, err := os.ReadFile(lsoaBoundaries)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := orbjson.UnmarshalFeatureCollection(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != 282 {
		t.Fatalf("%d LSOAs in %s, want 282", len(fc.Features), lsoaBoundaries)
	}
	cols := []column{
		{name: "id", duckType: "BIGINT", typ: arrow.PrimitiveTypes.Int64},
		{name: "lsoa11cd", duckType: "VARCHAR", typ: arrow.BinaryTypes.String},
		{name: "lsoa11nm", duckType: "VARCHAR", typ: arrow.BinaryTypes.String},
		{name: "area_km2", duckType: "DOUBLE", typ: arrow.PrimitiveTypes.Float64},
	}
	geoms := make([]orb.Geometry, len(fc.Features))
	for i, f := range fc.Features {
		geoms[i] = crs.ProjectToBNG(f.Geometry)
		cols[0].values = append(cols[0].values, int64(i))
		cols[1].values = append(cols[1].values, f.Properties.MustString("area_code"))
		cols[2].values = append(cols[2].values, f.Properties.MustString("area_name"))
		cols[3].values = append(cols[3].values, planar.Area(geoms[i])/1e6)
	}
	l := buildLayer(t, "manchester_lsoa11", geo.BNG, cols, geoms)
	path := filepath.Join(t.TempDir(), "lsoa.parquet")
	if err := geoparquet.Write(path, l); err != nil {
		t.Fatal(err)
	}
	checkWithDuckDB(t, openDuckDB(t), path, l, cols, []string{"MultiPolygon"})
}

func openDuckDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var v string
	if err := db.QueryRow("SELECT version()").Scan(&v); err != nil {
		t.Fatal(err)
	}
	t.Logf("DuckDB %s", v)
	return db
}

// sqlString quotes s as an SQL string literal: DuckDB's table functions
// take file names as constants, not bound parameters.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// checkWithDuckDB reads path with DuckDB and compares everything it says
// with the layer that was written.
func checkWithDuckDB(t *testing.T, db *sql.DB, path string, l *geo.Layer, cols []column, wantTypes []string) {
	t.Helper()
	file := sqlString(path)
	n := len(l.Geometry)

	var count int
	if err := db.QueryRow("SELECT count(*) FROM read_parquet(" + file + ")").Scan(&count); err != nil {
		t.Fatal(err)
	}
	if count != n {
		t.Errorf("DuckDB counts %d rows, want %d", count, n)
	}

	checkDescribe(t, db, file, l.SRID, cols)
	checkGeoMetadata(t, db, file, l.SRID, wantTypes)
	checkParquetMetadata(t, db, file, n)

	// Rows in file order. DuckDB turns the GeoParquet column into its
	// GEOMETRY type; ST_AsWKB (core DuckDB, no extension) gives WKB back.
	sel := make([]string, 0, len(cols)+6)
	for _, c := range cols {
		sel = append(sel, `"`+c.name+`"`)
	}
	sel = append(sel, "ST_AsWKB(geometry)", "ST_AsText(geometry)",
		"bbox.xmin", "bbox.ymin", "bbox.xmax", "bbox.ymax")
	rows, err := db.Query("SELECT " + strings.Join(sel, ", ") +
		" FROM read_parquet(" + file + ", file_row_number = true) ORDER BY file_row_number")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type fileRow struct {
		id   int
		bbox orb.Bound
	}
	var got []fileRow
	seen := make([]bool, n)
	for rows.Next() {
		vals := make([]any, len(cols))
		var geomWKB []byte
		var geomWKT string
		var b orb.Bound
		dest := make([]any, 0, len(sel))
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		dest = append(dest, &geomWKB, &geomWKT, &b.Min[0], &b.Min[1], &b.Max[0], &b.Max[1])
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		id := int(vals[0].(int64))
		if id < 0 || id >= n || seen[id] {
			t.Fatalf("row %d: id %d repeated or out of range", len(got), id)
		}
		seen[id] = true
		for c, col := range cols {
			if !sameValue(vals[c], col.values[id]) {
				t.Errorf("feature %d %s: DuckDB read %#v, wrote %#v", id, col.name, vals[c], col.values[id])
			}
		}
		g, err := wkb.Unmarshal(geomWKB)
		if err != nil {
			t.Fatalf("feature %d: WKB from DuckDB: %v", id, err)
		}
		if !orb.Equal(g, l.Geometry[id]) {
			t.Errorf("feature %d: DuckDB geometry differs from input", id)
		}
		if g, err := wkt.Unmarshal(geomWKT); err != nil || !nearlyEqual(g, l.Geometry[id], 1e-6) {
			t.Errorf("feature %d: DuckDB WKT %.80s... does not match input (%v)", id, geomWKT, err)
		}
		if b != l.Geometry[id].Bound() {
			t.Errorf("feature %d: bbox %v, want %v", id, b, l.Geometry[id].Bound())
		}
		got = append(got, fileRow{id, b})
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("read %d rows, want %d", len(got), n)
	}

	// Hilbert order: keys of bbox centres over the union of the bboxes
	// never decrease down the file.
	extent := got[0].bbox
	for _, r := range got[1:] {
		extent = extent.Union(r.bbox)
	}
	var prev uint64
	moved := false
	for i, r := range got {
		key := geoparquet.HilbertKey(extent, r.bbox.Center())
		if i > 0 && key < prev {
			t.Fatalf("row %d (feature %d): Hilbert key %d after %d", i, r.id, key, prev)
		}
		prev = key
		moved = moved || r.id != i
	}
	if n > 10 && !moved {
		t.Error("file is in input order: rows were not sorted")
	}

	checkSpatialExtension(t, db, file, n)
}

// checkDescribe checks DuckDB's view of the schema: attribute columns in
// order with their types, then geometry (as GEOMETRY) and the bbox struct.
func checkDescribe(t *testing.T, db *sql.DB, file string, srid int, cols []column) {
	t.Helper()
	rows, err := db.Query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(" + file + "))")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(typ, "GEOMETRY") {
			// The type carries the CRS; only its presence matters here.
			if srid == geo.BNG && !strings.Contains(typ, `"code":27700`) {
				t.Errorf("geometry type %.120s... lacks EPSG:27700", typ)
			}
			typ = "GEOMETRY"
		}
		got = append(got, name+" "+typ)
	}
	var want []string
	for _, c := range cols {
		want = append(want, c.name+" "+c.duckType)
	}
	want = append(want, "geometry GEOMETRY", "bbox STRUCT(xmin DOUBLE, ymin DOUBLE, xmax DOUBLE, ymax DOUBLE)")
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("DuckDB schema\n got %v\nwant %v", got, want)
	}
}

// checkGeoMetadata reads the "geo" key-value metadata through DuckDB.
func checkGeoMetadata(t *testing.T, db *sql.DB, file string, srid int, wantTypes []string) {
	t.Helper()
	var raw []byte
	if err := db.QueryRow("SELECT value FROM parquet_kv_metadata(" + file + ") WHERE key = 'geo'").Scan(&raw); err != nil {
		t.Fatal(err)
	}
	var md struct {
		Version       string `json:"version"`
		PrimaryColumn string `json:"primary_column"`
		Columns       map[string]struct {
			Encoding      string    `json:"encoding"`
			GeometryTypes []string  `json:"geometry_types"`
			BBox          []float64 `json:"bbox"`
			CRS           *struct {
				Type string `json:"type"`
				Name string `json:"name"`
				ID   struct {
					Authority string `json:"authority"`
					Code      int    `json:"code"`
				} `json:"id"`
			} `json:"crs"`
			Covering struct {
				BBox map[string][]string `json:"bbox"`
			} `json:"covering"`
		} `json:"columns"`
	}
	if err := json.Unmarshal(raw, &md); err != nil {
		t.Fatalf("geo metadata is not JSON: %v", err)
	}
	col, ok := md.Columns[md.PrimaryColumn]
	if md.Version != "1.1.0" || md.PrimaryColumn != "geometry" || !ok {
		t.Fatalf("geo metadata: %s", raw)
	}
	if col.Encoding != "WKB" || strings.Join(col.GeometryTypes, ",") != strings.Join(wantTypes, ",") || len(col.BBox) != 4 {
		t.Errorf("geometry column metadata: %s", raw)
	}
	switch srid {
	case geo.BNG:
		if col.CRS == nil || col.CRS.Type != "ProjectedCRS" || col.CRS.Name != "OSGB36 / British National Grid" ||
			col.CRS.ID.Authority != "EPSG" || col.CRS.ID.Code != 27700 {
			t.Errorf("crs = %+v, want EPSG:27700 PROJJSON", col.CRS)
		}
	case geo.WGS84:
		if col.CRS != nil {
			t.Errorf("crs = %+v, want none (OGC:CRS84)", col.CRS)
		}
	}
	for _, k := range []string{"xmin", "ymin", "xmax", "ymax"} {
		if p := col.Covering.BBox[k]; len(p) != 2 || p[0] != "bbox" || p[1] != k {
			t.Errorf("covering.bbox.%s = %v", k, p)
		}
	}
}

// checkParquetMetadata checks compression and row-group sizes as DuckDB
// reports them.
func checkParquetMetadata(t *testing.T, db *sql.DB, file string, n int) {
	t.Helper()
	rows, err := db.Query("SELECT DISTINCT row_group_id, row_group_num_rows, compression FROM parquet_metadata(" + file + ")")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	total := map[int64]int64{}
	for rows.Next() {
		var id, num int64
		var comp string
		if err := rows.Scan(&id, &num, &comp); err != nil {
			t.Fatal(err)
		}
		if comp != "ZSTD" {
			t.Errorf("row group %d: compression %s", id, comp)
		}
		if num > geoparquet.RowGroupRows {
			t.Errorf("row group %d has %d rows", id, num)
		}
		total[id] = num
	}
	var sum int64
	for _, v := range total {
		sum += v
	}
	if sum != int64(n) {
		t.Errorf("row groups hold %d rows, want %d", sum, n)
	}
}

// checkSpatialExtension runs ST_GeomFromWKB through the spatial extension
// when it can be loaded; it cannot be downloaded here, so its absence is
// only logged.
func checkSpatialExtension(t *testing.T, db *sql.DB, file string, n int) {
	t.Helper()
	if _, err := db.Exec("LOAD spatial"); err != nil {
		t.Logf("spatial extension not available (%v); checked WKB in Go instead", firstLine(err.Error()))
		return
	}
	var valid int
	q := "SELECT count(*) FROM read_parquet(" + file + ") WHERE ST_IsValid(ST_GeomFromWKB(ST_AsWKB(geometry)))"
	if err := db.QueryRow(q).Scan(&valid); err != nil {
		t.Fatal(err)
	}
	if valid != n {
		t.Errorf("spatial: %d of %d geometries valid", valid, n)
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// sameValue compares a value scanned from DuckDB with one written.
func sameValue(got, want any) bool {
	if got == nil || want == nil {
		return got == nil && want == nil
	}
	return got == want
}

// nearlyEqual compares geometries point by point within tol, for WKT,
// whose decimal text need not round-trip every bit.
func nearlyEqual(a, b orb.Geometry, tol float64) bool {
	pa, pb := points(a), points(b)
	if a.GeoJSONType() != b.GeoJSONType() || len(pa) != len(pb) {
		return false
	}
	for i := range pa {
		if math.Abs(pa[i][0]-pb[i][0]) > tol || math.Abs(pa[i][1]-pb[i][1]) > tol {
			return false
		}
	}
	return true
}

func points(g orb.Geometry) []orb.Point {
	switch g := g.(type) {
	case orb.Polygon:
		var out []orb.Point
		for _, r := range g {
			out = append(out, r...)
		}
		return out
	case orb.MultiPolygon:
		var out []orb.Point
		for _, p := range g {
			out = append(out, points(p)...)
		}
		return out
	}
	return nil
}
