// Command targeting scores small areas and wards for targeting help, from a
// scenario file, and writes GIS layers and tables.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/manchester-insight/targeting/indicators"
	"github.com/manchester-insight/targeting/pipelines/scenario"
)

// Exit codes a scheduler can act on.
const (
	exitOK       = 0
	exitData     = 1 // bad input data: the message names file, row, column, code
	exitConfig   = 2 // bad scenario or command line
	exitInternal = 3 // a bug or an environment failure (disk, permissions)
)

func main() {
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
	switch {
	case errors.As(err, &ce), errors.As(err, &ue):
		return exitConfig
	case errors.As(err, &de), errors.Is(err, errData):
		return exitData
	}
	return exitInternal
}

// usageError is a bad command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// errData marks errors from reading input data that are not DataErrors.
var errData = errors.New("input data error")
