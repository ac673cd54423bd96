package main

import (
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfiles writes a CPU profile to $TARGETING_CPUPROFILE and, when
// the returned function runs at exit, a heap (allocation) profile to
// $TARGETING_MEMPROFILE: for `go tool pprof` when measuring a whole
// command the way a user runs it (README.md, Performance). Unset: nothing.
func startProfiles() (stop func()) {
	var cpu *os.File
	if p := os.Getenv("TARGETING_CPUPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil && pprof.StartCPUProfile(f) == nil {
			cpu = f
		}
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if p := os.Getenv("TARGETING_MEMPROFILE"); p != "" {
			if f, err := os.Create(p); err == nil {
				runtime.GC()
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}
	}
}
