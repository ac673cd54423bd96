package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/manchester-insight/targeting/geo/qml"
)

// layer_styles is QGIS's table for styles stored in the data source; QGIS
// creates it (through GDAL) with exactly these columns and loads the row
// with useAsDefault=1 when the layer is opened.
const ddlLayerStyles = `CREATE TABLE layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  f_table_catalog TEXT(256),
  f_table_schema TEXT(256),
  f_table_name TEXT(256),
  f_geometry_column TEXT(256),
  styleName TEXT(30),
  styleQML TEXT,
  styleSLD TEXT,
  useAsDefault BOOLEAN,
  description TEXT,
  owner TEXT(30),
  ui TEXT(30),
  update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
)`

// writeStyles creates layer_styles only when some layer has a style, and
// registers it as 'attributes' so GDAL lists it without complaint. The
// QML and SLD come from geo/qml, the generator the sidecar .qml files use.
func writeStyles(ctx context.Context, tx *sql.Tx, plans []*layerPlan, now time.Time) error {
	var styled []*layerPlan
	for _, p := range plans {
		if p.layer.Style != nil {
			styled = append(styled, p)
		}
	}
	if len(styled) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, ddlLayerStyles); err != nil {
		return fmt.Errorf("layer_styles: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_contents
  (table_name, data_type, identifier, description, last_change)
  VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS layer styles', ?)`, timestamp(now)); err != nil {
		return fmt.Errorf("layer_styles contents: %w", err)
	}
	for _, p := range styled {
		s := p.layer.Style
		desc := s.Title
		if desc == "" && s.Field != "" {
			desc = "Graduated fill on " + s.Field
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO layer_styles
  (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName,
   styleQML, styleSLD, useAsDefault, description, owner, update_time)
  VALUES ('', '', ?, ?, ?, ?, ?, 1, ?, '', ?)`,
			p.table, geomColumn, styleName(p.table), qml.QML(p.layer), qml.SLD(p.layer), desc, timestamp(now))
		if err != nil {
			return fmt.Errorf("layer_styles row for %q: %w", p.table, err)
		}
	}
	return nil
}

// styleName fits the layer name into the TEXT(30) styleName column, which
// validators check; QGIS finds the style by f_table_name, not by this.
func styleName(table string) string {
	r := []rune(table)
	if len(r) > 30 {
		r = r[:30]
	}
	return string(r)
}
