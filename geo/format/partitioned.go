package format

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/geo/geoparquet"
	"github.com/manchester-insight/targeting/internal/hive"
)

// PartitionKey is the Hive partition column of partitioned layers: the
// local authority district.
const PartitionKey = "lad"

// writePartitioned writes a layer as GeoParquet partitioned Hive-style by
// local authority district, one file per district:
// dir/lad=E08000003/part-0.parquet. A data lake (DuckDB, Spark, Athena,
// BigQuery) then reads dir as one table with a lad column and prunes by
// district; each file is a whole GeoParquet layer (metadata, bbox covering,
// Hilbert order) that GIS tools open on its own. The district of a row comes
// from districts (by area_code, or ward_code for a wards layer); a row with
// none goes to Hive's null partition.
func writePartitioned(dir string, l *geo.Layer, districts map[string]string) error {
	district, err := districtsOf(l.Attributes, districts)
	if err != nil {
		return err
	}
	rows := map[string][]int{}
	for i, d := range district {
		rows[d] = append(rows[d], i)
	}
	for _, d := range slices.Sorted(maps.Keys(rows)) {
		part := *l
		part.Attributes = takeRows(l.Attributes, rows[d])
		part.Geometry = make([]orb.Geometry, 0, len(rows[d]))
		for _, i := range rows[d] {
			part.Geometry = append(part.Geometry, l.Geometry[i])
		}
		folder := filepath.Join(dir, hive.Dir(PartitionKey, d))
		err := os.MkdirAll(folder, 0o755)
		if err == nil {
			err = geoparquet.Write(filepath.Join(folder, "part-0.parquet"), &part)
		}
		part.Attributes.Release()
		if err != nil {
			return fmt.Errorf("partition %s=%s: %w", PartitionKey, d, err)
		}
	}
	return nil
}

// districtsOf gives each row of a layer's attributes its district, by its
// area_code or else its ward_code.
func districtsOf(rec arrow.RecordBatch, districts map[string]string) ([]string, error) {
	for _, key := range []string{"area_code", "ward_code"} {
		idx := rec.Schema().FieldIndices(key)
		if len(idx) == 0 {
			continue
		}
		codes, ok := rec.Column(idx[0]).(*array.String)
		if !ok {
			break
		}
		out := make([]string, codes.Len())
		for i := range out {
			out[i] = districts[codes.Value(i)]
		}
		return out, nil
	}
	return nil, fmt.Errorf("the layer has no area_code or ward_code column to partition by district")
}

// takeRows copies the given rows of a record, in order, as runs of
// contiguous rows.
func takeRows(rec arrow.RecordBatch, rows []int) arrow.RecordBatch {
	cols := make([]arrow.Array, rec.NumCols())
	for c := range cols {
		var parts []arrow.Array
		for i := 0; i < len(rows); {
			j := i + 1
			for j < len(rows) && rows[j] == rows[j-1]+1 {
				j++
			}
			parts = append(parts, array.NewSlice(rec.Column(c), int64(rows[i]), int64(rows[j-1]+1)))
			i = j
		}
		var err error
		if cols[c], err = array.Concatenate(parts, memory.DefaultAllocator); err != nil {
			panic(err) // slices of one array always concatenate
		}
		for _, p := range parts {
			p.Release()
		}
	}
	out := array.NewRecordBatch(rec.Schema(), cols, int64(len(rows)))
	for _, c := range cols {
		c.Release()
	}
	return out
}
