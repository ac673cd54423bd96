package nightly

import (
	"fmt"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"

	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/internal/yamlerr"
)

// Pipeline file problems reuse scenario.ConfigError, so the command maps
// them to exit code 2 like a bad scenario.

// node finds the YAML node at a path such as "$.steps[1]", or nil.
func (p *Pipeline) node(path string) ast.Node {
	if p.ast == nil {
		return nil
	}
	yp, err := yaml.PathString(path)
	if err != nil {
		return nil
	}
	n, err := yp.FilterFile(p.ast)
	if err != nil {
		return nil
	}
	return n
}

// errAt builds a ConfigError for a key given as a YAML path without "$.".
// A missing key is located at the nearest enclosing key that is written.
func (p *Pipeline) errAt(key, format string, args ...any) error {
	return &scenario.ConfigError{File: p.Path, Line: yamlerr.Line(p.Text, key), Key: key, Msg: fmt.Sprintf(format, args...)}
}

// yamlError turns a go-yaml error into a ConfigError with the line, the
// key path and the message in plain words.
func (p *Pipeline) yamlError(err error) error {
	e := yamlerr.Explain(err, p.Text)
	return &scenario.ConfigError{File: p.Path, Line: e.Line, Key: e.Key, Msg: e.Msg}
}
