package notebooksexport

import (
	"encoding/json"
	"os"
	"strings"
)

// nbformat 4.5 is the first minor version with cell ids, which the schema
// then requires; Debian 12's nbformat (5.5) validates against it.
const (
	nbformatMajor = 4
	nbformatMinor = 5
)

// cell is one notebook cell. Ids are fixed names (not random) so that a
// re-export diffs cleanly against the previous notebook.
type cell struct {
	id, kind string // kind: "markdown" or "code"
	source   string
}

func markdown(id string, lines ...string) cell {
	return cell{id: id, kind: "markdown", source: strings.Join(lines, "\n")}
}

func code(id, source string) cell {
	return cell{id: id, kind: "code", source: strings.TrimLeft(source, "\n")}
}

// json is the cell in nbformat's JSON shape: source as a list of lines that
// keep their newlines; code cells unexecuted (no outputs, count null).
func (c cell) json() map[string]any {
	src := strings.SplitAfter(strings.TrimRight(c.source, "\n"), "\n")
	m := map[string]any{"id": c.id, "cell_type": c.kind, "metadata": map[string]any{}, "source": src}
	if c.kind == "code" {
		m["execution_count"] = nil
		m["outputs"] = []any{}
	}
	return m
}

// writeNotebook writes cells as a Python 3 notebook.
func writeNotebook(path string, cells []cell) error {
	js := make([]map[string]any, len(cells))
	for i, c := range cells {
		js[i] = c.json()
	}
	nb := map[string]any{
		"cells": js,
		"metadata": map[string]any{
			"kernelspec":    map[string]any{"name": "python3", "display_name": "Python 3", "language": "python"},
			"language_info": map[string]any{"name": "python"},
		},
		"nbformat":       nbformatMajor,
		"nbformat_minor": nbformatMinor,
	}
	b, err := json.MarshalIndent(nb, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
