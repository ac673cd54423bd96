package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Metadata extension (gpkg_metadata): two records per layer, so provenance
// travels with the file. The first is a QGIS metadata document (the XML
// QGIS itself stores in gpkg_metadata when a user saves a layer's metadata
// to a GeoPackage: md_standard_uri http://mrcc.com/qgis.dtd, text/xml),
// which QGIS shows in the layer's Metadata tab: title, abstract, licence,
// rights (attribution), the SYNTHETIC warning as a constraint and the run as
// history. The second is the same provenance as plain "Key: value" text.
// GDAL shows them as the layer's GPKG_METADATA_ITEM_1 and _2.
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

	// qgisMetadataURI is what QGIS writes as md_standard_uri for its own
	// layer metadata documents.
	qgisMetadataURI = "http://mrcc.com/qgis.dtd"
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
	id := int64(0)
	for _, p := range plans {
		for _, rec := range [][3]string{
			{qgisMetadataURI, "text/xml", qgisMetadata(p, meta)},
			{metadataStandardURI, "text/plain", metadataText(p, meta)},
		} {
			id++
			if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_metadata
  (id, md_scope, md_standard_uri, mime_type, metadata) VALUES (?, 'dataset', ?, ?, ?)`,
				id, rec[0], rec[1], rec[2]); err != nil {
				return fmt.Errorf("metadata for %q: %w", p.table, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_metadata_reference
  (reference_scope, table_name, column_name, row_id_value, timestamp, md_file_id, md_parent_id)
  VALUES ('table', ?, NULL, NULL, ?, ?, NULL)`, p.table, timestamp(now), id); err != nil {
				return fmt.Errorf("metadata reference for %q: %w", p.table, err)
			}
		}
	}
	return nil
}

// qgisMetadata is the layer's QGIS metadata document, in the element
// order QgsLayerMetadata::writeMetadataXml writes.
func qgisMetadata(p *layerPlan, meta Metadata) string {
	var b strings.Builder
	el := func(indent, name, text string) {
		fmt.Fprintf(&b, "%s<%s>%s</%s>\n", indent, name, esc(text), name)
	}
	title := p.layer.Title
	if title == "" {
		title = p.table
	}
	abstract := strings.TrimSpace(p.layer.Description)
	if w := strings.TrimSpace(meta.Synthetic); w != "" {
		abstract = strings.TrimSpace(w + "\n\n" + abstract)
	}
	if m := strings.TrimSpace(p.layer.Metadata); m != "" {
		abstract = strings.TrimSpace(abstract + "\n\n" + m)
	}
	b.WriteString("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n")
	b.WriteString(`<qgis version="3.28.0-Firenze">` + "\n")
	el("  ", "identifier", p.table)
	el("  ", "parentidentifier", meta.Scenario)
	el("  ", "language", "ENG")
	el("  ", "type", "dataset")
	el("  ", "title", title)
	el("  ", "abstract", abstract)
	if len(meta.Keywords) > 0 {
		b.WriteString(`  <keywords vocabulary="keywords">` + "\n")
		for _, k := range meta.Keywords {
			el("    ", "keyword", k)
		}
		b.WriteString("  </keywords>\n")
	}
	if meta.Publisher != "" {
		b.WriteString("  <contact>\n")
		el("    ", "name", "")
		el("    ", "organization", meta.Publisher)
		el("    ", "position", "")
		el("    ", "voice", "")
		el("    ", "fax", "")
		el("    ", "email", "")
		el("    ", "role", "publisher")
		b.WriteString("  </contact>\n")
	}
	b.WriteString("  <links/>\n")
	if !meta.RunTime.IsZero() {
		el("  ", "history", fmt.Sprintf("Computed by targeting from scenario %s at %s", meta.Scenario, meta.RunTime.UTC().Format(time.RFC3339)))
	}
	el("  ", "fees", "")
	if w := strings.TrimSpace(meta.Synthetic); w != "" {
		fmt.Fprintf(&b, "  <constraints type=\"Synthetic data\">%s</constraints>\n", esc(w))
	}
	for _, a := range meta.Attribution {
		el("  ", "rights", a)
	}
	for _, l := range meta.Licences {
		el("  ", "license", l)
	}
	el("  ", "encoding", "")
	b.WriteString("  <crs>\n")
	fmt.Fprintf(&b, "    <spatialrefsys nativeFormat=\"Wkt\">\n      <authid>EPSG:%d</authid>\n    </spatialrefsys>\n", p.layer.SRID)
	b.WriteString("  </crs>\n")
	b.WriteString("</qgis>\n")
	return b.String()
}

// esc escapes XML text content, keeping line breaks as they are (which
// encoding/xml would write as &#xA;).
var esc = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace

// metadataText is the human-readable provenance record for one layer.
func metadataText(p *layerPlan, meta Metadata) string {
	var b strings.Builder
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	line("Layer", p.table)
	line("Synthetic data", meta.Synthetic)
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
	if len(meta.Licences) > 0 {
		b.WriteString("\nLicence:\n")
		for _, l := range meta.Licences {
			b.WriteString("  " + l + "\n")
		}
	}
	if x := strings.TrimSpace(meta.Extra); x != "" {
		b.WriteString("\n" + x + "\n")
	}
	return b.String()
}
