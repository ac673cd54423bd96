// Package geoparquet writes a geo.Layer as GeoParquet 1.1: a Parquet file
// whose geometry column holds WKB and whose "geo" key-value metadata says
// how to read it, so DuckDB, GDAL (with its Parquet driver), GeoPandas and
// QGIS open the layer without a shapefile or GeoPackage in between.
//
// It uses github.com/parquet-go/parquet-go rather than arrow-go's pqarrow,
// which would pull gRPC and its dependencies into every binary that writes
// a layer.
//
// The file layout is chosen for spatial filtering by readers that only
// fetch what they need:
//
//   - a bbox covering column (GeoParquet 1.1 "covering") of per-row
//     xmin/ymin/xmax/ymax doubles, whose row-group statistics let a reader
//     skip row groups outside a query window without decoding WKB;
//   - rows sorted along a Hilbert curve of their bbox centres, so each row
//     group covers a compact area and those statistics are tight;
//   - row groups of at most RowGroupRows rows.
package geoparquet
