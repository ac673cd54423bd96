package indicators

import (
	"fmt"
	"strings"
)

// DataError is a problem with one input file, located as precisely as we can.
// Row is the file's line number (the header is line 1), as a spreadsheet shows it.
type DataError struct {
	File   string
	Row    int
	Column string
	Code   string
	Msg    string
}

func (e *DataError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Row > 0 {
		fmt.Fprintf(&b, ": row %d", e.Row)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %q", e.Column)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, ", area %s", e.Code)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}
