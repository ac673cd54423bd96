package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Core catalogue tables, as in the spec's table definition SQL.
const (
	ddlSpatialRefSys = `CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT
)`
	ddlContents = `CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE,
  min_y DOUBLE,
  max_x DOUBLE,
  max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
)`
	ddlGeometryColumns = `CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
)`
	ddlExtensions = `CREATE TABLE gpkg_extensions (
  table_name TEXT,
  column_name TEXT,
  extension_name TEXT NOT NULL,
  definition TEXT NOT NULL,
  scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
)`
)

// geomColumn is the geometry column name in every feature table.
const geomColumn = "geom"

// createCore sets the GeoPackage header and creates the catalogue tables
// with the SRS rows the mandatory set plus the layers need.
func createCore(ctx context.Context, tx *sql.Tx, plans []*layerPlan) error {
	stmts := []string{
		fmt.Sprintf("PRAGMA application_id = %d", applicationID),
		fmt.Sprintf("PRAGMA user_version = %d", userVersion),
		ddlSpatialRefSys, ddlContents, ddlGeometryColumns, ddlExtensions,
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%.40s: %w", s, err)
		}
	}
	ids := map[int]bool{}
	for _, id := range mandatorySRS {
		ids[id] = true
	}
	for _, p := range plans {
		ids[p.layer.SRID] = true
	}
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		s := srsByID[id]
		_, err := tx.ExecContext(ctx, `INSERT INTO gpkg_spatial_ref_sys
  (srs_name, srs_id, organization, organization_coordsys_id, definition, description)
  VALUES (?, ?, ?, ?, ?, ?)`, s.name, id, s.organization, s.orgID, s.definition, s.description)
		if err != nil {
			return fmt.Errorf("srs %d: %w", id, err)
		}
	}
	return nil
}

// featureTableDDL declares the geometry column with its geometry type name,
// as requirement 31 asks (storage is still a BLOB: SQLite keeps blobs as
// blobs under any declared affinity).
func featureTableDDL(p *layerPlan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE %s (\n  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n  %s %s",
		quoteIdent(p.table), geomColumn, p.geomType)
	for _, c := range p.columns {
		fmt.Fprintf(&b, ",\n  %s %s", quoteIdent(c.name), c.sqlType)
	}
	b.WriteString("\n)")
	return b.String()
}

// featureInsertSQL names every column so the statement does not depend on
// column order.
func featureInsertSQL(p *layerPlan) string {
	names := []string{"fid", geomColumn}
	for _, c := range p.columns {
		names = append(names, quoteIdent(c.name))
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ")
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", quoteIdent(p.table), strings.Join(names, ", "), marks)
}
