package gpkg

import (
	"fmt"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/qml"
)

// layerPlan is a validated layer plus the decisions made about it, checked
// before the file is created so bad input never leaves a partial file.
type layerPlan struct {
	layer      *geo.Layer
	table      string // feature table name (= layer.Name)
	identifier string // gpkg_contents.identifier, unique in the file
	geomType   string // gpkg_geometry_columns.geometry_type_name
	promote    bool   // write Polygons as one-part MultiPolygons
	rows       int
	columns    []column
}

// column is one Arrow attribute column and how it is stored.
type column struct {
	name    string
	sqlType string
	value   func(row int) any // nil for an Arrow null
}

func planLayers(layers []*geo.Layer) ([]*layerPlan, error) {
	if len(layers) == 0 {
		return nil, errNoLayers
	}
	tables := map[string]bool{}
	idents := map[string]bool{}
	var plans []*layerPlan
	for i, l := range layers {
		if l == nil {
			return nil, fmt.Errorf("gpkg: layer %d is nil", i)
		}
		p, err := planLayer(l)
		if err != nil {
			return nil, fmt.Errorf("gpkg: layer %q: %w", l.Name, err)
		}
		// SQLite names are case-insensitive.
		key := strings.ToLower(p.table)
		if tables[key] {
			return nil, fmt.Errorf("gpkg: duplicate layer name %q", l.Name)
		}
		tables[key] = true
		// identifier is UNIQUE in gpkg_contents; titles may repeat.
		if idents[p.identifier] {
			p.identifier = fmt.Sprintf("%s (%s)", p.identifier, p.table)
		}
		idents[p.identifier] = true
		plans = append(plans, p)
	}
	// Overlays (unfilled boundaries) first: see the package comment.
	slices.SortStableFunc(plans, func(a, b *layerPlan) int {
		return cmpBool(b.layer.Style.Overlay(), a.layer.Style.Overlay())
	})
	return plans, nil
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

func planLayer(l *geo.Layer) (*layerPlan, error) {
	if err := checkTableName(l.Name); err != nil {
		return nil, err
	}
	// Only real CRSs: SRID 0 is more likely "forgot to set" than the
	// spec's undefined geographic SRS.
	if l.SRID != geo.BNG && l.SRID != geo.WGS84 {
		return nil, fmt.Errorf("unsupported SRID %d (want %d or %d)", l.SRID, geo.BNG, geo.WGS84)
	}
	p := &layerPlan{layer: l, table: l.Name, identifier: l.Title, rows: len(l.Geometry)}
	if p.identifier == "" {
		p.identifier = l.Name
	}
	if l.Attributes != nil {
		if n := l.Attributes.NumRows(); n != int64(len(l.Geometry)) {
			return nil, fmt.Errorf("%d attribute rows but %d geometries", n, len(l.Geometry))
		}
		cols, err := planColumns(l.Attributes)
		if err != nil {
			return nil, err
		}
		p.columns = cols
	}
	var err error
	p.geomType, p.promote, err = layerGeometryType(l.Geometry)
	if err != nil {
		return nil, err
	}
	if err := qml.Check(l); err != nil {
		return nil, err
	}
	return p, nil
}

// checkTableName rejects names the spec or QGIS reserve, so a layer cannot
// clobber a catalogue table.
func checkTableName(name string) error {
	if name == "" {
		return fmt.Errorf("empty layer name")
	}
	lower := strings.ToLower(name)
	for _, prefix := range []string{"gpkg_", "rtree_", "sqlite_"} {
		if strings.HasPrefix(lower, prefix) {
			return fmt.Errorf("layer name must not start with %q", prefix)
		}
	}
	if lower == "layer_styles" || lower == "sqlite_sequence" {
		return fmt.Errorf("layer name %q is reserved", name)
	}
	return nil
}

func planColumns(rec arrow.RecordBatch) ([]column, error) {
	seen := map[string]bool{"fid": true, "geom": true}
	var cols []column
	for i, f := range rec.Schema().Fields() {
		key := strings.ToLower(f.Name)
		if f.Name == "" || seen[key] {
			return nil, fmt.Errorf("attribute column %d: name %q is empty, reserved or repeated", i, f.Name)
		}
		seen[key] = true
		sqlType, value, err := columnAccess(rec.Column(i))
		if err != nil {
			return nil, fmt.Errorf("attribute column %q: %w", f.Name, err)
		}
		cols = append(cols, column{name: f.Name, sqlType: sqlType, value: value})
	}
	return cols, nil
}

// columnAccess maps an Arrow column to its GeoPackage type and a per-row
// getter. Nulls become SQL NULL; booleans are stored 0/1 as the spec's
// BOOLEAN requires.
func columnAccess(a arrow.Array) (string, func(int) any, error) {
	null := func(get func(int) any) func(int) any {
		if a.NullN() == 0 {
			return get
		}
		return func(i int) any {
			if a.IsNull(i) {
				return nil
			}
			return get(i)
		}
	}
	switch c := a.(type) {
	case *array.Int64:
		return "INTEGER", null(func(i int) any { return c.Value(i) }), nil
	case *array.Int32:
		return "INTEGER", null(func(i int) any { return int64(c.Value(i)) }), nil
	case *array.Int16:
		return "INTEGER", null(func(i int) any { return int64(c.Value(i)) }), nil
	case *array.Int8:
		return "INTEGER", null(func(i int) any { return int64(c.Value(i)) }), nil
	case *array.Uint32:
		return "INTEGER", null(func(i int) any { return int64(c.Value(i)) }), nil
	case *array.Uint16:
		return "INTEGER", null(func(i int) any { return int64(c.Value(i)) }), nil
	case *array.Uint8:
		return "INTEGER", null(func(i int) any { return int64(c.Value(i)) }), nil
	case *array.Float64:
		return "REAL", null(func(i int) any { return c.Value(i) }), nil
	case *array.Float32:
		return "REAL", null(func(i int) any { return float64(c.Value(i)) }), nil
	case *array.String:
		return "TEXT", null(func(i int) any { return c.Value(i) }), nil
	case *array.LargeString:
		return "TEXT", null(func(i int) any { return c.Value(i) }), nil
	case *array.Boolean:
		return "BOOLEAN", null(func(i int) any {
			if c.Value(i) {
				return int64(1)
			}
			return int64(0)
		}), nil
	}
	return "", nil, fmt.Errorf("unsupported Arrow type %s", a.DataType())
}
