package nightly

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// These tests run the real binary as a subprocess, because what they check
// (SIGKILL, exit codes, two processes on one root, a file-size limit)
// happens to processes.

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

// TestMain removes the CLI built for the subprocess tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// binary is the CLI for the subprocess tests: built once, on first use,
// or the one named by TARGETING_TEST_BINARY (e.g. to run the tests as
// another user). Under -short every subprocess test skips here, and
// nothing is built.
func binary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the CLI and runs it as a subprocess; runs without -short")
	}
	binOnce.Do(func() {
		if binPath = os.Getenv("TARGETING_TEST_BINARY"); binPath != "" {
			return
		}
		if binDir, binErr = os.MkdirTemp("", "targeting-nightly-bin-"); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "targeting")
		build := exec.Command("go", "build", "-o", binPath, "./cmd/targeting")
		build.Dir = "../.."
		if out, err := build.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build ./cmd/targeting: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// proc is a running CLI process whose stderr is watched for pause markers.
type proc struct {
	cmd            *exec.Cmd
	stdin          io.WriteCloser
	stdout, stderr syncBuffer
	paused         chan string
	done           chan struct{}
	code           int
}

const procTimeout = 60 * time.Second

// start runs name args with extra environment; use cli for the binary.
func start(t testing.TB, env []string, name string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(name, args...), paused: make(chan string, 8), done: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout = &p.stdout
	var err error
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	errPipe, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(errPipe)
		for sc.Scan() {
			line := sc.Text()
			p.stderr.Write([]byte(line + "\n"))
			if pt, ok := strings.CutPrefix(line, "TARGETING_TEST_PAUSED "); ok {
				p.paused <- pt
			}
		}
		p.cmd.Wait()
		p.code = p.cmd.ProcessState.ExitCode()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

func startCLI(t testing.TB, env []string, args ...string) *proc {
	t.Helper()
	return start(t, env, binary(t), args...)
}

// cli runs the binary to the end and returns its exit code.
func cli(t testing.TB, env []string, args ...string) *proc {
	t.Helper()
	p := startCLI(t, env, args...)
	p.stdin.Close()
	p.wait(t)
	return p
}

func (p *proc) wait(t testing.TB) int {
	t.Helper()
	select {
	case <-p.done:
		return p.code
	case <-time.After(procTimeout):
		t.Fatalf("%v still running after %v:\n%s", p.cmd.Args, procTimeout, p.stderr.String())
	}
	return -1
}

func (p *proc) waitPaused(t testing.TB, want string) {
	t.Helper()
	select {
	case got := <-p.paused:
		if !strings.HasPrefix(got, want) {
			t.Fatalf("paused at %s, want %s", got, want)
		}
	case <-p.done:
		t.Fatalf("exited %d before pausing at %s:\n%s", p.code, want, p.stderr.String())
	case <-time.After(procTimeout):
		t.Fatalf("did not reach %s in %v:\n%s", want, procTimeout, p.stderr.String())
	}
}

func (p *proc) resume() { io.WriteString(p.stdin, "\n") }

// kill sends SIGKILL: no deferred cleanup, no signal handler runs.
func (p *proc) kill(t testing.TB) {
	t.Helper()
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-p.done
}

func (f *fixture) stagingLeft(t testing.TB) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(f.root, StagingDir))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// A run SIGKILLed at any point before the latest symlink is switched leaves
// latest on the previous complete run, whose files match its manifest; one
// killed after the switch leaves the new complete run. The next run takes
// the stale lock over, removes the leftovers and publishes.
func TestKill(t *testing.T) {
	f := newFixture(t, []string{stepCost, stepIMD}, "")
	if p := cli(t, nil, "pipeline", "run", f.pipeline); p.code != 0 {
		t.Fatalf("first run exited %d:\n%s", p.code, p.stderr.String())
	}
	baseline := f.latest(t)
	// manifest last: it leaves a staging folder for the next run to remove.
	for _, point := range []string{"inputs", "score", "export", "score:" + stepIMD, "export:" + stepIMD, "publish", "link", "manifest"} {
		t.Run(point, func(t *testing.T) {
			p := startCLI(t, []string{PauseEnv + "=" + point}, "pipeline", "run", f.pipeline, "--force")
			p.waitPaused(t, point)
			p.kill(t)
			if got := f.latest(t); got != baseline {
				t.Fatalf("killed at %s: latest is %s, want the previous run %s", point, got, baseline)
			}
			if b, _ := os.ReadFile(filepath.Join(f.root, LockName)); !strings.Contains(string(b), fmt.Sprintf(`"pid":%d`, p.cmd.Process.Pid)) {
				t.Errorf("lock file %q does not name the killed run", b)
			}
		})
	}
	// Killed after the switch: latest is the new, complete run. This run
	// also found the leftovers of the runs killed above.
	t.Run("retention", func(t *testing.T) {
		if len(f.stagingLeft(t)) == 0 {
			t.Fatal("the killed runs left no staging folder: nothing to clean up")
		}
		p := startCLI(t, []string{PauseEnv + "=retention"}, "pipeline", "run", f.pipeline, "--force")
		p.waitPaused(t, "retention")
		p.kill(t)
		for _, want := range []string{"taking over a stale lock", "removing an incomplete run"} {
			if !strings.Contains(p.stderr.String(), want) {
				t.Errorf("no %q log line:\n%s", want, p.stderr.String())
			}
		}
		got := f.latest(t)
		if got == baseline {
			t.Fatal("killed after the switch, but latest is still the previous run")
		}
		if m, err := ReadManifest(filepath.Join(f.root, RunsDir, got)); err != nil || m.Run != got || len(m.Steps) != 2 {
			t.Fatalf("the new latest's manifest: %+v, %v", m, err)
		}
		if left := f.stagingLeft(t); len(left) != 0 {
			t.Errorf("staging folders left: %v", left)
		}
		if m, _ := filepath.Glob(filepath.Join(f.root, tmpLinkPfx+"*")); len(m) != 0 {
			t.Errorf("temporary links left: %v", m)
		}
	})
	p := cli(t, nil, "pipeline", "run", f.pipeline)
	if p.code != 0 || !strings.Contains(p.stderr.String(), "taking over a stale lock") {
		t.Fatalf("run after the kills exited %d, want 0 and a stale-lock line:\n%s", p.code, p.stderr.String())
	}
	f.latest(t)
}

// A truncated CSV or gzip, a CSV whose header changed, a Parquet file with
// the wrong schema and a boundary with an invalid polygon each fail the run
// with exit 1, an error naming the file and the problem, and nothing
// published.
func TestCorruptInputs(t *testing.T) {
	type usage struct {
		AreaCode string `parquet:"area_code"`
		Visits   int64  `parquet:"visits"`
	}
	type renamed struct {
		LSOA   string `parquet:"lsoa21_code"`
		Visits int64  `parquet:"visits_total"`
	}
	extra := `inputs:
  - path: usage.parquet
    format: parquet
    vintage: lsoa21
    code: area_code
    columns: [visits]
  - path: fuel.csv.gz
    format: csv
    vintage: lsoa11
    code: LSOA Code
`
	f := newFixture(t, []string{stepIMD}, extra)
	if err := os.WriteFile(filepath.Join(f.dir, "usage.parquet"), writeParquet(t, []usage{{"E01033658", 12}}), 0o644); err != nil {
		t.Fatal(err)
	}
	copyTo(t, filepath.Join(repoDir(t), "data/fuel_poverty/fuel_poverty_2020_lsoa11_england.csv.gz"), filepath.Join(f.dir, "fuel.csv.gz"))
	if p := cli(t, nil, "pipeline", "run", f.pipeline); p.code != 0 {
		t.Fatalf("first run exited %d:\n%s", p.code, p.stderr.String())
	}
	baseline := f.latest(t)
	runs := f.runs(t)

	cases := []struct {
		name, file string
		corrupt    func(t testing.TB, b []byte) []byte
		want       []string
	}{
		{"truncated CSV", "iod2025.csv", func(_ testing.TB, b []byte) []byte { return b[:len(b)*6/10] },
			[]string{"iod2025.csv: row ", "different number of fields from the header: the file is truncated"}},
		{"truncated gzip CSV", "fuel.csv.gz", func(_ testing.TB, b []byte) []byte { return b[:len(b)/2] },
			[]string{"fuel.csv.gz: the compressed stream ends early"}},
		{"CSV with its code column renamed", "iod2025.csv", func(_ testing.TB, b []byte) []byte {
			return []byte(strings.Replace(string(b), "LSOA code (2021)", "LSOA21CD", 1))
		}, []string{"iod2025.csv: row 1, column \"LSOA code (2021)\": no such column in the header", `"LSOA21CD"`}},
		{"CSV with an indicator column renamed", "iod2025.csv", func(_ testing.TB, b []byte) []byte {
			return []byte(strings.Replace(string(b), "Income Rank (where 1 is most deprived)", "Income Rank", 1))
		}, []string{"step imd2025-manchester: ", "iod2025.csv: ", `no column "Income Rank (where 1 is most deprived)"`}},
		{"Parquet with a wrong schema", "usage.parquet", func(t testing.TB, _ []byte) []byte {
			return writeParquet(t, []renamed{{"E01033658", 12}})
		}, []string{"usage.parquet, column \"area_code\": no such column in the Parquet schema", "lsoa21_code"}},
		{"boundary with an invalid polygon", "areas.geojson", openFirstRing,
			[]string{"areas.geojson, area E0", "invalid boundary: ", "outer ring is not closed"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(f.dir, c.file)
			orig, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer os.WriteFile(path, orig, 0o644)
			write(t, path, string(c.corrupt(t, orig)))
			p := cli(t, nil, "pipeline", "run", f.pipeline)
			if p.code != 1 {
				t.Fatalf("exit %d, want 1:\n%s", p.code, p.stderr.String())
			}
			msg := p.stderr.String()
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("stderr lacks %q:\n%s", w, msg)
				}
			}
			if got := f.latest(t); got != baseline {
				t.Errorf("latest is %s, want %s", got, baseline)
			}
			if got := f.runs(t); strings.Join(got, ",") != strings.Join(runs, ",") {
				t.Errorf("runs %v, want %v: a failed run published something", got, runs)
			}
			if left := f.stagingLeft(t); len(left) != 0 {
				t.Errorf("staging folders left: %v", left)
			}
			var fail Failure
			b, _ := os.ReadFile(filepath.Join(f.root, FailureName))
			if err := json.Unmarshal(b, &fail); err != nil || fail.Class != "data" || !strings.Contains(fail.Error, c.file) || fail.Previous != baseline {
				t.Errorf("last-failure.json: %s", b)
			}
		})
	}
}

// Two runs started at once on one root: one runs, the other exits 4 at
// once and touches nothing. status meanwhile shows the lock's owner.
func TestConcurrentRuns(t *testing.T) {
	f := newFixture(t, []string{stepIMD}, "")
	env := []string{PauseEnv + "=inputs"}
	procs := []*proc{startCLI(t, env, "pipeline", "run", f.pipeline), startCLI(t, env, "pipeline", "run", f.pipeline)}
	var winner, loser *proc
	done0, done1 := procs[0].done, procs[1].done // set to nil once seen
	deadline := time.After(procTimeout)
	for winner == nil || loser == nil {
		select {
		case <-procs[0].paused:
			winner = procs[0]
		case <-procs[1].paused:
			winner = procs[1]
		case <-done0:
			loser, done0 = procs[0], nil
		case <-done1:
			loser, done1 = procs[1], nil
		case <-deadline:
			t.Fatalf("want one paused and one exited:\n%s\n---\n%s", procs[0].stderr.String(), procs[1].stderr.String())
		}
	}
	if loser.code != 4 || !strings.Contains(loser.stderr.String(), "is locked by") {
		t.Fatalf("the second run exited %d, want 4:\n%s", loser.code, loser.stderr.String())
	}
	if n := len(f.stagingLeft(t)); n != 1 {
		t.Errorf("%d staging folders, want only the running one's", n)
	}
	st := cli(t, nil, "pipeline", "status", f.root)
	if st.code != 0 || !strings.Contains(st.stdout.String(), "(a run in progress)") {
		t.Errorf("status during a run exited %d:\n%s%s", st.code, st.stdout.String(), st.stderr.String())
	}
	winner.resume()
	if code := winner.wait(t); code != 0 {
		t.Fatalf("the running run exited %d:\n%s", code, winner.stderr.String())
	}
	if f.latest(t) == "" {
		t.Fatal("nothing published")
	}
}

// An output folder that stops being writable mid-run, a full disk, or a
// root where the staging folder cannot be made: exit 3, latest unchanged.
//
// Tests usually run as root here, and root ignores a chmod 0555. So as
// root the pause hook replaces the staging folder with a regular file (the
// next step's folder then cannot be created); as any other user it
// chmods the staging folder 0555. The full disk is a file-size limit
// (ulimit -f, RLIMIT_FSIZE): writes fail with EFBIG as they would with
// ENOSPC, without needing to mount a small filesystem.
func TestUnwritable(t *testing.T) {
	f := newFixture(t, []string{stepCost, stepIMD}, "")
	if p := cli(t, nil, "pipeline", "run", f.pipeline); p.code != 0 {
		t.Fatalf("first run exited %d:\n%s", p.code, p.stderr.String())
	}
	baseline := f.latest(t)
	runs := f.runs(t)
	cases := []struct {
		name string
		run  func(t *testing.T) *proc
		want string // a regular expression
	}{
		{"staging folder unwritable mid-run", func(t *testing.T) *proc {
			p := startCLI(t, []string{PauseEnv + "=export:" + stepCost}, "pipeline", "run", f.pipeline, "--force")
			p.waitPaused(t, "export:"+stepCost)
			staged := filepath.Join(f.root, StagingDir, f.stagingLeft(t)[0])
			if os.Geteuid() == 0 {
				moved := filepath.Join(t.TempDir(), "moved")
				if err := os.Rename(staged, moved); err != nil {
					t.Fatal(err)
				}
				write(t, staged, "not a folder")
			} else {
				os.Chmod(staged, 0o555)
				t.Cleanup(func() { os.Chmod(staged, 0o755); os.RemoveAll(staged) })
			}
			p.resume()
			p.wait(t)
			return p
		}, map[bool]string{true: "not a directory", false: "permission denied"}[os.Geteuid() == 0]},
		{"disk full", func(t *testing.T) *proc {
			p := start(t, nil, "sh", "-c", `ulimit -f 64 && exec "$0" "$@"`, binary(t), "pipeline", "run", f.pipeline, "--force")
			p.stdin.Close()
			p.wait(t)
			return p
		}, "file too large|disk I/O error"}, // SQLite (the GeoPackage) reports EFBIG as an I/O error
		{"staging folder blocked by a file", func(t *testing.T) *proc {
			block := filepath.Join(f.root, StagingDir)
			os.RemoveAll(block)
			write(t, block, "")
			defer os.Remove(block)
			return cli(t, nil, "pipeline", "run", f.pipeline, "--force")
		}, "not a directory"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := c.run(t)
			if p.code != 3 || !regexp.MustCompile(c.want).MatchString(p.stderr.String()) {
				t.Fatalf("exit %d, want 3 and %q:\n%s", p.code, c.want, p.stderr.String())
			}
			if got := f.latest(t); got != baseline {
				t.Errorf("latest is %s, want %s", got, baseline)
			}
			if got := f.runs(t); strings.Join(got, ",") != strings.Join(runs, ",") {
				t.Errorf("runs %v, want %v", got, runs)
			}
		})
	}
	if p := cli(t, nil, "pipeline", "run", f.pipeline); p.code != 0 {
		t.Fatalf("a run after the failures exited %d:\n%s", p.code, p.stderr.String())
	}
}

// An input rewritten after the run hashed it (another job still writing
// it) fails the run: the manifest would not describe what was read.
func TestInputChangedDuringRun(t *testing.T) {
	f := newFixture(t, []string{stepIMD}, "")
	p := startCLI(t, []string{PauseEnv + "=inputs"}, "pipeline", "run", f.pipeline)
	p.waitPaused(t, "inputs")
	iod := filepath.Join(f.dir, "iod2025.csv")
	b, _ := os.ReadFile(iod)
	write(t, iod, string(b)+"\n")
	p.resume()
	if code := p.wait(t); code != 1 || !strings.Contains(p.stderr.String(), "iod2025.csv: the file changed during the run") {
		t.Fatalf("exit %d, want 1 naming iod2025.csv:\n%s", code, p.stderr.String())
	}
	if id := f.latest(t); id != "" {
		t.Errorf("published %s", id)
	}
}

// SIGTERM (systemctl stop) stops a run at the next step boundary: exit 3,
// latest unchanged, staging removed.
func TestInterrupted(t *testing.T) {
	f := newFixture(t, []string{stepIMD}, "")
	if p := cli(t, nil, "pipeline", "run", f.pipeline); p.code != 0 {
		t.Fatalf("first run exited %d:\n%s", p.code, p.stderr.String())
	}
	baseline := f.latest(t)
	p := startCLI(t, []string{PauseEnv + "=score"}, "pipeline", "run", f.pipeline, "--force")
	p.waitPaused(t, "score")
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // let the signal be delivered before the run goes on
	p.resume()
	if code := p.wait(t); code != 3 || !strings.Contains(p.stderr.String(), "run interrupted") {
		t.Fatalf("exit %d, want 3 and \"run interrupted\":\n%s", code, p.stderr.String())
	}
	if got := f.latest(t); got != baseline {
		t.Errorf("latest is %s, want %s", got, baseline)
	}
	if left := f.stagingLeft(t); len(left) != 0 {
		t.Errorf("staging folders left: %v", left)
	}
}

// --log-format json makes every stderr line a JSON object, ending with a
// summary record; stdout gets the one summary line; exit codes 0 and 2.
func TestJSONLogsAndExitCodes(t *testing.T) {
	f := newFixture(t, []string{stepIMD}, "")
	p := cli(t, nil, "--log-format", "json", "pipeline", "run", f.pipeline)
	if p.code != 0 {
		t.Fatalf("exit %d:\n%s", p.code, p.stderr.String())
	}
	var msgs []string
	for _, line := range strings.Split(strings.TrimSpace(p.stderr.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("stderr line is not JSON: %q", line)
		}
		msgs = append(msgs, fmt.Sprint(rec["msg"]))
	}
	if msgs[0] != "run started" || msgs[len(msgs)-1] != "summary" {
		t.Errorf("log messages %v, want run started ... summary", msgs)
	}
	out := strings.TrimSpace(p.stdout.String())
	if strings.Count(out, "\n") != 0 || !strings.HasPrefix(out, "run ") || !strings.Contains(out, "published: 1 steps (1 computed, 0 reused)") {
		t.Errorf("stdout %q, want one summary line", out)
	}

	bad := filepath.Join(f.dir, "bad.yaml")
	write(t, bad, "steps:\n  - kind: publish\n")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"pipeline", "run", bad}, 2, `bad.yaml:2: steps[0].kind: "publish" is not a step kind`},
		{[]string{"pipeline", "run"}, 2, "want 1 argument"},
		{[]string{"pipeline", "run", f.pipeline, "--bogus"}, 2, "unknown flag"},
		{[]string{"pipeline", "status", f.dir}, 2, "not a pipeline output root"},
		{[]string{"pipeline", "status", f.root}, 0, ""},
	} {
		p := cli(t, nil, c.args...)
		if p.code != c.code || !strings.Contains(p.stderr.String(), c.want) {
			t.Errorf("%v: exit %d, want %d and %q:\n%s", c.args, p.code, c.code, c.want, p.stderr.String())
		}
	}
}
