package analysis

import (
	"io"
	"log/slog"

	"github.com/manchester-insight/targeting/internal/progress"
	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/score"
)

// ScoreFile loads and scores a scenario file, showing "scoring NAME" on a
// terminal (w) if it takes over a second. The commands start here.
func ScoreFile(path string, w io.Writer, log *slog.Logger) (*result.Result, error) {
	sc, err := scenario.Load(path)
	if err != nil {
		return nil, err
	}
	var res *result.Result
	err = progress.Stage(w, "scoring "+sc.Name, func() error {
		var err error
		res, err = score.Run(sc, score.Options{}, log)
		return err
	})
	return res, err
}
