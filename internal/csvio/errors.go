package csvio

import (
	"errors"
	"fmt"
)

// ErrData marks an error as a problem with an input file (missing, empty,
// malformed, inconsistent), as opposed to a bug: errors.Is(err, ErrData)
// tells the CLI to exit 1, the code for bad input data.
var ErrData = errors.New("input data error")

// Errorf formats a data error; it prints only the message.
func Errorf(format string, args ...any) error {
	return &dataError{fmt.Errorf(format, args...)}
}

type dataError struct{ err error }

func (e *dataError) Error() string        { return e.err.Error() }
func (e *dataError) Unwrap() error        { return e.err }
func (e *dataError) Is(target error) bool { return target == ErrData }
