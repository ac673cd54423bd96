package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Metadata extension (gpkg_metadata): one plain-text record per layer, so
// provenance travels with the file; GDAL shows it as the layer's
// GPKG_METADATA_ITEM_1.
const (
	ddlMetadata = `CREATE TABLE gpkg_metadata (
  id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL,
  md_scope TEXT NOT NULL DEFAULT 'dataset',
  md_standard_uri TEXT NOT NULL,
  mime_type TEXT NOT NULL DEFAULT 'text/xml',
  metadata TEXT NOT NULL DEFAULT ''
)`
	ddlMetadataReference = `CREATE TABLE gpkg_metadata_reference (
  reference_scope TEXT NOT NULL,
  table_name TEXT,
  column_name TEXT,
  row_id_value INTEGER,
  timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  md_file_id INTEGER NOT NULL,
  md_parent_id INTEGER,
  CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
  CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id)
)`

	metadataExtension = "gpkg_metadata"
	metadataDefURL    = "http://www.geopackage.org/spec120/#extension_metadata"

	// metadataStandardURI names the structure of our records: the free-text
	// "Key: value" layout of metadataText. It must not be GDAL's
	// "http://gdal.org", which GDAL would try to parse as its own XML.
	metadataStandardURI = "https://github.com/manchester-insight/targeting/geo/gpkg#metadata-text"
)

func writeMetadata(ctx context.Context, tx *sql.Tx, plans []*layerPlan, meta Metadata, now time.Time) error {
	for _, s := range []string{ddlMetadata, ddlMetadataReference} {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("metadata tables: %w", err)
		}
	}
	for _, t := range []string{"gpkg_metadata", "gpkg_metadata_reference"} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_extensions
  (table_name, column_name, extension_name, definition, scope) VALUES (?, NULL, ?, ?, 'read-write')`,
			t, metadataExtension, metadataDefURL); err != nil {
			return fmt.Errorf("metadata extension: %w", err)
		}
	}
	for i, p := range plans {
		id := int64(i + 1)
		if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_metadata
  (id, md_scope, md_standard_uri, mime_type, metadata) VALUES (?, 'dataset', ?, 'text/plain', ?)`,
			id, metadataStandardURI, metadataText(p, meta)); err != nil {
			return fmt.Errorf("metadata for %q: %w", p.table, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_metadata_reference
  (reference_scope, table_name, column_name, row_id_value, timestamp, md_file_id, md_parent_id)
  VALUES ('table', ?, NULL, NULL, ?, ?, NULL)`, p.table, timestamp(now), id); err != nil {
			return fmt.Errorf("metadata reference for %q: %w", p.table, err)
		}
	}
	return nil
}

// metadataText is the human-readable provenance record for one layer.
func metadataText(p *layerPlan, meta Metadata) string {
	var b strings.Builder
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	line("Layer", p.table)
	line("Title", p.layer.Title)
	line("Description", p.layer.Description)
	line("Scenario", meta.Scenario)
	if !meta.RunTime.IsZero() {
		line("Run time", meta.RunTime.UTC().Format(time.RFC3339))
	}
	if m := strings.TrimSpace(p.layer.Metadata); m != "" {
		b.WriteString("\n" + m + "\n")
	}
	if len(meta.Attribution) > 0 {
		b.WriteString("\nAttribution:\n")
		for _, a := range meta.Attribution {
			b.WriteString("  " + a + "\n")
		}
	}
	if x := strings.TrimSpace(meta.Extra); x != "" {
		b.WriteString("\n" + x + "\n")
	}
	return b.String()
}
