package main

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// Every kind of bad command line exits 2 (exitConfig) with cobra's or our
// message naming the problem and a pointer to the command's --help.
func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want []string // in stderr, besides the --help hint
		help string   // the command whose --help is named
	}{
		{"unknown command", []string{"scor"}, []string{`unknown command "scor" for "targeting"`, "Did you mean this?", "score"}, "targeting"},
		{"unknown subcommand", []string{"synth", "people"}, []string{`unknown command "people" for "targeting synth"`}, "targeting synth"},
		{"unknown pipeline subcommand", []string{"pipeline", "frobnicate"}, []string{`unknown subcommand "frobnicate"`}, "targeting pipeline"},
		{"argument to cobra's completion command", []string{"completion", "bash", "extra"}, []string{`unknown command "extra" for "targeting completion bash"`}, "targeting completion bash"},
		{"missing argument", []string{"explain", "--scenario", costOfLiving}, []string{"accepts 1 arg(s), received 0"}, "targeting explain"},
		{"extra argument", []string{"explain", "--scenario", costOfLiving, "E01005088", "E01005141"}, []string{"accepts 1 arg(s), received 2"}, "targeting explain"},
		{"argument to a command that takes none", []string{"score", "examples/cost-of-living.yaml"}, []string{`unknown command "examples/cost-of-living.yaml" for "targeting score"`}, "targeting score"},
		{"missing pipeline argument", []string{"pipeline", "status"}, []string{"want 1 argument(s), got 0"}, "targeting pipeline status"},
		{"unknown flag", []string{"score", "--bogus"}, []string{"unknown flag: --bogus"}, "targeting score"},
		{"unknown shorthand flag", []string{"validate", "-x"}, []string{"unknown shorthand flag: 'x' in -x"}, "targeting validate"},
		{"unknown global flag", []string{"--bogus", "version"}, []string{"unknown flag: --bogus"}, "targeting"},
		{"malformed number", []string{"allocate", "--scenario", costOfLiving, "--out", "x", "--budget", "lots"}, []string{`invalid argument "lots" for "--budget" flag`}, "targeting allocate"},
		{"malformed bool", []string{"explain", "--json=maybe", "E01005088"}, []string{`invalid argument "maybe" for "--json" flag`}, "targeting explain"},
		{"flag without its value", []string{"validate", "--scenario"}, []string{"flag needs an argument: --scenario"}, "targeting validate"},
		{"bad --log-format", []string{"--log-format", "yaml", "version"}, []string{`--log-format "yaml": want text or json`}, "targeting version"},
		{"missing required flag", []string{"score", "--scenario", costOfLiving}, []string{"--scenario and --out are required"}, "targeting score"},
		{"missing required flags", []string{"aggregate"}, []string{"--extract, --mapping and --out are required"}, "targeting aggregate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := run(t, tc.args...)
			if code != exitConfig {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, exitConfig, stderr)
			}
			for _, w := range append(tc.want, "targeting: error: ", "Run '"+tc.help+" --help' for usage.") {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
		})
	}
}

// A bad scenario file or bad data is not a bad command line: no --help hint.
func TestNoHelpHintForBadFiles(t *testing.T) {
	_, stderr, code := run(t, "validate", "--scenario", "testdata/nope.yaml")
	if code != exitConfig || strings.Contains(stderr, "--help") {
		t.Errorf("exit %d, want %d without a --help hint:\n%s", code, exitConfig, stderr)
	}
}

// Every command says what arguments it takes: a command without an Args
// validator (and without subcommands) would accept any arguments silently.
func TestEveryCommandChecksArgs(t *testing.T) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Args == nil && !c.HasSubCommands() && c.Name() != "help" {
			t.Errorf("%s has no Args validator", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRootCmd())
}
