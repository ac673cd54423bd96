package aggregate

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/manchester-insight/targeting/engine/disclosure"
	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/internal/yamlerr"
	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
)

// Config is an aggregation's mapping file: how to read the extract, which
// areas to count in, the denominators, the services and the window. Paths
// are relative to the file. The YAML keys are the field tags.
type Config struct {
	Extract      extract.Mapping        `yaml:"extract"`
	Geography    Geography              `yaml:"geography"`
	Denominators []Denominators         `yaml:"denominators"`
	Services     map[string]*ServiceDef `yaml:"services"`
	Window       Window                 `yaml:"window"`
	// AsOf is the extract date: rows dated after it are future-dated
	// (dirty). Default: the day the run starts.
	AsOf       string     `yaml:"as_of"`
	Disclosure Disclosure `yaml:"disclosure"`
	// Synthetic labels the outputs synthetic even when the extract does not
	// say so itself.
	Synthetic   bool   `yaml:"synthetic"`
	Attribution string `yaml:"attribution"`

	// Path is the file read (set by LoadConfig).
	Path string `yaml:"-"`
	Text []byte `yaml:"-"`
}

// Geography names the areas records are counted in.
type Geography struct {
	Areas      string   `yaml:"areas"`  // vintage, e.g. lsoa11
	Within     string   `yaml:"within"` // district code, e.g. E08000003
	Lookup     Lookup   `yaml:"lookup"`
	Boundaries Layer    `yaml:"boundaries"` // for points
	Postcodes  *KeyFile `yaml:"postcodes"`  // for postcode-like keys
}

// Lookup is a best-fit small area -> ward -> district file.
type Lookup struct {
	File     string `yaml:"file"`
	Area     string `yaml:"area"`
	AreaName string `yaml:"area_name"`
	Ward     string `yaml:"ward"`
	WardName string `yaml:"ward_name"`
	District string `yaml:"district"`
}

// Layer is a GeoJSON boundary file and its code property.
type Layer struct {
	File string `yaml:"file"`
	Code string `yaml:"code"`
}

// KeyFile is a postcode(-like) key -> area lookup.
type KeyFile struct {
	File string `yaml:"file"`
	Key  string `yaml:"key"`
	Area string `yaml:"area"`
}

// Denominators is a file of area denominators: name -> column.
type Denominators struct {
	File    string            `yaml:"file"`
	Code    string            `yaml:"code"`
	Columns map[string]string `yaml:"columns"`
}

// ServiceDef is one service to count.
type ServiceDef struct {
	Label string `yaml:"label"`
	// Values are the extract's service values that mean this service
	// (default: the service id itself).
	Values []string `yaml:"values"`
	// Count is what the rate counts: people (distinct person ids, default),
	// households (distinct household ids) or records.
	Count string `yaml:"count"`
	// Per is the denominator the rate is per 1,000 of (a name under
	// denominators; default population).
	Per string `yaml:"per"`
}

// Window bounds the service dates counted (inclusive, YYYY-MM-DD).
type Window struct {
	From string `yaml:"from"`
	To   string `yaml:"to"`
}

// Disclosure sets the disclosure-control threshold.
type Disclosure struct {
	Threshold int64 `yaml:"threshold"`
}

// LoadConfig reads and checks a mapping file. Problems are
// *scenario.ConfigError with file, line and key.
func LoadConfig(path string) (*Config, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, &scenario.ConfigError{File: path, Msg: err.Error()}
	}
	c := &Config{}
	if err := yaml.UnmarshalWithOptions(text, c, yaml.DisallowUnknownField()); err != nil {
		p := yamlerr.Explain(err, text)
		return nil, &scenario.ConfigError{File: path, Line: p.Line, Key: p.Key, Msg: p.Msg}
	}
	c.Path, c.Text = path, text
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

// errAt is a ConfigError at the line of key (a YAML path without "$.").
func (c *Config) errAt(key, format string, args ...any) error {
	return &scenario.ConfigError{File: c.Path, Line: yamlerr.Line(c.Text, key), Key: key, Msg: fmt.Sprintf(format, args...)}
}

// Resolve makes a path in the file relative to the file's folder.
func (c *Config) Resolve(p string) string {
	if p == "" || filepath.IsAbs(p) || c.Path == "" {
		return p
	}
	return filepath.Join(filepath.Dir(c.Path), p)
}

func (c *Config) check() error {
	if key, err := c.Extract.Check(); err != nil {
		return c.errAt("extract."+key, "%v", err)
	}
	g := c.Geography
	if g.Lookup.File == "" || g.Lookup.Area == "" || g.Lookup.Ward == "" {
		return c.errAt("geography.lookup", "needs file, area and ward (and area_name, ward_name, district)")
	}
	if c.Extract.Point() != extract.NoPoint && g.Boundaries.File == "" {
		return c.errAt("geography.boundaries", "the extract has points (easting/northing or lon/lat): give the area boundaries (GeoJSON) to place them")
	}
	if c.Extract.Columns.Postcode != "" && (g.Postcodes == nil || g.Postcodes.File == "") {
		return c.errAt("geography.postcodes", "the extract has postcodes: give a postcode -> area lookup (file, key, area)")
	}
	names := c.denominatorNames()
	for id, s := range c.Services {
		if s == nil {
			c.Services[id] = &ServiceDef{}
			s = c.Services[id]
		}
		if s.Count == "" {
			s.Count = "people"
		}
		if !slices.Contains([]string{"people", "households", "records"}, s.Count) {
			return c.errAt("services."+id+".count", "%q is not one of people, households, records", s.Count)
		}
		if s.Count == "households" && c.Extract.Columns.Household == "" {
			return c.errAt("services."+id+".count", "counts households but the extract maps no household column")
		}
		if s.Per == "" {
			s.Per = "population"
		}
		if len(names) > 0 && !slices.Contains(names, s.Per) {
			return c.errAt("services."+id+".per", "%q is not a denominator; the denominators are %s", s.Per, strings.Join(names, ", "))
		}
		if strings.ContainsAny(id, " ,\"") || id == "all" {
			return c.errAt("services."+id, "a service id is a plain name (letters, digits, _) and not \"all\"")
		}
	}
	if len(names) > 0 && !slices.Contains(names, "population") {
		return c.errAt("denominators", "one denominator must be named population (the all-services rate is per 1,000 people)")
	}
	for _, d := range []struct{ key, val string }{{"window.from", c.Window.From}, {"window.to", c.Window.To}, {"as_of", c.AsOf}} {
		if d.val == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.val); err != nil {
			return c.errAt(d.key, "%q is not a date (YYYY-MM-DD)", d.val)
		}
	}
	if c.Disclosure.Threshold < 0 {
		return c.errAt("disclosure.threshold", "must be positive")
	}
	return nil
}

func (c *Config) denominatorNames() []string {
	var out []string
	for _, d := range c.Denominators {
		for n := range d.Columns {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// Rule is the disclosure rule the config asks for.
func (c *Config) Rule() disclosure.Rule { return disclosure.Rule{Threshold: c.Disclosure.Threshold} }

// ServiceIDs returns the configured service ids, sorted.
func (c *Config) ServiceIDs() []string {
	ids := make([]string, 0, len(c.Services))
	for id := range c.Services {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
