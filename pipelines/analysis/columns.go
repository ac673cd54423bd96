package analysis

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/manchester-insight/targeting/engine"
)

// table reads named columns of a result's records as Go slices, keeping the
// first error so callers check once.
type table struct {
	rec arrow.RecordBatch
	err error
}

func (t *table) strings(name string) []string {
	v, err := engine.Strings(t.rec, name)
	t.keep(err)
	return v
}

func (t *table) floats(name string) []float64 {
	v, err := engine.Floats(t.rec, name)
	t.keep(err)
	return v
}

func (t *table) ints(name string) []int64 {
	v, err := engine.Ints(t.rec, name)
	t.keep(err)
	return v
}

func (t *table) bools(name string) []bool {
	v, err := engine.Bools(t.rec, name)
	t.keep(err)
	return v
}

func (t *table) keep(err error) {
	if err != nil && t.err == nil {
		t.err = fmt.Errorf("analysis: areas table: %w", err)
	}
}

// appendColumns returns rec with extra named columns after its own.
func appendColumns(rec arrow.RecordBatch, names []string, cols []any) (arrow.RecordBatch, error) {
	var allNames []string
	var all []any
	for i, f := range rec.Schema().Fields() {
		allNames = append(allNames, f.Name)
		all = append(all, engine.Slice(rec.Column(i)))
	}
	return engine.NewRecord(append(allNames, names...), append(all, cols...))
}
