// Package nightly runs a pipeline file: the nightly batch that recomputes
// every scenario and publishes the results so that readers only ever see a
// complete run. If anything fails, the previous good run stays published
// and ROOT/last-failure.json says why.
//
// A pipeline file lists inputs (files with format and vintage, checked
// before anything is computed), steps (`kind: score` scores a scenario;
// other kinds plug into the same runner), the output root and retention.
//
// A run: take the root's lock (exit 4 if held; a stale lock from a dead
// run is taken over), hash and check every input, run each step into
// ROOT/.staging/<run>/<step>/ — or, when the step's inputs, settings and
// the engine version are unchanged since the published run, hard-link its
// outputs from there — write manifest.json, rename the staging folder into
// ROOT/runs/<run>, switch ROOT/latest to it by renaming a new symlink over
// it, and prune old runs. See publish.go for why each step is atomic.
package nightly
