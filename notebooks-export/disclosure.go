package notebooksexport

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/manchester-insight/targeting/engine/disclosure"
)

// MinCount is the smallest count from a service-usage source that may leave
// the council: smaller counts (0 included, as engine/disclosure's rule says)
// are suppressed in every file, table, map and notebook this package writes.
const MinCount = disclosure.DefaultThreshold

// Disclosure is the statistical disclosure control applied to everything
// exported here: primary suppression of small counts, cell by cell.
//
// Service-usage indicators reach a scenario as the indicator tables that
// `targeting aggregate` writes (pipelines/aggregate), where small counts and
// the cells that would reveal them are already suppressed (engine/
// disclosure's primary and secondary suppression); the scored tables hold
// rates and normalised values built from those, not case counts. So
// DefaultDisclosure marks nothing and disclose passes tables through. A
// scenario that read raw case counts directly would need its count
// columns (the <id>_value of a count indicator, and any ward total built
// from one) marked here, and the areas-within-wards tables then need
// engine/disclosure's secondary suppression (Protect), so that no
// suppressed area can be recovered by subtracting the others from its
// ward's total.
type Disclosure struct {
	// Sensitive reports whether a field of a layer ("areas", "wards",
	// "robustness") holds counts from a service-usage source.
	Sensitive func(layer, field string) bool
}

// DefaultDisclosure is the disclosure rule for a run: nothing in a scored
// table is a case count (see Disclosure).
func DefaultDisclosure() Disclosure {
	return Disclosure{Sensitive: func(string, string) bool { return false }}
}

// disclose is the one function every exported table goes through: files
// (Feather, Parquet, GeoPackage, CSV), the report's tables and maps, and the
// notebook. It returns a new reference to a record in which every value of a
// sensitive column below MinCount is null, and the number of cells
// suppressed. The caller releases the record.
func (d Disclosure) disclose(layer string, rec arrow.RecordBatch) (arrow.RecordBatch, int, error) {
	sensitive := d.Sensitive
	if sensitive == nil {
		sensitive = DefaultDisclosure().Sensitive
	}
	cols := make([]arrow.Array, rec.NumCols())
	suppressed := 0
	changed := false
	for i, f := range rec.Schema().Fields() {
		col := rec.Column(i)
		if !sensitive(layer, f.Name) {
			col.Retain()
			cols[i] = col
			continue
		}
		out, n, err := suppressSmall(col)
		if err != nil {
			for _, c := range cols[:i] {
				c.Release()
			}
			return nil, 0, fmt.Errorf("disclosure: %s.%s: %w", layer, f.Name, err)
		}
		cols[i], suppressed, changed = out, suppressed+n, true
	}
	if !changed {
		for _, c := range cols {
			c.Release()
		}
		rec.Retain()
		return rec, 0, nil
	}
	out := array.NewRecordBatch(rec.Schema(), cols, rec.NumRows())
	for _, c := range cols {
		c.Release()
	}
	return out, suppressed, nil
}

// suppressSmall nulls the values below MinCount of a count column.
func suppressSmall(col arrow.Array) (arrow.Array, int, error) {
	n := 0
	switch c := col.(type) {
	case *array.Int64:
		b := array.NewInt64Builder(memory.DefaultAllocator)
		defer b.Release()
		for i := 0; i < c.Len(); i++ {
			switch {
			case c.IsNull(i):
				b.AppendNull()
			case c.Value(i) < MinCount:
				b.AppendNull()
				n++
			default:
				b.Append(c.Value(i))
			}
		}
		return b.NewArray(), n, nil
	case *array.Float64:
		b := array.NewFloat64Builder(memory.DefaultAllocator)
		defer b.Release()
		for i := 0; i < c.Len(); i++ {
			switch {
			case c.IsNull(i):
				b.AppendNull()
			case c.Value(i) < MinCount:
				b.AppendNull()
				n++
			default:
				b.Append(c.Value(i))
			}
		}
		return b.NewArray(), n, nil
	}
	return nil, 0, fmt.Errorf("a count column must be numeric, not %s", col.DataType())
}
