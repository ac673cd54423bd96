package scenario

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/goccy/go-yaml"

	"github.com/manchester-insight/targeting/internal/yamlerr"
)

// ConfigError is a problem with the scenario file itself (as opposed to the
// data it points at). Line is 0 when the key is absent.
type ConfigError struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *ConfigError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Key != "" {
		return fmt.Sprintf("%s: %s: %s", loc, e.Key, e.Msg)
	}
	return fmt.Sprintf("%s: %s", loc, e.Msg)
}

// Load reads, resolves and validates a scenario file. Unknown keys are errors.
func Load(path string) (*Scenario, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, &ConfigError{File: path, Msg: err.Error()}
	}
	return Parse(path, text)
}

// Parse is Load on bytes already read; path locates relative file names.
func Parse(path string, text []byte) (*Scenario, error) {
	s := &Scenario{}
	if err := yaml.UnmarshalWithOptions(text, s, yaml.DisallowUnknownField()); err != nil {
		p := yamlerr.Explain(err, text)
		return nil, &ConfigError{File: path, Line: p.Line, Key: p.Key, Msg: p.Msg}
	}
	s.Path, s.Text = path, text
	s.resolvePaths(filepath.Dir(path))
	s.defaults()
	if err := s.validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// errAt builds a ConfigError for a key given as a YAML path without "$.";
// a missing key is located at its nearest enclosing key that is written.
func (s *Scenario) errAt(key, format string, args ...any) error {
	return &ConfigError{File: s.Path, Line: yamlerr.Line(s.Text, key), Key: key, Msg: fmt.Sprintf(format, args...)}
}

// resolvePaths makes every file path of the scenario relative to the
// working directory (paths in the file are relative to the file), once, so
// that nothing after loading resolves a path again.
func (s *Scenario) resolvePaths(dir string) {
	resolve := func(p *string) {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
	g := &s.Geography
	resolve(&g.Lookup.File)
	resolve(&g.Boundaries.Areas.File)
	resolve(&g.Boundaries.Wards.File)
	resolve(&g.Vintages)
	for name, gr := range g.Groupings {
		resolve(&gr.File)
		g.Groupings[name] = gr
	}
	if g.WardShares != nil {
		resolve(&g.WardShares.File)
	}
	for _, src := range s.Sources {
		if src != nil {
			resolve(&src.File)
		}
	}
}

func (s *Scenario) defaults() {
	if s.Aggregation == "" {
		s.Aggregation = "arithmetic"
	}
	if len(s.Outputs.Formats) == 0 {
		s.Outputs.Formats = []string{"gpkg", "csv"}
	}
	for _, ind := range s.Indicators {
		if ind == nil {
			continue
		}
		if ind.Missing == "" {
			ind.Missing = "error"
		}
		if ind.Scale == 0 {
			ind.Scale = 1
		}
	}
}

// Files lists every file the scenario reads (as resolved, sorted, no
// duplicates), starting with the scenario itself: what a batch run hashes to
// decide whether anything changed.
func (s *Scenario) Files() []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	g := s.Geography
	for _, p := range []string{g.Lookup.File, g.Boundaries.Areas.File, g.Boundaries.Wards.File, g.Vintages} {
		add(p)
	}
	if g.WardShares != nil {
		add(g.WardShares.File)
	}
	for _, src := range s.Sources {
		add(src.File)
	}
	for _, gr := range g.Groupings {
		add(gr.File)
	}
	sort.Strings(out)
	return append([]string{s.Path}, out...)
}

// Revalidate checks the scenario again after a caller changed it (e.g. the
// command line overrode outputs).
func (s *Scenario) Revalidate() error { return s.validate() }
