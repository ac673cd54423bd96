// Package qml renders a geo.Layer's default style as the documents GIS
// clients read: a QGIS style (QML, the XML of a .qml file and of a
// GeoPackage layer_styles row) and an OGC SLD 1.1 / SE style. It is the one
// style generator: geo/gpkg stores its output in layer_styles, and
// geo/format writes it as a sidecar NAME.qml beside FlatGeobuf, GeoJSON and
// GeoParquet files, which QGIS applies when it opens NAME.fgb (or
// .geojson, .parquet).
//
// Besides the renderer (a graduated fill by class, or an unfilled outline
// for boundary layers), the QML carries the labels (on, or defined and
// switched off) and the field aliases (geo.FieldInfo.Title), so the
// attribute table shows titles instead of column names.
package qml

import (
	"encoding/xml"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/manchester-insight/targeting/geo"
)

// Outline shared by every class of a graduated fill: thin and neutral so
// the fill reads.
const (
	outlineRGBA  = "128,128,128,255"
	outlineHex   = "#808080"
	outlineMM    = "0.1"
	outlinePixel = "0.4" // 0.1 mm at 96 dpi, for SLD's pixel units
	mmToPixel    = 96 / 25.4
)

// Check validates a layer's style against its columns up front, so a typo
// in Style.Field fails the write instead of leaving QGIS a broken style.
func Check(l *geo.Layer) error {
	s := l.Style
	if s == nil {
		return nil
	}
	var schema *arrow.Schema
	if l.Attributes != nil {
		schema = l.Attributes.Schema()
	}
	column := func(name string) (arrow.DataType, bool) {
		if schema == nil {
			return nil, false
		}
		i := schema.FieldIndices(name)
		if len(i) == 0 {
			return nil, false
		}
		return schema.Field(i[0]).Type, true
	}
	if len(s.Classes) == 0 {
		if s.Outline == nil {
			return fmt.Errorf("style has neither classes nor an outline")
		}
		if _, err := rgb(s.Outline.Colour); err != nil {
			return fmt.Errorf("style outline: %w", err)
		}
	} else {
		t, ok := column(s.Field)
		if !ok {
			return fmt.Errorf("style field %q is not an attribute column", s.Field)
		}
		if !arrow.IsInteger(t.ID()) && !arrow.IsFloating(t.ID()) {
			return fmt.Errorf("style field %q is %s, want a numeric column", s.Field, t)
		}
		for i, c := range s.Classes {
			if _, err := rgb(c.Colour); err != nil {
				return fmt.Errorf("style class %d: %w", i, err)
			}
			if c.Lower > c.Upper {
				return fmt.Errorf("style class %d: lower %g > upper %g", i, c.Lower, c.Upper)
			}
		}
	}
	if lb := s.Labels; lb != nil {
		if _, ok := column(lb.Field); !ok {
			return fmt.Errorf("label field %q is not an attribute column", lb.Field)
		}
		if lb.Colour != "" {
			if _, err := rgb(lb.Colour); err != nil {
				return fmt.Errorf("label colour: %w", err)
			}
		}
	}
	return nil
}

// rgb reads "#rrggbb".
func rgb(s string) ([3]uint8, error) {
	var c [3]uint8
	if len(s) != 7 || s[0] != '#' {
		return c, fmt.Errorf("colour %q is not #rrggbb", s)
	}
	for i := range c {
		v, err := strconv.ParseUint(s[1+2*i:3+2*i], 16, 8)
		if err != nil {
			return c, fmt.Errorf("colour %q is not #rrggbb", s)
		}
		c[i] = uint8(v)
	}
	return c, nil
}

// rgba is QML's "r,g,b,a" form of a checked "#rrggbb".
func rgba(hex string) string {
	c, _ := rgb(hex)
	return fmt.Sprintf("%d,%d,%d,255", c[0], c[1], c[2])
}

// esc escapes text for XML content and attribute values.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // never fails on a strings.Builder
	return b.String()
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// fillProps are the QGIS SimpleFill properties: a solid fill with the thin
// class outline, or (fill == "") no fill and the given outline.
func fillProps(fill string, o *geo.Outline) [][2]string {
	style, colour, line, width := "solid", fill, outlineRGBA, outlineMM
	if fill == "" {
		style, colour, line, width = "no", "0,0,0,0", rgba(o.Colour), num(o.WidthMM)
	}
	return [][2]string{
		{"border_width_map_unit_scale", "3x:0,0,0,0,0,0"},
		{"color", colour},
		{"joinstyle", "round"},
		{"offset", "0,0"},
		{"offset_map_unit_scale", "3x:0,0,0,0,0,0"},
		{"offset_unit", "MM"},
		{"outline_color", line},
		{"outline_style", "solid"},
		{"outline_width", width},
		{"outline_width_unit", "MM"},
		{"style", style},
	}
}

const emptyDataDefined = `<data_defined_properties><Option type="Map">` +
	`<Option name="name" type="QString" value=""/><Option name="properties"/>` +
	`<Option name="type" type="QString" value="collection"/></Option></data_defined_properties>`

const emptyDD = `<dd_properties><Option type="Map">` +
	`<Option name="name" type="QString" value=""/><Option name="properties"/>` +
	`<Option name="type" type="QString" value="collection"/></Option></dd_properties>`

// symbol writes one fill symbol. Symbol-layer properties are written both
// as an <Option> map (QGIS >= 3.26 reads only that) and as <prop> elements
// (older 3.x reads only those).
func symbol(b *strings.Builder, name int, props [][2]string) {
	fmt.Fprintf(b, `   <symbol type="fill" name="%d" alpha="1" clip_to_extent="1" force_rhr="0">`+"\n", name)
	b.WriteString("    " + emptyDataDefined + "\n")
	b.WriteString(`    <layer class="SimpleFill" enabled="1" locked="0" pass="0">` + "\n")
	b.WriteString(`     <Option type="Map">` + "\n")
	for _, kv := range props {
		fmt.Fprintf(b, `      <Option name="%s" type="QString" value="%s"/>`+"\n", kv[0], esc(kv[1]))
	}
	b.WriteString("     </Option>\n")
	for _, kv := range props {
		fmt.Fprintf(b, `     <prop k="%s" v="%s"/>`+"\n", kv[0], esc(kv[1]))
	}
	b.WriteString("     " + emptyDataDefined + "\n")
	b.WriteString("    </layer>\n   </symbol>\n")
}

// QML renders the layer's style as a QGIS 3 style document: a
// graduatedSymbol renderer (classes) or a singleSymbol unfilled outline,
// labels and field aliases. The layer must have passed Check.
func QML(l *geo.Layer) string {
	s := l.Style
	var b strings.Builder
	b.WriteString("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n")
	labelsOn := "0"
	if s != nil && s.Labels != nil && s.Labels.On {
		labelsOn = "1"
	}
	fmt.Fprintf(&b, `<qgis version="3.28.0-Firenze" labelsEnabled="%s" styleCategories="Symbology|Labeling|Fields">`+"\n", labelsOn)
	if s != nil {
		renderer(&b, s)
		if s.Labels != nil {
			labeling(&b, s.Labels)
		}
	}
	aliases(&b, l.Fields)
	b.WriteString(" <blendMode>0</blendMode>\n <featureBlendMode>0</featureBlendMode>\n")
	b.WriteString(" <layerOpacity>1</layerOpacity>\n")
	b.WriteString(" <layerGeometryType>2</layerGeometryType>\n") // polygon
	b.WriteString("</qgis>\n")
	return b.String()
}

func renderer(b *strings.Builder, s *geo.Style) {
	if len(s.Classes) == 0 {
		b.WriteString(` <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">` + "\n")
		b.WriteString("  <symbols>\n")
		symbol(b, 0, fillProps("", s.Outline))
		b.WriteString("  </symbols>\n  <rotation/>\n  <sizescale/>\n </renderer-v2>\n")
		return
	}
	fmt.Fprintf(b, ` <renderer-v2 type="graduatedSymbol" attr="%s" graduatedMethod="GraduatedColor"`+
		` symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">`+"\n", esc(s.Field))
	b.WriteString("  <ranges>\n")
	for i, c := range s.Classes {
		fmt.Fprintf(b, `   <range lower="%s" upper="%s" symbol="%d" label="%s" render="true"/>`+"\n",
			strconv.FormatFloat(c.Lower, 'f', 15, 64), strconv.FormatFloat(c.Upper, 'f', 15, 64), i, esc(c.Label))
	}
	b.WriteString("  </ranges>\n  <symbols>\n")
	for i, c := range s.Classes {
		symbol(b, i, fillProps(rgba(c.Colour), nil))
	}
	b.WriteString("  </symbols>\n")
	// "Custom": the classes are fixed breaks, not recomputed from the data.
	b.WriteString(`  <classificationMethod id="Custom">` +
		`<symmetricMode enabled="0" symmetrypoint="0" astride="0"/>` +
		`<labelFormat format="%1 - %2" labelprecision="4" trimtrailingzeroes="1"/>` +
		`<extraInformation/></classificationMethod>` + "\n")
	b.WriteString("  <rotation/>\n  <sizescale/>\n </renderer-v2>\n")
}

// labeling writes QGIS's "simple" labelling: the field's text, bold, with
// a white halo, placed over the polygon's centroid (inside it), no
// overlaps, wrapped at 14 characters.
func labeling(b *strings.Builder, lb *geo.Labels) {
	size := lb.SizePt
	if size == 0 {
		size = 8
	}
	colour := lb.Colour
	if colour == "" {
		colour = "#000000"
	}
	b.WriteString(" <labeling type=\"simple\">\n  <settings calloutType=\"simple\">\n")
	fmt.Fprintf(b, `   <text-style fieldName="%s" isExpression="0" fontFamily="Sans Serif" namedStyle="Bold" fontWeight="75"`+
		` fontItalic="0" fontUnderline="0" fontStrikeout="0" fontSize="%s" fontSizeUnit="Point" fontSizeMapUnitScale="3x:0,0,0,0,0,0"`+
		` textColor="%s" textOpacity="1" fontLetterSpacing="0" fontWordSpacing="0" capitalization="0" allowHtml="0"`+
		` blendMode="0" multilineHeight="1" multilineHeightUnit="Percentage" previewBkgrdColor="255,255,255,255"`+
		` useSubstitutions="0" legendString="Aa" textOrientation="horizontal">`+"\n",
		esc(lb.Field), num(size), rgba(colour))
	b.WriteString("    <families/>\n")
	b.WriteString(`    <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferSizeMapUnitScale="3x:0,0,0,0,0,0"` +
		` bufferColor="255,255,255,255" bufferOpacity="0.85" bufferNoFill="1" bufferJoinStyle="128" bufferBlendMode="0"/>` + "\n")
	b.WriteString(`    <background shapeDraw="0"/>` + "\n")
	b.WriteString(`    <shadow shadowDraw="0"/>` + "\n")
	b.WriteString("    " + emptyDD + "\n")
	b.WriteString("    <substitutions/>\n   </text-style>\n")
	b.WriteString(`   <text-format wrapChar="" autoWrapLength="14" useMaxLineLengthForAutoWrap="1" multilineAlign="1"` +
		` formatNumbers="0" decimals="3" plussign="0" addDirectionSymbol="0" placeDirectionSymbol="0" reverseDirectionSymbol="0"` +
		` leftDirectionSymbol="&lt;" rightDirectionSymbol="&gt;"/>` + "\n")
	b.WriteString(`   <placement placement="1" placementFlags="10" centroidInside="1" centroidWhole="0" fitInPolygonOnly="0"` +
		` polygonPlacementFlags="2" priority="5" dist="0" distUnits="MM" offsetType="0" quadOffset="4" xOffset="0" yOffset="0"` +
		` offsetUnits="MM" rotationAngle="0" repeatDistance="0" repeatDistanceUnits="MM" overrunDistance="0" overrunDistanceUnit="MM"` +
		` layerType="PolygonGeometry" overlapHandling="PreventOverlap" allowDegraded="0" geometryGeneratorEnabled="0"` +
		` geometryGenerator="" geometryGeneratorType="PointGeometry" labelOffsetMapUnitScale="3x:0,0,0,0,0,0"` +
		` distMapUnitScale="3x:0,0,0,0,0,0" repeatDistanceMapUnitScale="3x:0,0,0,0,0,0" overrunDistanceMapUnitScale="3x:0,0,0,0,0,0"` +
		` predefinedPositionOrder="TR,TL,BR,BL,R,L,TSR,BSR" preserveRotation="1" rotationUnit="AngleDegrees"/>` + "\n")
	b.WriteString(`   <rendering drawLabels="1" obstacle="1" obstacleFactor="1" obstacleType="1" zIndex="0" labelPerPart="0"` +
		` mergeLines="0" minFeatureSize="0" limitNumLabels="0" maxNumLabels="2000" upsidedownLabels="0" fontMinPixelSize="3"` +
		` fontMaxPixelSize="10000" fontLimitPixelSize="0" scaleVisibility="0" scaleMin="0" scaleMax="0" displayAll="0"` +
		` unplacedVisibility="0"/>` + "\n")
	b.WriteString("   " + emptyDD + "\n")
	b.WriteString("  </settings>\n </labeling>\n")
}

// aliases writes the field titles as QGIS field aliases.
func aliases(b *strings.Builder, fields map[string]geo.FieldInfo) {
	if len(fields) == 0 {
		return
	}
	b.WriteString(" <aliases>\n")
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		if t := fields[name].Title; t != "" {
			fmt.Fprintf(b, `  <alias field="%s" name="%s"/>`+"\n", esc(name), esc(t))
		}
	}
	b.WriteString(" </aliases>\n")
}

// SLD renders the same style as SLD 1.1 / SE rules for tools that do not
// read QML (GeoServer, ArcGIS Pro import). Labels that are switched on
// become a TextSymbolizer.
func SLD(l *geo.Layer) string {
	s := l.Style
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<StyledLayerDescriptor xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc"` +
		` xmlns:se="http://www.opengis.net/se" xmlns:xlink="http://www.w3.org/1999/xlink"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="1.1.0"` +
		` xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd">` + "\n")
	fmt.Fprintf(&b, " <NamedLayer>\n  <se:Name>%s</se:Name>\n  <UserStyle>\n   <se:Name>%s</se:Name>\n", esc(l.Name), esc(l.Name))
	if s.Title != "" {
		fmt.Fprintf(&b, "   <se:Description><se:Title>%s</se:Title></se:Description>\n", esc(s.Title))
	}
	b.WriteString("   <se:FeatureTypeStyle>\n")
	if len(s.Classes) == 0 {
		title := s.Title
		if title == "" {
			title = l.Name
		}
		fmt.Fprintf(&b, "    <se:Rule>\n     <se:Name>%s</se:Name>\n", esc(title))
		fmt.Fprintf(&b, "     <se:PolygonSymbolizer>\n"+
			"      <se:Stroke><se:SvgParameter name=\"stroke\">%s</se:SvgParameter>"+
			"<se:SvgParameter name=\"stroke-width\">%s</se:SvgParameter>"+
			"<se:SvgParameter name=\"stroke-linejoin\">round</se:SvgParameter></se:Stroke>\n"+
			"     </se:PolygonSymbolizer>\n",
			strings.ToLower(s.Outline.Colour), num(s.Outline.WidthMM*mmToPixel))
		textSymbolizer(&b, s.Labels)
		b.WriteString("    </se:Rule>\n")
	}
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
			lowerOp, field, num(c.Lower), num(c.Upper))
		fmt.Fprintf(&b, "     <se:PolygonSymbolizer>\n"+
			"      <se:Fill><se:SvgParameter name=\"fill\">%s</se:SvgParameter></se:Fill>\n"+
			"      <se:Stroke><se:SvgParameter name=\"stroke\">%s</se:SvgParameter>"+
			"<se:SvgParameter name=\"stroke-width\">%s</se:SvgParameter>"+
			"<se:SvgParameter name=\"stroke-linejoin\">bevel</se:SvgParameter></se:Stroke>\n"+
			"     </se:PolygonSymbolizer>\n",
			strings.ToLower(c.Colour), outlineHex, outlinePixel)
		if i == 0 {
			textSymbolizer(&b, s.Labels)
		}
		b.WriteString("    </se:Rule>\n")
	}
	b.WriteString("   </se:FeatureTypeStyle>\n  </UserStyle>\n </NamedLayer>\n</StyledLayerDescriptor>\n")
	return b.String()
}

func textSymbolizer(b *strings.Builder, lb *geo.Labels) {
	if lb == nil || !lb.On {
		return
	}
	size := lb.SizePt
	if size == 0 {
		size = 8
	}
	colour := lb.Colour
	if colour == "" {
		colour = "#000000"
	}
	fmt.Fprintf(b, "     <se:TextSymbolizer>\n"+
		"      <se:Label><ogc:PropertyName>%s</ogc:PropertyName></se:Label>\n"+
		"      <se:Font><se:SvgParameter name=\"font-family\">Sans-Serif</se:SvgParameter>"+
		"<se:SvgParameter name=\"font-size\">%s</se:SvgParameter>"+
		"<se:SvgParameter name=\"font-weight\">bold</se:SvgParameter></se:Font>\n"+
		"      <se:Halo><se:Radius>2</se:Radius><se:Fill><se:SvgParameter name=\"fill\">#ffffff</se:SvgParameter></se:Fill></se:Halo>\n"+
		"      <se:Fill><se:SvgParameter name=\"fill\">%s</se:SvgParameter></se:Fill>\n"+
		"     </se:TextSymbolizer>\n",
		esc(lb.Field), num(size*96/72), strings.ToLower(colour))
}
