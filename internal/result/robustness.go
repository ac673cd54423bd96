package result

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Robustness is the result of a robustness run (`targeting robustness`,
// pipelines/analysis) as the exporters read it: how far each area's rank
// moves when the scenario's choices (weights, normalisation, aggregation)
// are perturbed. The analysis writes it as NAME_robustness.csv with the
// columns RobustnessColumns (and NAME_robustness.json with its settings);
// ReadRobustness reads that file back, so a briefing or notebook made later
// shows the same intervals. The file format is defined here once.
type Robustness struct {
	File     string   // where it was read from
	Draws    int      // perturbed scorings behind the intervals; 0 when not stated
	Varied   []string // what the draws varied, in words; may be empty
	Scenario string   // the scenario it was run on, when stated
	// Band: an area selected in more than Band and fewer than 1 - Band of
	// the draws has an uncertain selection; 0 means engine/uncertainty's
	// default, 0.05.
	Band  float64
	Areas map[string]RankInterval // by area code
}

// RankInterval is one area's rank over the perturbed runs.
type RankInterval struct {
	Median    float64 // median rank (1 = most in need)
	P5, P95   float64 // 5th and 95th percentile of the rank
	PSelected float64 // share of runs in which the area was selected, 0..1
}

// RobustnessColumns are the CSV's required columns, in the order written;
// the names are those of engine/uncertainty's per-area statistics. An
// optional "draws" column gives the number of draws (the same on every
// row). Other columns (rank, selected, uncertain) are ignored.
var RobustnessColumns = []string{ColAreaCode, "median_rank", "rank_p05", "rank_p95", "p_selected"}

// robustnessAliases are other spellings accepted on reading.
var robustnessAliases = map[string]string{"rank_p5": "rank_p05", "runs": "draws"}

// RobustnessPath is where a scenario's robustness result is looked for by
// default: <name>_robustness.csv in the folder of the outputs.
func RobustnessPath(dir, name string) string {
	return filepath.Join(dir, name+"_robustness.csv")
}

// FindRobustness reads path if it exists; (nil, nil) means "not run".
func FindRobustness(path string) (*Robustness, error) {
	r, err := ReadRobustness(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return r, err
}

// ReadRobustness reads a robustness CSV, as `targeting robustness --out`
// writes it, with the settings from the JSON written beside it
// (<name>_robustness.json: draws, what was varied, scenario) when present.
// Errors name the file, line and column, like the indicator loaders.
func ReadRobustness(path string) (*Robustness, error) {
	r, err := readRobustnessCSV(path)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(strings.TrimSuffix(path, ".csv") + ".json")
	if err != nil {
		return r, nil
	}
	var settings struct {
		Scenario string   `json:"scenario"`
		Draws    int      `json:"draws"`
		Varied   []string `json:"varied"`
		Band     float64  `json:"band"`
	}
	if err := json.Unmarshal(b, &settings); err != nil {
		return nil, fmt.Errorf("%s: %w", strings.TrimSuffix(path, ".csv")+".json", err)
	}
	if r.Draws == 0 {
		r.Draws = settings.Draws
	}
	r.Varied, r.Scenario = settings.Varied, settings.Scenario
	if settings.Band > 0 && settings.Band < 0.5 {
		r.Band = settings.Band
	}
	return r, nil
}

func readRobustnessCSV(path string) (*Robustness, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rd := csv.NewReader(f)
	rd.FieldsPerRecord = -1
	header, err := rd.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: reading header: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if a, ok := robustnessAliases[h]; ok {
			h = a
		}
		col[h] = i
	}
	for _, c := range RobustnessColumns {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s: missing column %q (want %s, optional draws)", path, c, strings.Join(RobustnessColumns, ", "))
		}
	}
	r := &Robustness{File: path, Areas: map[string]RankInterval{}}
	for line := 2; ; line++ {
		row, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		cell := func(name string) string {
			if i := col[name]; i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		num := func(name string) (float64, error) {
			v, err := strconv.ParseFloat(cell(name), 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("%s:%d: column %s: %q is not a number", path, line, name, cell(name))
			}
			return v, nil
		}
		code := cell(ColAreaCode)
		if code == "" {
			return nil, fmt.Errorf("%s:%d: column area_code is empty", path, line)
		}
		if _, dup := r.Areas[code]; dup {
			return nil, fmt.Errorf("%s:%d: area %s appears twice", path, line, code)
		}
		var iv RankInterval
		for _, p := range []struct {
			name string
			v    *float64
		}{{"median_rank", &iv.Median}, {"rank_p05", &iv.P5}, {"rank_p95", &iv.P95}, {"p_selected", &iv.PSelected}} {
			if *p.v, err = num(p.name); err != nil {
				return nil, err
			}
		}
		switch {
		case iv.P5 < 1 || !(iv.P5 <= iv.Median && iv.Median <= iv.P95):
			return nil, fmt.Errorf("%s:%d: area %s: want 1 <= rank_p05 <= median_rank <= rank_p95, got %g, %g, %g", path, line, code, iv.P5, iv.Median, iv.P95)
		case iv.PSelected < 0 || iv.PSelected > 1:
			return nil, fmt.Errorf("%s:%d: area %s: p_selected %g is not a share between 0 and 1", path, line, code, iv.PSelected)
		}
		if _, ok := col["draws"]; ok && cell("draws") != "" {
			n, err := strconv.Atoi(cell("draws"))
			if err != nil || n < 1 {
				return nil, fmt.Errorf("%s:%d: column draws: %q is not a positive whole number", path, line, cell("draws"))
			}
			r.Draws = n
		}
		r.Areas[code] = iv
	}
	if len(r.Areas) == 0 {
		return nil, fmt.Errorf("%s: no areas", path)
	}
	return r, nil
}

// BandInForce is the uncertainty band in force.
func (r *Robustness) BandInForce() float64 {
	if r.Band <= 0 || r.Band >= 0.5 {
		return 0.05
	}
	return r.Band
}

// Check makes sure the result belongs to this run: it is for the same
// scenario (when it says) and every area it names is one of the run's
// areas. Areas the result lacks are shown without interval.
func (r *Robustness) Check(scenario string, codes []string) error {
	if r.Scenario != "" && r.Scenario != scenario {
		return fmt.Errorf("%s: robustness result of scenario %q, not %q", r.File, r.Scenario, scenario)
	}
	known := make(map[string]bool, len(codes))
	for _, c := range codes {
		known[c] = true
	}
	for c := range r.Areas {
		if !known[c] {
			return fmt.Errorf("%s: area %s is not one of this scenario's areas (is it the robustness result of another scenario?)", r.File, c)
		}
	}
	return nil
}
