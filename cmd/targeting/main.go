// Command targeting scores small areas and wards for targeting help, from a
// scenario file, and writes GIS layers and tables.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/internal/csvio"
	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/nightly"
)

// Exit codes a scheduler can act on.
const (
	exitOK       = 0
	exitData     = 1 // bad input data: the message names file, row, column, code
	exitConfig   = 2 // bad scenario or command line
	exitInternal = 3 // a bug or an environment failure (disk, permissions)
	exitLocked   = 4 // another pipeline run holds the output root: try later
)

func main() {
	// A run is short and allocates its tables once: collect garbage less
	// often (at 4x the live heap, not 2x) and spend the time on the work.
	debug.SetGCPercent(400)
	cmd := newRootCmd()
	err := cmd.Execute()
	if err == nil {
		return
	}
	fmt.Fprintln(os.Stderr, "targeting: error:", err)
	os.Exit(exitCode(err))
}

func exitCode(err error) int {
	var de *indicators.DataError
	var ce *scenario.ConfigError
	var ue *usageError
	var le *nightly.LockedError
	switch {
	case errors.As(err, &le):
		return exitLocked
	case errors.As(err, &ce), errors.As(err, &ue):
		return exitConfig
	case errors.As(err, &de), errors.Is(err, errData), errors.Is(err, csvio.ErrData):
		return exitData
	}
	return exitInternal
}

// usageError is a bad command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// errData marks errors from reading input data that are not DataErrors.
var errData = errors.New("input data error")
