package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Schema extension (gpkg_schema): gpkg_data_columns gives every attribute
// column a name, title and description, and its constraints table must
// exist alongside it. GDAL reads name as the field's alternative name,
// which QGIS shows as the alias in the attribute table; title is the
// spec's formal title; description is the data dictionary's text followed
// by the field's 10-character short name for Shapefile users.
const (
	ddlDataColumns = `CREATE TABLE gpkg_data_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  name TEXT,
  title TEXT,
  description TEXT,
  mime_type TEXT,
  constraint_name TEXT,
  CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name),
  CONSTRAINT gdc_tn UNIQUE (table_name, name)
)`
	ddlDataColumnConstraints = `CREATE TABLE gpkg_data_column_constraints (
  constraint_name TEXT NOT NULL,
  constraint_type TEXT NOT NULL,
  value TEXT,
  min NUMERIC,
  min_is_inclusive BOOLEAN,
  max NUMERIC,
  max_is_inclusive BOOLEAN,
  description TEXT,
  CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value)
)`
	schemaExtension = "gpkg_schema"
	schemaDefURL    = "http://www.geopackage.org/spec/#extension_schema"
)

// writeDataColumns describes every attribute column of every layer.
func writeDataColumns(ctx context.Context, tx *sql.Tx, plans []*layerPlan) error {
	has := false
	for _, p := range plans {
		has = has || len(p.columns) > 0
	}
	if !has {
		return nil
	}
	for _, s := range []string{ddlDataColumns, ddlDataColumnConstraints} {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("schema tables: %w", err)
		}
	}
	for _, t := range []string{"gpkg_data_columns", "gpkg_data_column_constraints"} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_extensions
  (table_name, column_name, extension_name, definition, scope) VALUES (?, NULL, ?, ?, 'read-write')`,
			t, schemaExtension, schemaDefURL); err != nil {
			return fmt.Errorf("schema extension: %w", err)
		}
	}
	for _, p := range plans {
		names := map[string]bool{} // name is UNIQUE per table
		for _, c := range p.columns {
			info := p.layer.Fields[c.name]
			title := strings.TrimSpace(info.Title)
			if title == "" {
				title = c.name
			}
			name := title
			if names[strings.ToLower(name)] {
				name = fmt.Sprintf("%s (%s)", title, c.name)
			}
			names[strings.ToLower(name)] = true
			desc := strings.TrimSpace(info.Description)
			if info.Alias10 != "" {
				if desc != "" && !strings.HasSuffix(desc, ".") {
					desc += "."
				}
				desc = strings.TrimSpace(desc + " Short name (10 characters, for Shapefile/dBase): " + info.Alias10)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_data_columns
  (table_name, column_name, name, title, description, mime_type, constraint_name)
  VALUES (?, ?, ?, ?, ?, NULL, NULL)`, p.table, c.name, name, title, desc); err != nil {
				return fmt.Errorf("gpkg_data_columns %s.%s: %w", p.table, c.name, err)
			}
		}
	}
	return nil
}

// gpkg_ogr_contents is GDAL's feature-count cache: a row per feature table
// and two triggers that keep it current, created as GDAL creates them, so
// GDAL and QGIS read the count instead of scanning the table.
const ddlOGRContents = `CREATE TABLE gpkg_ogr_contents(table_name TEXT NOT NULL PRIMARY KEY,feature_count INTEGER DEFAULT NULL)`

func writeOGRContents(ctx context.Context, tx *sql.Tx, plans []*layerPlan) error {
	if _, err := tx.ExecContext(ctx, ddlOGRContents); err != nil {
		return fmt.Errorf("gpkg_ogr_contents: %w", err)
	}
	for _, p := range plans {
		lit := "'" + strings.ReplaceAll(p.table, "'", "''") + "'"
		for _, s := range []string{
			fmt.Sprintf("INSERT INTO gpkg_ogr_contents (table_name, feature_count) VALUES (%s, %d)", lit, p.rows),
			fmt.Sprintf("CREATE TRIGGER %s AFTER INSERT ON %s BEGIN UPDATE gpkg_ogr_contents SET feature_count = feature_count + 1 WHERE lower(table_name) = lower(%s); END;",
				quoteIdent("trigger_insert_feature_count_"+p.table), quoteIdent(p.table), lit),
			fmt.Sprintf("CREATE TRIGGER %s AFTER DELETE ON %s BEGIN UPDATE gpkg_ogr_contents SET feature_count = feature_count - 1 WHERE lower(table_name) = lower(%s); END;",
				quoteIdent("trigger_delete_feature_count_"+p.table), quoteIdent(p.table), lit),
		} {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("gpkg_ogr_contents for %q: %w", p.table, err)
			}
		}
	}
	return nil
}
