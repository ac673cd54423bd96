// Package yamlerr says where a problem in a YAML file is, for messages
// that name the file, line and key: a goccy/go-yaml decoding error becomes
// its line, the key path it is at and a message in plain words, and a key
// path becomes the line it is written on.
//
// Key paths are written as in the files' documentation and in error
// messages: "indicators[1].weight", "steps[0].kind" (a go-yaml path
// without its "$.").
package yamlerr

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Problem is a go-yaml error located in its file.
type Problem struct {
	Line int    // 1-based; 0 when go-yaml gave no position
	Key  string // the key path at the position; "" when there is none
	Msg  string // in plain words, without the position
}

// Explain locates err, an error from decoding text with go-yaml (Unmarshal
// or NodeToValue on a node parsed from text). A type mismatch is said in
// plain words ("found text where a number is expected"); any other
// message is go-yaml's.
func Explain(err error, text []byte) Problem {
	var ye yaml.Error
	if !errors.As(err, &ye) || ye.GetToken() == nil {
		return Problem{Msg: err.Error()}
	}
	pos := ye.GetToken().Position
	p := Problem{Line: pos.Line, Msg: ye.GetMessage()}
	var te *yaml.TypeError
	var ne *yaml.UnexpectedNodeTypeError
	switch {
	case errors.As(err, &te) && te.SrcType != nil && te.DstType != nil:
		if found, want := typeWords(te.SrcType), typeWords(te.DstType); found != "" && want != "" {
			p.Msg = fmt.Sprintf("found %s where %s is expected", found, want)
		}
	case errors.As(err, &ne):
		if found, want := nodeWords(ne.Actual), nodeWords(ne.Expected); found != "" && want != "" {
			p.Msg = fmt.Sprintf("found %s where %s is expected", found, want)
		}
	}
	p.Key = keyAt(text, pos.Line, pos.Column)
	return p
}

// Line is the line where key is written in text or, when it is not (a
// missing key), where its nearest enclosing key is; 0 when none is.
func Line(text []byte, key string) int {
	if key == "" || len(text) == 0 {
		return 0
	}
	file, err := parser.ParseBytes(text, 0)
	if err != nil {
		return 0
	}
	l := lines{}
	for _, doc := range file.Docs {
		ast.Walk(l, doc)
	}
	for k := key; k != ""; k = k[:max(strings.LastIndexAny(k, ".["), 0)] {
		if n := l["$."+k]; n > 0 {
			return n
		}
	}
	return 0
}

// lines maps each node path to its first line: for a key, the line the
// key is written on, not its value's.
type lines map[string]int

func (l lines) Visit(n ast.Node) ast.Visitor {
	if tk := n.GetToken(); tk != nil && n.GetPath() != "" {
		if old, ok := l[n.GetPath()]; !ok || tk.Position.Line < old {
			l[n.GetPath()] = tk.Position.Line
		}
	}
	return l
}

// keyAt is the key path of the innermost node at line:col, or, when the
// text does not parse (a syntax error), the key written on that line.
func keyAt(text []byte, line, col int) string {
	if line <= 0 {
		return ""
	}
	if file, err := parser.ParseBytes(text, 0); err == nil {
		f := &finder{line: line, col: col}
		for _, doc := range file.Docs {
			ast.Walk(f, doc)
		}
		if f.path != "" {
			return strings.TrimPrefix(strings.TrimPrefix(f.path, "$"), ".")
		}
	}
	lines := strings.Split(string(text), "\n")
	if line > len(lines) {
		return ""
	}
	key := strings.TrimSpace(lines[line-1])
	for strings.HasPrefix(key, "- ") {
		key = strings.TrimSpace(key[2:])
	}
	i := strings.Index(key, ":")
	if i <= 0 {
		return ""
	}
	return strings.Trim(strings.TrimSpace(key[:i]), `"'`)
}

// finder keeps the path of the last (innermost) node whose token starts
// at line:col.
type finder struct {
	line, col int
	path      string
}

func (f *finder) Visit(n ast.Node) ast.Visitor {
	if tk := n.GetToken(); tk != nil && tk.Position.Line == f.line && tk.Position.Column == f.col && n.GetPath() != "" {
		f.path = n.GetPath()
	}
	return f
}

// typeWords names a Go type as a YAML author knows it, or "".
func typeWords(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "a mapping (key: value)"
	}
	return ""
}

// nodeWords names a YAML node type in the same words, or "".
func nodeWords(t ast.NodeType) string {
	switch t {
	case ast.StringType, ast.LiteralType:
		return "text"
	case ast.BoolType:
		return "true or false"
	case ast.IntegerType:
		return "a whole number"
	case ast.FloatType, ast.InfinityType, ast.NanType:
		return "a number"
	case ast.SequenceType:
		return "a list"
	case ast.MappingType, ast.MappingValueType:
		return "a mapping (key: value)"
	case ast.NullType:
		return "nothing"
	}
	return ""
}
