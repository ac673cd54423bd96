package notebooksexport

import (
	"os"
	"path/filepath"
	"testing"
)

func TestExportWritesEveryFile(t *testing.T) {
	res := example(t)
	dir := tempOut(t)
	rob, err := ReadRobustness(syntheticRobustness(t, res, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	files, err := Export(res, dir, Options{Robustness: rob})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		t.Log(f)
	}
	if os.Getenv("KEEP") != "" {
		os.CopyFS(os.Getenv("KEEP"), os.DirFS(dir))
	}
	_ = filepath.Join
}
