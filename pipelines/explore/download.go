package explore

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/internal/yamlerr"
	notebooksexport "github.com/manchester-insight/targeting/notebooks-export"
	"github.com/manchester-insight/targeting/pipelines/score"
)

// weightLine is a block-style "weight: 0.3  # comment" line.
var weightLine = regexp.MustCompile(`^(\s*(?:-\s+)?weight:\s*)([^\s#]+)(\s*(?:#.*)?)$`)

// ScenarioYAML is the scenario file with the changed scenario's weights and
// selection rule written into its text: the lines that change are edited
// in place, so the comments and layout of the file survive. The result is
// checked by parsing it again (scenario.Parse at the original path, so its
// relative file names resolve as before) and comparing the model.
func (s *Server) ScenarioYAML(c *scenario.Scenario) ([]byte, *scenario.Scenario, error) {
	text := string(s.sc.Text)
	lines := strings.SplitAfter(text, "\n")
	set := func(key string, old, w float64) error {
		if old == w {
			return nil
		}
		n := yamlerr.Line(s.sc.Text, key)
		if n < 1 || n > len(lines) {
			return fmt.Errorf("%s: cannot find its line in %s", key, s.sc.Path)
		}
		l := strings.TrimRight(lines[n-1], "\r\n")
		m := weightLine.FindStringSubmatch(l)
		if m == nil {
			return fmt.Errorf("%s:%d: %s is not a block-style 'weight: N' line; edit the file by hand", s.sc.Path, n, key)
		}
		lines[n-1] = m[1] + strconv.FormatFloat(w, 'g', -1, 64) + m[3] + lines[n-1][len(l):]
		return nil
	}
	for i, ind := range c.Indicators {
		if err := set(fmt.Sprintf("indicators[%d].weight", i), *s.sc.Indicators[i].Weight, *ind.Weight); err != nil {
			return nil, nil, err
		}
	}
	for i, d := range c.Domains {
		if err := set(fmt.Sprintf("domains[%d].weight", i), *s.sc.Domains[i].Weight, *d.Weight); err != nil {
			return nil, nil, err
		}
	}
	if c.Selection != s.sc.Selection {
		sel := []string{"selection:\n"}
		r := c.Selection
		switch {
		case r.TopN > 0:
			sel = append(sel, fmt.Sprintf("  top_n: %d\n", r.TopN))
		case r.TopPercent > 0:
			sel = append(sel, fmt.Sprintf("  top_percent: %s\n", strconv.FormatFloat(r.TopPercent, 'g', -1, 64)))
		case r.MaxDecile > 0:
			sel = append(sel, fmt.Sprintf("  max_decile: %d\n", r.MaxDecile))
		}
		start := yamlerr.Line(s.sc.Text, "selection")
		if start > 0 && strings.HasPrefix(lines[start-1], "selection:") {
			end := start
			for end < len(lines) {
				l := lines[end]
				t := strings.TrimSpace(l)
				if t != "" && !strings.HasPrefix(t, "#") && l[0] != ' ' && l[0] != '\t' && l[0] != '-' {
					break
				}
				end++
			}
			// Keep the comments and blank lines that lead into the next key.
			for end > start && (strings.TrimSpace(lines[end-1]) == "" || strings.HasPrefix(lines[end-1], "#")) {
				end--
			}
			lines = slices.Concat(lines[:start-1], sel, lines[end:])
		} else {
			if len(lines) > 0 && !strings.HasSuffix(lines[len(lines)-1], "\n") {
				lines[len(lines)-1] += "\n"
			}
			lines = append(lines, sel...)
		}
	}
	out := []byte(fmt.Sprintf("# Weights and selection set in `targeting explore` from %s.\n", filepath.Base(s.sc.Path)) + strings.Join(lines, ""))
	if !c.AllowWeightSum && c.CheckWeightSums() != nil {
		// Weights moved on the page need not sum to 1: say that they are
		// meant as given, as the page used them.
		if !bytes.HasSuffix(out, []byte("\n")) {
			out = append(out, '\n')
		}
		out = append(out, "allow_weight_sum: true          # the weights as set in targeting explore\n"...)
		c.AllowWeightSum = true
	}
	back, err := scenario.Parse(s.sc.Path, out)
	if err != nil {
		return nil, nil, fmt.Errorf("the edited scenario does not load: %w", err)
	}
	if err := sameModel(back, c); err != nil {
		return nil, nil, err
	}
	return out, back, nil
}

// sameModel checks that a re-read scenario scores like the page's.
func sameModel(a, b *scenario.Scenario) error {
	ma, mb := a.Model(), b.Model()
	for i := range ma.Indicators {
		if ma.Indicators[i].Weight != mb.Indicators[i].Weight {
			return fmt.Errorf("edited scenario: indicator %s weight %g, want %g", ma.Indicators[i].ID, ma.Indicators[i].Weight, mb.Indicators[i].Weight)
		}
	}
	for i := range ma.Domains {
		if ma.Domains[i].Weight != mb.Domains[i].Weight {
			return fmt.Errorf("edited scenario: domain %s weight %g, want %g", ma.Domains[i].ID, ma.Domains[i].Weight, mb.Domains[i].Weight)
		}
	}
	if (ma.Selection == nil) != (mb.Selection == nil) || (ma.Selection != nil && ma.Selection.String() != mb.Selection.String()) {
		return fmt.Errorf("edited scenario: the selection rule did not survive the edit")
	}
	return nil
}

func attachment(w http.ResponseWriter, ctype, name string) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
}

func (s *Server) serveScenario(w http.ResponseWriter, req *Request) error {
	c, err := s.Apply(req)
	if err != nil {
		return err
	}
	text, _, err := s.ScenarioYAML(c)
	if err != nil {
		return err
	}
	attachment(w, "application/yaml", s.sc.Name+"-explore.yaml")
	_, err = w.Write(text)
	return err
}

func (s *Server) serveTable(w http.ResponseWriter, req *Request) error {
	r, err := s.Recompute(req)
	if err != nil {
		return err
	}
	order := make([]int, len(s.codes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ra, rb := r.rank[a], r.rank[b]
		if ra < 0 {
			ra = 1 << 62
		}
		if rb < 0 {
			rb = 1 << 62
		}
		return int(ra - rb)
	})
	attachment(w, "text/csv; charset=utf-8", s.sc.Name+"-explore.csv")
	cw := csv.NewWriter(w)
	head := []string{"rank", "area_code", "area_name", "ward_code", "ward_name", "population", "score", "decile", "selected", "change"}
	if s.rob != nil {
		head = append(head, "median_rank", "rank_p05", "rank_p95", "p_selected")
	}
	cw.Write(head)
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, i := range order {
		change := ""
		switch {
		case r.selected[i] && !s.baseSelected[i]:
			change = "entering"
		case !r.selected[i] && s.baseSelected[i]:
			change = "leaving"
		}
		row := []string{strconv.FormatInt(r.rank[i], 10), s.codes[i], s.names[i], s.wards[i], s.wardNames[i], f(s.pop[i]),
			f(r.score[i]), strconv.FormatInt(r.decile[i], 10), strconv.FormatBool(r.selected[i]), change}
		if r.rank[i] < 0 {
			row[0], row[6], row[7] = "", "", ""
		}
		if s.rob != nil {
			iv, ok := s.rob.Areas[s.codes[i]]
			if ok {
				row = append(row, f(iv.Median), f(iv.P5), f(iv.P95), f(iv.PSelected))
			} else {
				row = append(row, "", "", "", "")
			}
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// serveBriefing writes notebooks-export's HTML briefing for the current
// settings: the edited scenario file is parsed and scored as `targeting
// report` would (on the inputs read at start), so the report's provenance
// names the edited file's SHA-256. Robustness intervals belong to the
// scenario as written, so they are left out of a briefing of other weights.
func (s *Server) serveBriefing(w http.ResponseWriter, req *Request) error {
	c, err := s.Apply(req)
	if err != nil {
		return err
	}
	_, back, err := s.ScenarioYAML(c)
	if err != nil {
		return err
	}
	res, err := score.Compute(back, s.in, discard)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "targeting-explore-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "briefing.html")
	if err := notebooksexport.WriteReport(res, path, notebooksexport.Options{}); err != nil {
		return err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	attachment(w, "text/html; charset=utf-8", s.sc.Name+"-explore-briefing.html")
	_, err = w.Write(b)
	return err
}
