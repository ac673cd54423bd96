package pipelines

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/manchester-insight/targeting/engine"
)

func boolColumn(rec arrow.RecordBatch, name string) []bool {
	idx := rec.Schema().FieldIndices(name)
	return engine.Slice(rec.Column(idx[0])).([]bool)
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
