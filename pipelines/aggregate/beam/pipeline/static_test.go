package pipeline

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The packages whose calls TestAssignmentOnlyThroughResolver follows.
const (
	aggregatePath = "github.com/manchester-insight/targeting/pipelines/aggregate"
	assignPath    = "github.com/manchester-insight/targeting/geo/assign"
)

// The package places records only through aggregate.Resolver (the one
// `targeting aggregate --runner local` uses): it builds one with
// aggregate.NewResolver from geo/assign's constructors (in resolver.go,
// and nowhere else), calls its Resolve, and never looks up a code or key
// or tests a point itself, nor imports a geometry library. So there is no
// second assignment rule to drift from the in-process one. Calls are
// matched by import path, whatever name a file imports a package under.
func TestAssignmentOnlyThroughResolver(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	var calls []string // "file: pkg.Func" or "file: .Method"
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		tags := map[string]string{} // the file's name for a followed package -> its tag
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			switch {
			case strings.HasPrefix(path, "github.com/paulmach/orb"), strings.Contains(path, "geos"):
				t.Errorf("%s imports %s: geometry belongs to geo/assign", name, path)
			case path == assignPath && name != "resolver.go":
				t.Errorf("%s imports geo/assign: only resolver.go builds the resolver's indexes", name)
			}
			tag := map[string]string{aggregatePath: "aggregate", assignPath: "assign"}[path]
			if tag == "" {
				continue
			}
			local := tag // both packages are named as the last element of their path
			if imp.Name != nil {
				local = imp.Name.Name
			}
			if local == "." || local == "_" {
				t.Errorf("%s imports %s as %s: the test cannot follow its calls", name, path, local)
			}
			tags[local] = tag
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && tags[id.Name] != "" {
					calls = append(calls, name+": "+tags[id.Name]+"."+sel.Sel.Name)
				} else {
					calls = append(calls, name+": ."+sel.Sel.Name)
				}
			}
			return true
		})
	}
	for _, c := range calls {
		for _, own := range []string{".Locate", ".LocateAll", ".Lookup", "NormCode", "NormKey"} {
			if strings.HasSuffix(c, own) {
				t.Errorf("%s: places records itself; use aggregate.Resolver", c)
			}
		}
		if strings.Contains(c, "assign.") && !slices.Contains([]string{"resolver.go: assign.NewCodes", "resolver.go: assign.LoadKeys", "resolver.go: assign.NewIndex"}, c) {
			t.Errorf("%s: unexpected use of geo/assign", c)
		}
	}
	for _, want := range []string{"resolver.go: aggregate.NewResolver", "count.go: .Resolve"} {
		if !slices.Contains(calls, want) {
			t.Errorf("no call %s", want)
		}
	}
}
