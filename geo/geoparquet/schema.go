package geoparquet

import (
	"fmt"
	"reflect"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"
)

// orderedGroup is a parquet group node whose fields keep the order given.
// parquet.Group is a map and lists its fields sorted by name, which would
// shuffle the attribute columns and put the bbox fields in the order
// xmax, xmin, ymax, ymin; readers show columns in file order, so the
// Arrow schema's order is kept instead.
type orderedGroup []parquet.Field

// field names node; parquet.Group's own Field carries the name and the
// reflection accessor, so a one-entry Group is borrowed for it.
func field(name string, node parquet.Node) parquet.Field {
	return parquet.Group{name: node}.Fields()[0]
}

func (g orderedGroup) asGroup() parquet.Group {
	m := make(parquet.Group, len(g))
	for _, f := range g {
		m[f.Name()] = f
	}
	return m
}

func (g orderedGroup) ID() int                     { return 0 }
func (g orderedGroup) String() string              { return parquet.NewSchema("", g).String() }
func (g orderedGroup) Type() parquet.Type          { return parquet.Group{}.Type() }
func (g orderedGroup) Optional() bool              { return false }
func (g orderedGroup) Repeated() bool              { return false }
func (g orderedGroup) Required() bool              { return true }
func (g orderedGroup) Leaf() bool                  { return false }
func (g orderedGroup) Fields() []parquet.Field     { return g }
func (g orderedGroup) Encoding() encoding.Encoding { return nil }
func (g orderedGroup) Compression() compress.Codec { return nil }
func (g orderedGroup) GoType() reflect.Type        { return g.asGroup().GoType() } // reflection only; unused here

var _ parquet.Node = orderedGroup(nil)

// attrColumn turns one Arrow attribute column into parquet values.
type attrColumn struct {
	name  string
	node  parquet.Node
	value func(row int) parquet.Value // unlevelled; null for nulls
}

// attrColumns maps the record's columns to optional parquet columns of the
// matching physical type. Every attribute is optional whether or not it
// has nulls, so files of the same layer from different runs share one
// schema.
func attrColumns(rec arrow.RecordBatch) ([]attrColumn, error) {
	schema := rec.Schema()
	cols := make([]attrColumn, 0, rec.NumCols())
	seen := map[string]bool{GeometryColumn: true, BBoxColumn: true}
	for i, f := range schema.Fields() {
		if seen[f.Name] {
			return nil, fmt.Errorf("geoparquet: attribute column %q clashes with another column", f.Name)
		}
		seen[f.Name] = true
		c := attrColumn{name: f.Name}
		switch a := rec.Column(i).(type) {
		case *array.String:
			c.node = parquet.Optional(parquet.String())
			c.value = func(r int) parquet.Value {
				if a.IsNull(r) {
					return parquet.NullValue()
				}
				return parquet.ByteArrayValue([]byte(a.Value(r)))
			}
		case *array.Int64:
			c.node = parquet.Optional(parquet.Leaf(parquet.Int64Type))
			c.value = func(r int) parquet.Value {
				if a.IsNull(r) {
					return parquet.NullValue()
				}
				return parquet.Int64Value(a.Value(r))
			}
		case *array.Float64:
			c.node = parquet.Optional(parquet.Leaf(parquet.DoubleType))
			c.value = func(r int) parquet.Value {
				if a.IsNull(r) {
					return parquet.NullValue()
				}
				return parquet.DoubleValue(a.Value(r))
			}
		case *array.Boolean:
			c.node = parquet.Optional(parquet.Leaf(parquet.BooleanType))
			c.value = func(r int) parquet.Value {
				if a.IsNull(r) {
					return parquet.NullValue()
				}
				return parquet.BooleanValue(a.Value(r))
			}
		default:
			return nil, fmt.Errorf("geoparquet: attribute column %q has unsupported type %s", f.Name, f.Type)
		}
		cols = append(cols, c)
	}
	return cols, nil
}

// fileSchema is the attributes in Arrow order, then the WKB geometry, then
// the bbox covering struct.
func fileSchema(name string, attrs []attrColumn) *parquet.Schema {
	root := make(orderedGroup, 0, len(attrs)+2)
	for _, c := range attrs {
		root = append(root, field(c.name, c.node))
	}
	root = append(root, field(GeometryColumn, parquet.Leaf(parquet.ByteArrayType)))
	double := parquet.Leaf(parquet.DoubleType)
	root = append(root, field(BBoxColumn, orderedGroup{
		field("xmin", double), field("ymin", double),
		field("xmax", double), field("ymax", double),
	}))
	if name == "" {
		name = "layer"
	}
	return parquet.NewSchema(name, root)
}
