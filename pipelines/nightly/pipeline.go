package nightly

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/manchester-insight/targeting/internal/scenario"
)

// DefaultRetention is how many published runs are kept when the pipeline file
// does not say: two weeks of nightly runs.
const DefaultRetention = 14

// Pipeline is a parsed pipeline file. Field tags are the YAML keys.
type Pipeline struct {
	Name string `yaml:"name"`
	// Root is the output root (relative to the pipeline file); --root
	// overrides it.
	Root string `yaml:"root"`
	// Retention is how many published runs to keep (default 14).
	Retention *int `yaml:"retention"`
	// Inputs declares data files with their format and vintage, so they are
	// checked before any step runs.
	Inputs []*Input `yaml:"inputs"`
	// RawSteps is the steps list as read; Steps holds them decoded by kind.
	RawSteps []map[string]any `yaml:"steps"`

	Steps []Step `yaml:"-"`
	// Path is the pipeline file's path; Text its bytes (hashed into the manifest).
	Path string `yaml:"-"`
	Text []byte `yaml:"-"`
	dir  string
	ast  *ast.File
}

// Input is a declared input file.
type Input struct {
	Path    string `yaml:"path"`
	Format  string `yaml:"format"` // csv (plain or gzip), parquet, geojson
	Vintage string `yaml:"vintage"`
	// Code is the area-code column (csv, parquet) or property (geojson).
	Code string `yaml:"code"`
	// Columns must be present (the schema check for csv and parquet).
	Columns []string `yaml:"columns"`
	// NA lists tokens that mark a suppressed or missing cell; they are counted
	// into the manifest as suppressed cells.
	NA []string `yaml:"na"`
}

// Formats are the input formats the checks understand.
var Formats = []string{"csv", "parquet", "geojson"}

var (
	stepNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	vintageRE  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_+./-]*$`)
)

// Load reads and validates a pipeline file and every scenario it names.
// Problems are *scenario.ConfigError (file, line, key): exit code 2.
func Load(path string) (*Pipeline, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, &scenario.ConfigError{File: path, Msg: err.Error()}
	}
	return Parse(path, text)
}

// Parse is Load on bytes already read; path locates relative file names.
func Parse(path string, text []byte) (*Pipeline, error) {
	p := &Pipeline{Path: path, Text: text, dir: filepath.Dir(path)}
	if err := yaml.UnmarshalWithOptions(text, p, yaml.DisallowUnknownField()); err != nil {
		return nil, p.yamlError(err)
	}
	p.ast, _ = parser.ParseBytes(text, 0)
	if err := p.validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// Keep is the retention: how many published runs to keep.
func (p *Pipeline) Keep() int {
	if p.Retention == nil {
		return DefaultRetention
	}
	return *p.Retention
}

// resolve makes a path in the pipeline file absolute, relative to the file.
func (p *Pipeline) resolve(s string) string {
	if s == "" {
		return ""
	}
	if !filepath.IsAbs(s) {
		s = filepath.Join(p.dir, s)
	}
	if abs, err := filepath.Abs(s); err == nil {
		return abs
	}
	return filepath.Clean(s)
}

// RootDir is the output root named in the file (absolute), or "".
func (p *Pipeline) RootDir() string { return p.resolve(p.Root) }

func (p *Pipeline) validate() error {
	if p.Retention != nil && *p.Retention < 1 {
		return p.errAt("retention", "%d must be at least 1 (the published run is always kept)", *p.Retention)
	}
	seen := map[string]bool{}
	for i, in := range p.Inputs {
		key := fmt.Sprintf("inputs[%d]", i)
		if in == nil {
			return p.errAt(key, "is empty")
		}
		if in.Path == "" {
			return p.errAt(key+".path", "is required")
		}
		abs := p.resolve(in.Path)
		if seen[abs] {
			return p.errAt(key+".path", "%s is declared twice", in.Path)
		}
		seen[abs] = true
		if st, err := os.Stat(abs); err != nil {
			return p.errAt(key+".path", "%v", err)
		} else if st.IsDir() {
			return p.errAt(key+".path", "%s is a folder, not a file", in.Path)
		}
		if !slices.Contains(Formats, in.Format) {
			return p.errAt(key+".format", "%q is not one of %s", in.Format, strings.Join(Formats, ", "))
		}
		if !vintageRE.MatchString(in.Vintage) {
			return p.errAt(key+".vintage", "is required: the geography of the codes (e.g. lsoa11, lsoa21, or lsoa11/lsoa21 for a lookup)")
		}
		if in.Format == "geojson" && in.Code == "" {
			return p.errAt(key+".code", "is required for geojson: the property holding area codes")
		}
	}
	if len(p.RawSteps) == 0 {
		return p.errAt("steps", "at least one step is required")
	}
	names := map[string]int{}
	for i, raw := range p.RawSteps {
		key := fmt.Sprintf("steps[%d]", i)
		st, err := p.decodeStep(key, raw)
		if err != nil {
			return err
		}
		b := st.base()
		if !stepNameRE.MatchString(b.Name) {
			return p.errAt(key+".name", "%q must be lower case letters, digits, - and _ (it names the step's folder)", b.Name)
		}
		if prev, dup := names[b.Name]; dup {
			return p.errAt(key+".name", "%q is also the name of steps[%d]: set a different name: on one of them", b.Name, prev)
		}
		names[b.Name] = i
		p.Steps = append(p.Steps, st)
	}
	_, err := p.inputs()
	return err
}

// decodeStep decodes one step with its kind's type, so unknown keys are
// reported at their line.
func (p *Pipeline) decodeStep(key string, raw map[string]any) (Step, error) {
	kind, _ := raw["kind"].(string)
	if kind == "" {
		return nil, p.errAt(key+".kind", "is required: one of %s", strings.Join(KindNames(), ", "))
	}
	newStep, ok := kinds[kind]
	if !ok {
		return nil, p.errAt(key+".kind", "%q is not a step kind; known kinds: %s", kind, strings.Join(KindNames(), ", "))
	}
	st := newStep()
	node := p.node("$." + key)
	if node == nil {
		return nil, p.errAt(key, "cannot be read")
	}
	if err := yaml.NodeToValue(node, st, yaml.DisallowUnknownField()); err != nil {
		return nil, p.yamlError(err)
	}
	if err := st.prepare(p, key); err != nil {
		return nil, err
	}
	return st, nil
}

// KindNames lists the step kinds, sorted.
func KindNames() []string {
	return slices.Sorted(maps.Keys(kinds))
}
