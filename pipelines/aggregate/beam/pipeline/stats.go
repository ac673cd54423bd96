package pipeline

import (
	"github.com/apache/beam/sdks/v2/go/pkg/beam"
)

// Beam counters of a job, for the cost model: how many rows were read, how
// long the read-place-count stage took (summed over files), and how many
// bytes each shuffle moved.
var (
	ctrRows        = beam.NewCounter("targeting", "rows_read")
	ctrCountMillis = beam.NewCounter("targeting", "count_ms")
	ctrIDBytes     = beam.NewCounter("targeting", "id_shuffle_bytes")
	ctrPairBytes   = beam.NewCounter("targeting", "pair_shuffle_bytes")
)

// Stats are a finished job's counters (zero where a runner reports none).
type Stats struct {
	Rows, CountMillis, IDBytes, PairBytes int64
}

func statsOf(r beam.PipelineResult) *Stats {
	s := &Stats{}
	if r == nil {
		return s
	}
	for _, c := range r.Metrics().AllMetrics().Counters() {
		if c.Namespace() != "targeting" {
			continue
		}
		switch c.Name() {
		case "rows_read":
			s.Rows += c.Result()
		case "count_ms":
			s.CountMillis += c.Result()
		case "id_shuffle_bytes":
			s.IDBytes += c.Result()
		case "pair_shuffle_bytes":
			s.PairBytes += c.Result()
		}
	}
	return s
}
