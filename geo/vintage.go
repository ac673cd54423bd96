package geo

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/manchester-insight/targeting/internal/csvio"
)

// Vintages of LSOA codes that the exact-fit lookup converts between.
const (
	LSOA11 = "lsoa11"
	LSOA21 = "lsoa21"
)

// Kind says how a column converts between vintages.
type Kind int

const (
	// Rate columns (percentages, scores, ranks' transforms) are averaged:
	// a split copies the parent's rate to each child; a merge or an
	// irregular change takes the mean over the linked areas.
	Rate Kind = iota
	// Count columns (households, people) are apportioned: a split divides
	// the parent's count equally among its children, a merge sums the parents.
	// Apportioned counts are never summed into rates directly: rates are
	// recomputed from converted numerators and denominators. The last
	// target of a split takes the remainder, so the parts sum to the whole
	// exactly and a round trip returns the original counts.
	Count
	// Rank columns convert as rates (a split copies the parent's rank, a
	// merge takes the weighted mean position); the caller then re-ranks
	// the converted values (Rerank): ranks are never used averaged.
	Rank
)

// link is one row of the exact-fit lookup.
type link struct {
	lsoa11, lsoa21 string
	change         byte // U unchanged, S split, M merged, X irregular
}

// Vintages is the ONS LSOA 2011 <-> 2021 exact-fit lookup.
type Vintages struct {
	File  string
	links []link
	codes map[string]map[string]bool // vintage -> code set
}

// LoadVintages reads the lookup (columns lsoa11_code, lsoa21_code, change_code).
func LoadVintages(fs *csvio.Files, file string) (*Vintages, error) {
	rd, err := fs.NewReader(file)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	var at [3]int
	for i, c := range []string{"lsoa11_code", "lsoa21_code", "change_code"} {
		if at[i], err = rd.Index(c); err != nil {
			return nil, err
		}
	}
	v := &Vintages{File: file, codes: map[string]map[string]bool{LSOA11: {}, LSOA21: {}}}
	for {
		rec, line, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		l := link{lsoa11: rec[at[0]], lsoa21: rec[at[1]]}
		if cc := strings.TrimSpace(rec[at[2]]); len(cc) == 1 && strings.Contains("USMX", cc) {
			l.change = cc[0]
		} else {
			return nil, csvio.Errorf("%s: row %d, column \"change_code\": %q is not one of U, S, M, X", file, line, cc)
		}
		v.links = append(v.links, l)
		v.codes[LSOA11][l.lsoa11] = true
		v.codes[LSOA21][l.lsoa21] = true
	}
	return v, nil
}

// Known reports whether the vintage is one this lookup knows.
func (v *Vintages) Known(vintage string) bool { _, ok := v.codes[vintage]; return ok }

// Check finds the first code that is not of the given vintage and says which
// vintage it is (a common mistake: a 2021-census file in a 2011 scenario).
// It returns the index of the bad code and a message, or -1.
func (v *Vintages) Check(codes []string, vintage string) (int, string) {
	set, ok := v.codes[vintage]
	if !ok {
		return -1, ""
	}
	for i, c := range codes {
		if set[c] {
			continue
		}
		for other, s := range v.codes {
			if other != vintage && s[c] {
				return i, fmt.Sprintf("%s is an %s code, not %s: the file's codes are from a different geography vintage than declared", c, vintageName(other), vintageName(vintage))
			}
		}
		return i, fmt.Sprintf("%s is not an %s code", c, vintageName(vintage))
	}
	return -1, ""
}

func vintageName(v string) string {
	switch v {
	case LSOA11:
		return "LSOA 2011"
	case LSOA21:
		return "LSOA 2021"
	}
	return v
}

// Targets lists, sorted, every code of vintage to linked from one of codes
// (of vintage from): the areas a whole file converts to.
func (v *Vintages) Targets(from, to string, codes []string) []string {
	have := make(map[string]bool, len(codes))
	for _, c := range codes {
		have[c] = true
	}
	out := map[string]bool{}
	for _, l := range v.links {
		s, t := l.lsoa11, l.lsoa21
		if from == LSOA21 {
			s, t = t, s
		}
		if have[s] {
			out[t] = true
		}
	}
	return slices.Sorted(maps.Keys(out))
}

// Rerank ranks values ascending (rank 1 = the lowest value, as rank 1 is
// the most deprived in the IoD's ranks), ties broken by code; NaN stays
// NaN and is not counted. It returns the ranks and how many were ranked.
func Rerank(codes []string, values []float64) ([]float64, int) {
	order := make([]int, 0, len(values))
	for i, x := range values {
		if !math.IsNaN(x) {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		if values[a] != values[b] {
			if values[a] < values[b] {
				return -1
			}
			return 1
		}
		return strings.Compare(codes[a], codes[b])
	})
	out := make([]float64, len(values))
	for i := range out {
		out[i] = math.NaN()
	}
	for r, i := range order {
		out[i] = float64(r + 1)
	}
	return out, len(order)
}

// Conversion records what a vintage conversion did, for the run report.
type Conversion struct {
	From, To    string
	Lookup      string
	Apportioned []string // target codes built from a split, merge or irregular change
}

// Convert converts columns (one value per source code) from one vintage to
// another for the target codes. kinds gives each column's Kind. A target code
// with no linked source value is NaN (the engine's missing-data policy decides).
//
// weights, optional, maps a vintage to each code's population. A source code
// linked to several targets (a split, or an irregular change) gives each
// target a share of its counts proportional to the target's weight (equal
// shares without weights); a target's rate is the mean of its sources' rates
// weighted by share x source weight. Each source's shares sum to 1, so
// counts, and people, are conserved.
func (v *Vintages) Convert(from, to string, codes []string, cols [][]float64, kinds []Kind, targets []string, weights map[string]map[string]float64) ([][]float64, Conversion, error) {
	conv := Conversion{From: from, To: to, Lookup: v.File}
	if !v.Known(from) || !v.Known(to) {
		return nil, conv, csvio.Errorf("no conversion from %q to %q (the lookup converts lsoa11 <-> lsoa21)", from, to)
	}
	code := func(l link, vintage string) string {
		if vintage == LSOA11 {
			return l.lsoa11
		}
		return l.lsoa21
	}
	row := make(map[string]int, len(codes))
	for i, c := range codes {
		row[c] = i
	}
	tgt := make(map[string]int, len(targets))
	for i, c := range targets {
		tgt[c] = i
	}
	tw, sw := weights[to], weights[from]
	weightOf := func(w map[string]float64, c string) (float64, bool) {
		x, ok := w[c]
		return x, ok && x > 0 && !math.IsNaN(x)
	}
	// Each source's total target weight, or its number of targets where a
	// target has no weight (then shares are equal).
	type fan struct {
		wsum     float64
		n        int
		weighted bool
	}
	fans := map[string]*fan{}
	for _, l := range v.links {
		s := code(l, from)
		f := fans[s]
		if f == nil {
			f = &fan{weighted: true}
			fans[s] = f
		}
		f.n++
		w, ok := weightOf(tw, code(l, to))
		f.weighted = f.weighted && ok
		f.wsum += w
	}
	// The last link of each source takes the remainder of its counts.
	last := map[string]int{}
	for i, l := range v.links {
		last[code(l, from)] = i
	}
	given := make([]map[string]float64, len(cols)) // counts given so far, by source
	for k := range cols {
		given[k] = map[string]float64{}
	}
	out := make([][]float64, len(cols))
	wsum := make([][]float64, len(cols))
	for k := range cols {
		out[k] = make([]float64, len(targets))
		wsum[k] = make([]float64, len(targets))
	}
	apportioned := map[string]bool{}
	for i, l := range v.links {
		src, dst := code(l, from), code(l, to)
		s, ok := row[src]
		if !ok {
			continue
		}
		f := fans[src]
		share := 1 / float64(f.n)
		if f.weighted && tw != nil {
			w, _ := weightOf(tw, dst)
			share = w / f.wsum
		}
		t, inTargets := tgt[dst]
		if inTargets && l.change != 'U' {
			apportioned[dst] = true
		}
		rateW := share
		if w, ok := weightOf(sw, src); ok {
			rateW = share * w
		}
		for k, col := range cols {
			x := col[s]
			if math.IsNaN(x) {
				continue
			}
			if kinds[k] == Count {
				part := share * x
				if i == last[src] {
					part = x - given[k][src]
				}
				given[k][src] += part
				if inTargets {
					out[k][t] += part
					wsum[k][t] += share
				}
			} else if inTargets {
				out[k][t] += rateW * x
				wsum[k][t] += rateW
			}
		}
	}
	for k := range cols {
		for t := range targets {
			switch {
			case wsum[k][t] == 0:
				out[k][t] = math.NaN()
			case kinds[k] != Count:
				out[k][t] /= wsum[k][t]
			}
		}
	}
	conv.Apportioned = slices.Sorted(maps.Keys(apportioned))
	return out, conv, nil
}
