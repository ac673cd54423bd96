package format

import (
	"testing"

	"github.com/manchester-insight/targeting/internal/stage"
)

func newStage(t *testing.T, dir string) *stage.Stage {
	t.Helper()
	st, err := stage.New(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Abort)
	return st
}
