package nightly

import (
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"

	"github.com/manchester-insight/targeting/internal/scenario"
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
	line := 0
	for k := key; k != "" && line == 0; k = k[:max(strings.LastIndexAny(k, ".["), 0)] {
		if n := p.node("$." + k); n != nil {
			line = n.GetToken().Position.Line
		}
	}
	return &scenario.ConfigError{File: p.Path, Line: line, Key: key, Msg: fmt.Sprintf(format, args...)}
}

// yamlError turns a go-yaml error into a ConfigError with the line, the key
// written on that line and the message.
func (p *Pipeline) yamlError(err error) error {
	msg := yaml.FormatError(err, false, false)
	var line, col int
	if n, _ := fmt.Sscanf(msg, "[%d:%d]", &line, &col); n == 2 {
		msg = strings.TrimSpace(msg[strings.IndexByte(msg, ']')+1:])
	}
	key := ""
	lines := strings.Split(string(p.Text), "\n")
	if line > 0 && line <= len(lines) {
		key = strings.TrimPrefix(strings.TrimSpace(lines[line-1]), "- ")
		if i := strings.IndexByte(key, ':'); i > 0 {
			key = key[:i]
		} else {
			key = ""
		}
	}
	return &scenario.ConfigError{File: p.Path, Line: line, Key: key, Msg: msg}
}
