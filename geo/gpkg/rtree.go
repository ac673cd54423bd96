package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// R-tree spatial index extension (gpkg_rtree_index). The extension URL and
// the six 1.3 triggers (insert, update1-4, delete) are what GDAL 3.6 itself
// writes; the 1.4 set (update5-7 replacing update1/3) goes with
// user_version 10400, which GDAL 3.6 warns about.
const (
	rtreeExtension = "gpkg_rtree_index"
	rtreeDefURL    = "http://www.geopackage.org/spec120/#extension_rtree"
)

func rtreeName(table string) string { return "rtree_" + table + "_" + geomColumn }

func rtreeDDL(table string) string {
	return fmt.Sprintf("CREATE VIRTUAL TABLE %s USING rtree(id, minx, maxx, miny, maxy)",
		quoteIdent(rtreeName(table)))
}

func rtreeInsertSQL(table string) string {
	return fmt.Sprintf("INSERT INTO %s (id, minx, maxx, miny, maxy) VALUES (?, ?, ?, ?, ?)",
		quoteIdent(rtreeName(table)))
}

// rtreeEntry is one index row waiting to be loaded.
type rtreeEntry struct {
	id  int64
	env envelope
	key uint64 // position on the Hilbert curve
}

// loadRtree fills the index in Hilbert-curve order of the box centres:
// SQLite's R*-tree inserts faster (about a quarter, measured) and packs
// tighter when consecutive boxes are neighbours.
func loadRtree(ctx context.Context, tx *sql.Tx, table string, entries []rtreeEntry, extent envelope) error {
	const cells = 1 << 16
	w, h := extent.maxX-extent.minX, extent.maxY-extent.minY
	scale := func(v, lo, span float64) uint32 {
		if span <= 0 {
			return 0
		}
		return uint32(min(max((v-lo)/span*(cells-1), 0), cells-1))
	}
	for i := range entries {
		e := &entries[i].env
		x := scale((e.minX+e.maxX)/2, extent.minX, w)
		y := scale((e.minY+e.maxY)/2, extent.minY, h)
		entries[i].key = hilbertKey(cells, x, y)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].key < entries[j].key })

	st, err := tx.PrepareContext(ctx, rtreeInsertSQL(table))
	if err != nil {
		return err
	}
	defer st.Close()
	for _, e := range entries {
		if _, err := st.ExecContext(ctx, e.id, e.env.minX, e.env.maxX, e.env.minY, e.env.maxY); err != nil {
			return fmt.Errorf("rtree row %d: %w", e.id, err)
		}
	}
	return nil
}

// hilbertKey is the distance of cell (x, y) along the Hilbert curve that
// fills an n×n grid (n a power of two).
func hilbertKey(n, x, y uint32) uint64 {
	var d uint64
	for s := n / 2; s > 0; s /= 2 {
		var rx, ry uint32
		if x&s != 0 {
			rx = 1
		}
		if y&s != 0 {
			ry = 1
		}
		d += uint64(s) * uint64(s) * uint64((3*rx)^ry)
		// Rotate the quadrant so the sub-curve joins up.
		if ry == 0 {
			if rx == 1 {
				x, y = s-1-x, s-1-y
			}
			x, y = y, x
		}
	}
	return d
}

// rtreeTriggers keeps the index in step with later edits (QGIS, ogr2ogr
// -update). They call ST_* functions that only GeoPackage-aware SQLite
// builds provide, so they are created after the bulk load, which fills the
// index directly.
func rtreeTriggers(table string) []string {
	r := strings.NewReplacer(
		"{t}", quoteIdent(table),
		"{c}", quoteIdent(geomColumn),
		"{rt}", quoteIdent(rtreeName(table)),
		"{trg}", "rtree_"+strings.ReplaceAll(table, `"`, `""`)+"_"+geomColumn,
	)
	// Index row for NEW.
	const upsert = `INSERT OR REPLACE INTO {rt} VALUES (NEW.fid, ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}), ST_MinY(NEW.{c}), ST_MaxY(NEW.{c}));`
	const nonEmpty = `(NEW.{c} NOT NULL AND NOT ST_IsEmpty(NEW.{c}))`
	const empty = `(NEW.{c} IS NULL OR ST_IsEmpty(NEW.{c}))`
	tmpl := []string{
		// Non-empty geometry inserted.
		`CREATE TRIGGER "{trg}_insert" AFTER INSERT ON {t} WHEN ` + nonEmpty +
			` BEGIN ` + upsert + ` END`,
		// Geometry set to non-empty, same fid.
		`CREATE TRIGGER "{trg}_update1" AFTER UPDATE OF {c} ON {t} WHEN OLD.fid = NEW.fid AND ` + nonEmpty +
			` BEGIN ` + upsert + ` END`,
		// Geometry set to NULL or empty, same fid.
		`CREATE TRIGGER "{trg}_update2" AFTER UPDATE OF {c} ON {t} WHEN OLD.fid = NEW.fid AND ` + empty +
			` BEGIN DELETE FROM {rt} WHERE id = OLD.fid; END`,
		// fid changed, geometry non-empty.
		`CREATE TRIGGER "{trg}_update3" AFTER UPDATE ON {t} WHEN OLD.fid != NEW.fid AND ` + nonEmpty +
			` BEGIN DELETE FROM {rt} WHERE id = OLD.fid; ` + upsert + ` END`,
		// fid changed, geometry NULL or empty.
		`CREATE TRIGGER "{trg}_update4" AFTER UPDATE ON {t} WHEN OLD.fid != NEW.fid AND ` + empty +
			` BEGIN DELETE FROM {rt} WHERE id IN (OLD.fid, NEW.fid); END`,
		// Row deleted.
		`CREATE TRIGGER "{trg}_delete" AFTER DELETE ON {t} WHEN OLD.{c} NOT NULL` +
			` BEGIN DELETE FROM {rt} WHERE id = OLD.fid; END`,
	}
	out := make([]string, len(tmpl))
	for i, s := range tmpl {
		out[i] = r.Replace(s)
	}
	return out
}

// finishRtree adds the triggers and registers the extension.
func finishRtree(ctx context.Context, tx *sql.Tx, table string) error {
	for _, s := range rtreeTriggers(table) {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("rtree trigger: %w", err)
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO gpkg_extensions
  (table_name, column_name, extension_name, definition, scope) VALUES (?, ?, ?, ?, 'write-only')`,
		table, geomColumn, rtreeExtension, rtreeDefURL)
	return err
}
