package main

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// floor is a package's floor in the house: a package may import packages
// on its own floor or below, never above. engine imports no other folder.
func floor(pkg string) int {
	switch {
	case strings.HasPrefix(pkg, "cmd/"):
		return 4
	case strings.HasPrefix(pkg, "pipelines/"):
		return 3
	case strings.HasPrefix(pkg, "notebooks-export"):
		return 2
	case strings.HasPrefix(pkg, "internal/result"):
		return 1
	}
	return 0 // engine, geo, indicators, internal plumbing, bench
}

// TestImportsPointDown: cmd -> orchestration (pipelines/...) -> exporters
// (notebooks-export) -> the result of a run (internal/result) -> engine,
// geo, indicators; engine imports no other folder of the module.
func TestImportsPointDown(t *testing.T) {
	const mod = "github.com/manchester-insight/targeting/"
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "../../...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	n := 0
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		n++
		from := strings.TrimPrefix(p.ImportPath, mod)
		for _, imp := range p.Imports {
			to, ok := strings.CutPrefix(imp, mod)
			if !ok {
				continue
			}
			if floor(to) > floor(from) {
				t.Errorf("%s imports %s, a floor above it", from, to)
			}
			if strings.HasPrefix(from, "engine") && !strings.HasPrefix(to, "engine") {
				t.Errorf("%s imports %s: engine imports no other folder", from, to)
			}
		}
	}
	if n < 30 {
		t.Errorf("go list gave %d packages: is the pattern right?", n)
	}
}
