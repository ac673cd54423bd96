// Package gpkg writes geo.Layers to an OGC GeoPackage (1.3) file in pure Go
// (modernc.org/sqlite, no cgo), so the outputs open cleanly in QGIS, ArcGIS
// and GDAL without a GDAL dependency at build time.
//
// A file holds one feature table per layer with an R-tree spatial index, a
// QGIS default style per styled layer (layer_styles, from geo/qml), a
// title, description and short name per column (gpkg_data_columns, schema
// extension), a QGIS metadata document and a plain-text record per layer
// (gpkg_metadata extension) and GDAL's feature counts (gpkg_ogr_contents).
//
// Layers whose style is an unfilled outline (geo.Style.Overlay: the ward
// boundaries) are written first, so they come first in the file's layer
// list; QGIS puts the first layer of a GeoPackage on top when it adds them
// all, so the boundaries are drawn over the filled areas.
package gpkg

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/manchester-insight/targeting/geo"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Metadata is the run-level provenance stored with every layer.
type Metadata struct {
	Scenario    string
	RunTime     time.Time
	Attribution []string // one line each, e.g. "Contains OS data © Crown copyright"
	Extra       string   // free text appended to each layer's record
	// Licences are the licences the outputs are published under, one line
	// each, e.g. "Open Government Licence v3.0 (OGL-UK-3.0)".
	Licences []string
	// Synthetic, when set, is the warning that the run used generated test
	// data: it heads the abstract and is a constraint in the QGIS metadata.
	Synthetic string
	Publisher string   // organisation, for the metadata's contact
	Keywords  []string // for the metadata's keyword list
}

// SQLite header values that mark the file as a GeoPackage 1.3.
const (
	applicationID = 0x47504B47 // "GPKG"
	userVersion   = 10300      // 1.3.0; GDAL 3.6 warns on 10400
)

// Write writes layers to a new GeoPackage at path. The file must not exist:
// callers write to a temporary name and rename, so a reader never sees a
// half-written file. Everything is written in one transaction; on error the
// partial file is removed.
func Write(path string, layers []*geo.Layer, meta Metadata) (err error) {
	plans, err := planLayers(layers)
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}
	// The driver treats '?' as the start of DSN parameters.
	if strings.ContainsRune(abs, '?') {
		return fmt.Errorf("gpkg: path %q must not contain '?'", path)
	}
	// O_EXCL makes "must not exist" atomic; SQLite accepts an empty file
	// as a new database.
	f, err := os.OpenFile(abs, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}
	defer func() {
		if err != nil {
			os.Remove(abs)
			os.Remove(abs + "-journal")
		}
	}()
	if err := f.Close(); err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}

	db, err := sql.Open("sqlite", abs)
	if err != nil {
		return fmt.Errorf("gpkg: open: %w", err)
	}
	defer func() {
		if cerr := db.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("gpkg: close: %w", cerr)
		}
	}()
	if err := write(context.Background(), db, plans, meta); err != nil {
		return fmt.Errorf("gpkg: %s: %w", path, err)
	}
	return nil
}

// write runs the whole file in one transaction on one pinned connection, so
// connection-level pragmas apply to the statements that follow them.
func write(ctx context.Context, db *sql.DB, plans []*layerPlan, meta Metadata) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()

	// foreign_keys catches a bad catalogue row now rather than in a
	// validator later; the big cache keeps the load from spilling mid-way.
	for _, p := range []string{"PRAGMA foreign_keys = ON", "PRAGMA cache_size = -65536"} {
		if _, err := conn.ExecContext(ctx, p); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // no-op after Commit

	now := time.Now().UTC()
	if err := createCore(ctx, tx, plans); err != nil {
		return err
	}
	for _, p := range plans {
		if err := writeLayer(ctx, tx, p, now); err != nil {
			return fmt.Errorf("layer %q: %w", p.layer.Name, err)
		}
	}
	if err := writeOGRContents(ctx, tx, plans); err != nil {
		return err
	}
	if err := writeDataColumns(ctx, tx, plans); err != nil {
		return err
	}
	if err := writeStyles(ctx, tx, plans, now); err != nil {
		return err
	}
	if err := writeMetadata(ctx, tx, plans, meta, now); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// timestamp formats t the way the spec's DEFAULT (strftime
// '%Y-%m-%dT%H:%M:%fZ') does: UTC, milliseconds, 'Z'.
func timestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// quoteIdent quotes an SQL identifier; names come from callers, so never
// splice them in raw.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

var errNoLayers = errors.New("gpkg: no layers")
