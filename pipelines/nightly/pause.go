package nightly

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"sync"
)

// PauseEnv is a test hook, never set in production: with
// TARGETING_TEST_PAUSE=<point> a run prints "TARGETING_TEST_PAUSED <point>"
// on stderr when it reaches that point and waits for a line (or end of
// file) on stdin. Tests use it to SIGKILL a run, or change the disk under
// it, at a known moment instead of after a guessed delay.
//
// Points, in run order: inputs (hashed and checked, nothing built yet),
// score:<step> (scored, nothing written), export:<step> (the step's files
// are in the staging folder), manifest (the whole run is staged), publish
// (renamed into runs/, latest not yet switched), link (the new latest
// symlink exists under a temporary name), retention (latest switched).
// "score" or "export" alone match the first step that reaches them.
const PauseEnv = "TARGETING_TEST_PAUSE"

var paused sync.Map

func pause(point string) {
	want := os.Getenv(PauseEnv)
	if want == "" {
		return
	}
	kind, _, _ := strings.Cut(point, ":")
	if want != point && want != kind {
		return
	}
	if _, done := paused.LoadOrStore(want, true); done {
		return
	}
	fmt.Fprintf(os.Stderr, "TARGETING_TEST_PAUSED %s\n", point)
	bufio.NewReader(os.Stdin).ReadString('\n')
}
