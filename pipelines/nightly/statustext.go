package nightly

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// maxListed caps the areas listed per step; the JSON form has them all.
const maxListed = 20

// WriteText writes the status for a person: runs, leftovers, the last
// failure and the selection changes between the last two runs.
func (s *StatusReport) WriteText(w io.Writer) {
	latest := s.Latest
	if latest == "" {
		latest = "(none: nothing published yet)"
	}
	fmt.Fprintf(w, "root    %s\nlatest  %s\n", s.Root, latest)
	if s.Lock != nil {
		state := "a run in progress"
		if !s.LockAlive {
			state = "stale: that process is gone; the next run takes the lock over"
		}
		fmt.Fprintf(w, "lock    pid %d on %s, run %s, since %s (%s)\n", s.Lock.PID, s.Lock.Host, s.Lock.Run,
			s.Lock.Since.Format("2006-01-02 15:04:05Z"), state)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "run\t\tstarted (UTC)\tseconds\tsteps\treused\toutputs\twarnings")
	for _, r := range s.Runs {
		mark := ""
		if r.Latest {
			mark = "latest"
		}
		if r.Error != "" {
			fmt.Fprintf(tw, "%s\t%s\tmanifest unreadable: %s\n", r.Run, mark, r.Error)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.1f\t%d\t%d\t%d\t%d\n", r.Run, mark, r.Started.Format("2006-01-02 15:04:05"),
			r.Seconds, r.Steps, r.Reused, r.Outputs, r.Warnings)
	}
	tw.Flush()
	if len(s.Runs) == 0 {
		fmt.Fprintln(w, "(no published runs)")
	}
	for _, d := range s.Incomplete {
		fmt.Fprintf(w, "incomplete: %s (a run that did not finish; the next run removes it)\n", d)
	}
	if f := s.LastFailure; f != nil {
		fmt.Fprintf(w, "\nlast failure: run %s at %s (%s): %s\n", f.Run, f.Failed.Format("2006-01-02 15:04:05Z"), f.Class, f.Error)
	}
	c := s.Changes
	if c == nil {
		fmt.Fprintln(w, "\nno earlier run to compare with")
		return
	}
	fmt.Fprintf(w, "\nchanges from %s to %s:\n", c.From, c.To)
	for _, st := range c.Steps {
		how := "reused"
		if st.Recomputed {
			how = "recomputed"
		}
		switch {
		case st.Note != "":
			fmt.Fprintf(w, "  %s: %s\n", st.Step, st.Note)
			continue
		case len(st.Entered) == 0 && len(st.Left) == 0:
			fmt.Fprintf(w, "  %s (%s): selection unchanged, %d areas\n", st.Step, how, st.After)
			continue
		}
		fmt.Fprintf(w, "  %s (%s): %d areas entered, %d left the selection (%d -> %d)\n", st.Step, how,
			len(st.Entered), len(st.Left), st.Before, st.After)
		listAreas(w, "+", st.Entered)
		listAreas(w, "-", st.Left)
	}
	for _, in := range c.Inputs {
		switch {
		case in.From == "":
			fmt.Fprintf(w, "  input added: %s\n", in.Path)
		case in.To == "":
			fmt.Fprintf(w, "  input no longer used: %s\n", in.Path)
		default:
			fmt.Fprintf(w, "  input changed: %s (sha256 %.12s -> %.12s)\n", in.Path, in.From, in.To)
		}
	}
}

func listAreas(w io.Writer, sign string, areas []Area) {
	for i, a := range areas {
		if i == maxListed {
			fmt.Fprintf(w, "      %s ... and %d more\n", sign, len(areas)-maxListed)
			return
		}
		fmt.Fprintf(w, "      %s %s  %s\n", sign, a.Code, a.Name)
	}
}
