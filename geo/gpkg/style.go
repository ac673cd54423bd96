package gpkg

import (
	"context"
	"database/sql"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/manchester-insight/targeting/geo"
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

// Outline shared by every class: thin and neutral so the fill reads.
const (
	outlineRGBA  = "128,128,128,255"
	outlineHex   = "#808080"
	outlineMM    = "0.1"
	outlinePixel = "0.4" // 0.1 mm at 96 dpi, for SLD's pixel units
)

// checkStyle validates a style against the layer's columns up front, so a
// typo in Style.Field fails the write instead of leaving QGIS a broken style.
func checkStyle(s *geo.Style, cols []column) error {
	found := false
	for _, c := range cols {
		if c.name == s.Field {
			if c.sqlType != "INTEGER" && c.sqlType != "REAL" {
				return fmt.Errorf("style field %q is %s, want a numeric column", s.Field, c.sqlType)
			}
			found = true
		}
	}
	if !found {
		return fmt.Errorf("style field %q is not an attribute column", s.Field)
	}
	if len(s.Classes) == 0 {
		return fmt.Errorf("style on %q has no classes", s.Field)
	}
	for i, c := range s.Classes {
		if _, err := parseColour(c.Colour); err != nil {
			return fmt.Errorf("style class %d: %w", i, err)
		}
		if c.Lower > c.Upper {
			return fmt.Errorf("style class %d: lower %g > upper %g", i, c.Lower, c.Upper)
		}
	}
	return nil
}

// parseColour reads "#rrggbb".
func parseColour(s string) ([3]uint8, error) {
	var rgb [3]uint8
	if len(s) != 7 || s[0] != '#' {
		return rgb, fmt.Errorf("colour %q is not #rrggbb", s)
	}
	for i := range rgb {
		v, err := strconv.ParseUint(s[1+2*i:3+2*i], 16, 8)
		if err != nil {
			return rgb, fmt.Errorf("colour %q is not #rrggbb", s)
		}
		rgb[i] = uint8(v)
	}
	return rgb, nil
}

// writeStyles creates layer_styles only when some layer has a style, and
// registers it as 'attributes' so GDAL lists it without complaint.
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
		if desc == "" {
			desc = "Graduated fill on " + s.Field
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO layer_styles
  (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName,
   styleQML, styleSLD, useAsDefault, description, owner, update_time)
  VALUES ('', '', ?, ?, ?, ?, ?, 1, ?, '', ?)`,
			p.table, geomColumn, styleName(p.table), styleQML(s), styleSLD(p.table, s), desc, timestamp(now))
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

// esc escapes text for XML content and attribute values.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // never fails on a strings.Builder
	return b.String()
}

// fillProps are the QGIS SimpleFill properties for one class colour.
func fillProps(rgba string) [][2]string {
	return [][2]string{
		{"border_width_map_unit_scale", "3x:0,0,0,0,0,0"},
		{"color", rgba},
		{"joinstyle", "bevel"},
		{"offset", "0,0"},
		{"offset_map_unit_scale", "3x:0,0,0,0,0,0"},
		{"offset_unit", "MM"},
		{"outline_color", outlineRGBA},
		{"outline_style", "solid"},
		{"outline_width", outlineMM},
		{"outline_width_unit", "MM"},
		{"style", "solid"},
	}
}

const qmlEmptyDataDefined = `<data_defined_properties><Option type="Map">` +
	`<Option name="name" type="QString" value=""/><Option name="properties"/>` +
	`<Option name="type" type="QString" value="collection"/></Option></data_defined_properties>`

// styleQML renders a QGIS 3 graduatedSymbol renderer. Symbol-layer
// properties are written both as an <Option> map (QGIS >= 3.26 reads only
// that) and as <prop> elements (older 3.x reads only those).
func styleQML(s *geo.Style) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n")
	b.WriteString(`<qgis version="3.28.0-Firenze" styleCategories="Symbology">` + "\n")
	fmt.Fprintf(&b, ` <renderer-v2 type="graduatedSymbol" attr="%s" graduatedMethod="GraduatedColor"`+
		` symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">`+"\n", esc(s.Field))
	b.WriteString("  <ranges>\n")
	for i, c := range s.Classes {
		fmt.Fprintf(&b, `   <range lower="%s" upper="%s" symbol="%d" label="%s" render="true"/>`+"\n",
			strconv.FormatFloat(c.Lower, 'f', 15, 64), strconv.FormatFloat(c.Upper, 'f', 15, 64), i, esc(c.Label))
	}
	b.WriteString("  </ranges>\n  <symbols>\n")
	for i, c := range s.Classes {
		rgb, _ := parseColour(c.Colour) // checked in checkStyle
		props := fillProps(fmt.Sprintf("%d,%d,%d,255", rgb[0], rgb[1], rgb[2]))
		fmt.Fprintf(&b, `   <symbol type="fill" name="%d" alpha="1" clip_to_extent="1" force_rhr="0">`+"\n", i)
		b.WriteString("    " + qmlEmptyDataDefined + "\n")
		b.WriteString(`    <layer class="SimpleFill" enabled="1" locked="0" pass="0">` + "\n")
		b.WriteString(`     <Option type="Map">` + "\n")
		for _, kv := range props {
			fmt.Fprintf(&b, `      <Option name="%s" type="QString" value="%s"/>`+"\n", kv[0], esc(kv[1]))
		}
		b.WriteString("     </Option>\n")
		for _, kv := range props {
			fmt.Fprintf(&b, `     <prop k="%s" v="%s"/>`+"\n", kv[0], esc(kv[1]))
		}
		b.WriteString("     " + qmlEmptyDataDefined + "\n")
		b.WriteString("    </layer>\n   </symbol>\n")
	}
	b.WriteString("  </symbols>\n")
	// "Custom": the classes are fixed breaks, not recomputed from the data.
	b.WriteString(`  <classificationMethod id="Custom">` +
		`<symmetricMode enabled="0" symmetrypoint="0" astride="0"/>` +
		`<labelFormat format="%1 - %2" labelprecision="4" trimtrailingzeroes="1"/>` +
		`<extraInformation/></classificationMethod>` + "\n")
	b.WriteString("  <rotation/>\n  <sizescale/>\n </renderer-v2>\n")
	b.WriteString(" <blendMode>0</blendMode>\n <featureBlendMode>0</featureBlendMode>\n")
	b.WriteString(" <layerOpacity>1</layerOpacity>\n")
	b.WriteString(" <layerGeometryType>2</layerGeometryType>\n") // polygon
	b.WriteString("</qgis>\n")
	return b.String()
}

// styleSLD renders the same classes as SLD 1.1 / SE rules for tools that
// do not read QML (GeoServer, ArcGIS Pro import).
func styleSLD(layerName string, s *geo.Style) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<StyledLayerDescriptor xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc"` +
		` xmlns:se="http://www.opengis.net/se" xmlns:xlink="http://www.w3.org/1999/xlink"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="1.1.0"` +
		` xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd">` + "\n")
	fmt.Fprintf(&b, " <NamedLayer>\n  <se:Name>%s</se:Name>\n  <UserStyle>\n   <se:Name>%s</se:Name>\n", esc(layerName), esc(layerName))
	if s.Title != "" {
		fmt.Fprintf(&b, "   <se:Description><se:Title>%s</se:Title></se:Description>\n", esc(s.Title))
	}
	b.WriteString("   <se:FeatureTypeStyle>\n")
	field := esc(s.Field)
	for i, c := range s.Classes {
		// A lower bound shared with an earlier class's upper bound is
		// exclusive, so no feature is drawn twice (QGIS takes the first
		// matching range; SLD draws every matching rule).
		lowerOp := "PropertyIsGreaterThanOrEqualTo"
		for _, prev := range s.Classes[:i] {
			if prev.Upper == c.Lower {
				lowerOp = "PropertyIsGreaterThan"
			}
		}
		fmt.Fprintf(&b, "    <se:Rule>\n     <se:Name>%s</se:Name>\n", esc(c.Label))
		fmt.Fprintf(&b, "     <se:Description><se:Title>%s</se:Title></se:Description>\n", esc(c.Label))
		fmt.Fprintf(&b, "     <ogc:Filter><ogc:And>"+
			"<ogc:%[1]s><ogc:PropertyName>%[2]s</ogc:PropertyName><ogc:Literal>%[3]s</ogc:Literal></ogc:%[1]s>"+
			"<ogc:PropertyIsLessThanOrEqualTo><ogc:PropertyName>%[2]s</ogc:PropertyName><ogc:Literal>%[4]s</ogc:Literal></ogc:PropertyIsLessThanOrEqualTo>"+
			"</ogc:And></ogc:Filter>\n",
			lowerOp, field, strconv.FormatFloat(c.Lower, 'f', -1, 64), strconv.FormatFloat(c.Upper, 'f', -1, 64))
		fmt.Fprintf(&b, "     <se:PolygonSymbolizer>\n"+
			"      <se:Fill><se:SvgParameter name=\"fill\">%s</se:SvgParameter></se:Fill>\n"+
			"      <se:Stroke><se:SvgParameter name=\"stroke\">%s</se:SvgParameter>"+
			"<se:SvgParameter name=\"stroke-width\">%s</se:SvgParameter>"+
			"<se:SvgParameter name=\"stroke-linejoin\">bevel</se:SvgParameter></se:Stroke>\n"+
			"     </se:PolygonSymbolizer>\n    </se:Rule>\n",
			strings.ToLower(c.Colour), outlineHex, outlinePixel)
	}
	b.WriteString("   </se:FeatureTypeStyle>\n  </UserStyle>\n </NamedLayer>\n</StyledLayerDescriptor>\n")
	return b.String()
}
