// Command targeting scores small areas and wards for targeting help, from a
// scenario file, and writes GIS layers and tables.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

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
	// The garbage collector runs at Go's defaults (GOGC=100, no memory
	// limit); GOGC and GOMEMLIMIT in the environment tune it. Measured on the
	// benchmarks (bench/run.sh): collecting at 4x the live heap instead
	// of 2x saved no time and raised peak memory by 5-15%, and a 40 MiB
	// memory limit on the national IMD rebuild cut 20 MB of peak RSS for
	// 50% more CPU, because its live heap is close to that.
	stop := startProfiles()
	code := execute(newRootCmd(), os.Args[1:], os.Stderr)
	stop()
	os.Exit(code)
}

// execute runs the command line args and returns the exit code, having
// written any error to stderr. A bad command line (exit 2) ends with a
// pointer to the command's --help.
func execute(root *cobra.Command, args []string, stderr io.Writer) int {
	root.SetArgs(args)
	c, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	var ue *usageError
	// cobra's Find fails only on an unknown command, and the error is
	// then its own: a plain error that names the command and suggests
	// the nearest ones.
	if _, _, ferr := root.Find(args); ferr != nil || errors.As(err, &ue) {
		err = &usageError{fmt.Sprintf("%s\nRun '%s --help' for usage.", strings.TrimRight(err.Error(), "\n"), c.CommandPath())}
	}
	fmt.Fprintln(stderr, "targeting: error:", err)
	return exitCode(err)
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

// asUsage makes err a usage error, unless it is one already.
func asUsage(err error) error {
	var ue *usageError
	if err == nil || errors.As(err, &ue) {
		return err
	}
	return &usageError{err.Error()}
}

// errData marks errors from reading input data that are not DataErrors.
var errData = errors.New("input data error")
