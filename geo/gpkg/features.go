package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// writeLayer creates one feature table, loads its rows and then its R-tree
// with prepared statements, and registers it in the catalogue with extents
// computed from what was written.
func writeLayer(ctx context.Context, tx *sql.Tx, p *layerPlan, now time.Time) error {
	for _, s := range []string{featureTableDDL(p), rtreeDDL(p.table)} {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	ins, err := tx.PrepareContext(ctx, featureInsertSQL(p))
	if err != nil {
		return err
	}
	defer ins.Close()

	enc := newGPBEncoder()
	srsID := int32(p.layer.SRID)
	extent := emptyEnvelope()
	entries := make([]rtreeEntry, 0, p.rows)
	args := make([]any, 2+len(p.columns))
	for i := 0; i < p.rows; i++ {
		fid := int64(i + 1)
		args[0], args[1] = fid, nil
		if g := p.layer.Geometry[i]; g != nil {
			blob, env, err := enc.encode(normalise(g, p.promote), srsID)
			if err != nil {
				return fmt.Errorf("feature %d: %w", fid, err)
			}
			args[1] = blob
			if !env.isEmpty() {
				entries = append(entries, rtreeEntry{id: fid, env: env})
				extent.addEnvelope(env)
			}
		}
		for j, c := range p.columns {
			args[2+j] = c.value(i)
		}
		if _, err := ins.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("feature %d: %w", fid, err)
		}
	}
	if err := loadRtree(ctx, tx, p.table, entries, extent); err != nil {
		return err
	}
	if err := finishRtree(ctx, tx, p.table); err != nil {
		return err
	}

	var minX, minY, maxX, maxY any // NULL when nothing has an extent
	if !extent.isEmpty() {
		minX, minY, maxX, maxY = extent.minX, extent.minY, extent.maxX, extent.maxY
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_contents
  (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id)
  VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.table, p.identifier, p.layer.Description, timestamp(now),
		minX, minY, maxX, maxY, p.layer.SRID); err != nil {
		return fmt.Errorf("gpkg_contents: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_geometry_columns
  (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?, ?, ?, ?, 0, 0)`,
		p.table, geomColumn, p.geomType, p.layer.SRID); err != nil {
		return fmt.Errorf("gpkg_geometry_columns: %w", err)
	}
	return nil
}
