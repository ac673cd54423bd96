package yamlerr

import (
	"errors"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
)

type indicator struct {
	ID     string   `yaml:"id"`
	Weight *float64 `yaml:"weight"`
}

type doc struct {
	Name       string               `yaml:"name"`
	Draws      int                  `yaml:"draws"`
	Synthetic  bool                 `yaml:"synthetic"`
	Formats    []string             `yaml:"formats"`
	Indicators []*indicator         `yaml:"indicators"`
	Sources    map[string]indicator `yaml:"sources"`
}

func TestExplain(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		line       int
		key, msg   string
	}{
		{"unknown key", "name: x\nnope: 1\n", 2, "nope", `unknown field "nope"`},
		{"unknown nested key", "indicators:\n  - id: a\n    wieght: 1\n", 3, "indicators[0].wieght", `unknown field "wieght"`},
		{"text for a number", "indicators:\n  - id: a\n  - id: b\n    weight: lots\n", 4, "indicators[1].weight", "found text where a number is expected"},
		{"text for a whole number", "draws: many\n", 1, "draws", "found text where a whole number is expected"},
		{"text for true or false", "synthetic: maybe\n", 1, "synthetic", "found text where true or false is expected"},
		{"list for text", "name: [a, b]\n", 1, "name", "found a list where text is expected"},
		{"mapping for text", "name: {a: 1}\n", 1, "name", "found a mapping (key: value) where text is expected"},
		{"text for a list", "formats: gpkg\n", 1, "formats", "found text where a list is expected"},
		{"list item of the wrong kind", "formats:\n  - gpkg\n  - [csv]\n", 3, "formats[1]", "found a list where text is expected"},
		{"list for a mapping", "sources:\n  - a\n", 2, "sources", "found a list where a mapping (key: value) is expected"},
		{"nested in a map", "sources:\n  iod:\n    weight: x\n", 3, "sources.iod.weight", "found text where a number is expected"},
		{"duplicate key", "name: a\nname: b\n", 2, "name", `mapping key "name" already defined at [1:1]`},
		{"syntax error: key from the line", "name: x\nformats: [gpkg\n", 2, "formats", "sequence end token ']' not found"},
		{"syntax error on a line without a key", "formats:\n  - [gpkg\n", 2, "", "sequence end token ']' not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d doc
			err := yaml.UnmarshalWithOptions([]byte(tc.text), &d, yaml.DisallowUnknownField())
			if err == nil {
				t.Fatal("no error")
			}
			p := Explain(err, []byte(tc.text))
			if p != (Problem{tc.line, tc.key, tc.msg}) {
				t.Errorf("got %+v\nwant %+v\n(go-yaml: %v)", p, Problem{tc.line, tc.key, tc.msg}, err)
			}
		})
	}
}

// A node decoded on its own (as the nightly pipeline decodes each step)
// is located in the whole file.
func TestExplainNodeToValue(t *testing.T) {
	text := []byte("name: p\nsteps:\n  - kind: score\n    scenario: a.yaml\n    bogus: 1\n")
	file, err := parser.ParseBytes(text, 0)
	if err != nil {
		t.Fatal(err)
	}
	path, _ := yaml.PathString("$.steps[0]")
	node, err := path.FilterFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var step struct {
		Kind     string `yaml:"kind"`
		Scenario string `yaml:"scenario"`
	}
	err = yaml.NodeToValue(node, &step, yaml.DisallowUnknownField())
	if p := Explain(err, text); p != (Problem{5, "steps[0].bogus", `unknown field "bogus"`}) {
		t.Errorf("got %+v", p)
	}
}

func TestExplainOtherErrors(t *testing.T) {
	if p := Explain(errors.New("disk on fire"), nil); p != (Problem{Msg: "disk on fire"}) {
		t.Errorf("got %+v", p)
	}
}

func TestLine(t *testing.T) {
	text := []byte("name: x\nindicators:\n  - id: a\n    weight: 0.3\n  - id: b\nselection:\n  top_percent: 20\n")
	for key, want := range map[string]int{
		"name":                   1,
		"indicators":             2,
		"indicators[0]":          3,
		"indicators[0].weight":   4,
		"indicators[1].id":       5,
		"indicators[1].weight":   5, // missing: the enclosing item
		"selection.top_percent":  7,
		"selection.max_decile":   6, // missing: the enclosing key
		"outputs.formats[1]":     0, // nothing of it is written
		"":                       0,
		"indicators[7].weight":   2,
		"sources.fuel.file.deep": 0,
	} {
		if got := Line(text, key); got != want {
			t.Errorf("Line(%q) = %d, want %d", key, got, want)
		}
	}
	if got := Line([]byte("a: [\n"), "a"); got != 0 {
		t.Errorf("Line in a file that does not parse = %d, want 0", got)
	}
}
