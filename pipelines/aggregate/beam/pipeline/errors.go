package pipeline

import (
	"errors"
	"fmt"
	"strings"

	"github.com/manchester-insight/targeting/indicators"
)

// A runner returns a worker's error as text, so a data error is marked in
// its text for the command to exit with the data-error code.
const dataMark = "bad input data: "

// dataError marks an error from reading an extract file, naming the file
// as given (not a worker's local copy of it).
func dataError(err error, path, local string) error {
	var de *indicators.DataError
	if !errors.As(err, &de) {
		return err
	}
	if de.File == local {
		de.File = path
	}
	return fmt.Errorf("%s%w", dataMark, err)
}

// IsDataError reports whether a failed job failed on bad input data.
func IsDataError(err error) bool {
	var de *indicators.DataError
	return errors.As(err, &de) || strings.Contains(err.Error(), dataMark)
}
