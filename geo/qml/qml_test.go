package qml

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/manchester-insight/targeting/geo"
)

func layer(t *testing.T, s *geo.Style) *geo.Layer {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "decile", Type: arrow.PrimitiveTypes.Int64},
		{Name: "name", Type: arrow.BinaryTypes.String},
	}, nil)
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	defer b.Release()
	b.Field(0).(*array.Int64Builder).Append(1)
	b.Field(1).(*array.StringBuilder).Append("A & B")
	rec := b.NewRecordBatch()
	t.Cleanup(rec.Release)
	return &geo.Layer{Name: "l", Attributes: rec, Style: s,
		Fields: map[string]geo.FieldInfo{"decile": {Title: "Decile <1 = most>"}}}
}

func wellFormed(t *testing.T, doc string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	for {
		if _, err := d.Token(); err == io.EOF {
			return
		} else if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, doc)
		}
	}
}

func TestCheck(t *testing.T) {
	withLabels := func(f string) *geo.Style { s := geo.DecileStyle("decile"); s.Labels = &geo.Labels{Field: f}; return s }
	tests := []struct {
		name  string
		style *geo.Style
		want  string
	}{
		{"ok", geo.DecileStyle("decile"), ""},
		{"outline ok", geo.BoundaryStyle("b", "name", true), ""},
		{"missing field", geo.DecileStyle("nope"), `style field "nope" is not an attribute column`},
		{"text field", geo.DecileStyle("name"), "want a numeric column"},
		{"label field", withLabels("nope"), `label field "nope"`},
		{"nothing to draw", &geo.Style{Title: "x"}, "neither classes nor an outline"},
		{"bad outline", &geo.Style{Outline: &geo.Outline{Colour: "grey"}}, "not #rrggbb"},
	}
	for _, tc := range tests {
		err := Check(layer(t, tc.style))
		if (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestDocuments(t *testing.T) {
	b := layer(t, geo.BoundaryStyle("Ward boundaries", "name", true))
	q, s := QML(b), SLD(b)
	wellFormed(t, q)
	wellFormed(t, s)
	for _, w := range []string{`labelsEnabled="1"`, `type="singleSymbol"`, `value="no"`, `fieldName="name"`,
		`<alias field="decile" name="Decile &lt;1 = most&gt;"/>`, `outline_width" type="QString" value="0.6"`} {
		if !strings.Contains(q, w) {
			t.Errorf("outline QML lacks %s", w)
		}
	}
	for _, w := range []string{"<se:TextSymbolizer>", "<ogc:PropertyName>name</ogc:PropertyName>", "<se:Stroke>"} {
		if !strings.Contains(s, w) {
			t.Errorf("outline SLD lacks %s", w)
		}
	}
	if strings.Contains(s, "<se:Fill><se:SvgParameter name=\"fill\">#") && strings.Contains(s, "PolygonSymbolizer>\n      <se:Fill>") {
		t.Error("outline SLD has a fill")
	}
	off := geo.DecileStyle("decile")
	off.Labels = &geo.Labels{Field: "name"}
	d := layer(t, off)
	q, s = QML(d), SLD(d)
	wellFormed(t, q)
	wellFormed(t, s)
	if !strings.Contains(q, `labelsEnabled="0"`) || !strings.Contains(q, `fieldName="name"`) || strings.Count(q, "<range ") != 10 {
		t.Error("decile QML: want ten ranges and labels defined but off")
	}
	if strings.Contains(s, "TextSymbolizer") || strings.Count(s, "<se:Rule>") != 10 {
		t.Error("decile SLD: want ten rules and no labels (they are off)")
	}
}
