package scenario

import (
	"fmt"
	"maps"
	"math"
	"os"
	"regexp"
	"slices"

	"github.com/manchester-insight/targeting/engine"
	"github.com/manchester-insight/targeting/geo/format"
)

var (
	nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	idRE   = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// HasBoundaries reports whether the scenario has boundary files (a national
// table-only scenario need not).
func (s *Scenario) HasBoundaries() bool {
	b := s.Geography.Boundaries
	return b.Areas.File != "" || b.Wards.File != ""
}

// validate checks everything that can be checked without reading the data.
func (s *Scenario) validate() error {
	if s.Name == "" {
		return s.errAt("name", "is required (it names the output files)")
	}
	if !nameRE.MatchString(s.Name) {
		return s.errAt("name", "%q must be lower case letters, digits, - and _ (it names the output files)", s.Name)
	}
	if err := s.validateGeography(); err != nil {
		return err
	}
	if len(s.Sources) == 0 {
		return s.errAt("sources", "at least one source is required")
	}
	for _, id := range slices.Sorted(maps.Keys(s.Sources)) {
		src := s.Sources[id]
		key := "sources." + id
		if src == nil {
			return s.errAt(key, "is empty")
		}
		if err := s.fileExists(key+".file", src.File); err != nil {
			return err
		}
		if src.Code == "" {
			return s.errAt(key+".code", "is required: the column holding area codes")
		}
		if src.Vintage == "" {
			return s.errAt(key+".vintage", "is required: the geography of the codes (e.g. lsoa11, lsoa21)")
		}
		if src.Vintage != s.Geography.Areas && s.Geography.Vintages == "" {
			return s.errAt(key+".vintage", "is %s but the scenario scores %s: set geography.vintages to the LSOA 2011 <-> 2021 lookup", src.Vintage, s.Geography.Areas)
		}
		if d := src.Decimal; d != "" && d != "." && d != "," {
			return s.errAt(key+".decimal", "%q must be \".\" (the default) or \",\"", d)
		}
		if src.Pivot != nil && (src.Pivot.Key == "" || src.Pivot.Value == "") {
			return s.errAt(key+".pivot", "needs both key and value")
		}
	}
	if len(s.Indicators) == 0 {
		return s.errAt("indicators", "at least one indicator is required")
	}
	s.fillPCAWeights()
	seen := map[string]bool{}
	var wsum float64
	for i, ind := range s.Indicators {
		key := fmt.Sprintf("indicators[%d]", i)
		if ind == nil {
			return s.errAt(key, "is empty")
		}
		if err := s.validateIndicator(key, ind); err != nil {
			return err
		}
		if seen[ind.ID] {
			return s.errAt(key+".id", "%q is used twice", ind.ID)
		}
		seen[ind.ID] = true
		wsum += *ind.Weight
	}
	if wsum <= 0 {
		return s.errAt("indicators", "the weights sum to %g; at least one weight must be positive", wsum)
	}
	if err := s.validateDomains(seen); err != nil {
		return err
	}
	if err := s.CheckWeightSums(); err != nil {
		return err
	}
	if err := s.validateRobustness(); err != nil {
		return err
	}
	if c := s.Outputs.CRS; c != 0 && c != 27700 && c != 4326 {
		return s.errAt("outputs.crs", "%d must be 27700 (British National Grid) or 4326 (WGS84)", c)
	}
	if sm := s.Summary; sm != nil {
		if err := s.validateColumn("summary.rank", sm.Rank, true); err != nil {
			return err
		}
		for key, c := range map[string]Column{"summary.score": sm.Score, "summary.population": sm.Population, "summary.count": sm.Count} {
			if err := s.validateColumn(key, c, false); err != nil {
				return err
			}
		}
		if sm.N <= 0 {
			return s.errAt("summary.n", "is required: the number of areas ranked nationally (IoD 2019: 32844)")
		}
	}
	if err := s.validateTreat("treat", s.Treat); err != nil {
		return err
	}
	if err := s.validateBands(); err != nil {
		return err
	}
	if w := s.Ranking.Within; w != "" && w != "district" && w != "ward" {
		return s.errAt("ranking.within", "%q must be district or ward (or absent, for all areas)", w)
	}
	if err := s.validateAggregation("", s.Aggregation, s.AggregationP, s.Weights); err != nil {
		return err
	}
	if s.Selection != nil {
		if err := s.Selection.Rule().Validate(func(id string) bool { return seen[id] }); err != nil {
			return s.errAt("selection", "%v", err)
		}
	}
	for i, f := range s.Outputs.Formats {
		key := fmt.Sprintf("outputs.formats[%d]", i)
		ff, ok := format.Lookup(f)
		if !ok {
			return s.errAt(key, "%q is not one of %v", f, format.Names())
		}
		if ff.Geometry && !s.HasBoundaries() {
			return s.errAt(key, "%s writes map layers: set geography.boundaries, or write csv only", f)
		}
	}
	return nil
}

func (s *Scenario) validateGeography() error {
	g := s.Geography
	if g.Areas == "" {
		return s.errAt("geography.areas", "is required: the small-area geography scored (e.g. lsoa11)")
	}
	if err := s.fileExists("geography.lookup.file", g.Lookup.File); err != nil {
		return err
	}
	for key, v := range map[string]string{"area": g.Lookup.Area, "area_name": g.Lookup.AreaName,
		"ward": g.Lookup.Ward, "ward_name": g.Lookup.WardName, "district": g.Lookup.District} {
		if v == "" {
			return s.errAt("geography.lookup."+key, "is required: the lookup's column name")
		}
	}
	for key, l := range map[string]Layer{"areas": g.Boundaries.Areas, "wards": g.Boundaries.Wards} {
		if !s.HasBoundaries() {
			break // a table-only scenario (e.g. national): no layers
		}
		k := "geography.boundaries." + key
		if err := s.fileExists(k+".file", l.File); err != nil {
			return err
		}
		if l.Code == "" {
			return s.errAt(k+".code", "is required: the property holding the area code")
		}
	}
	if g.Vintages != "" {
		if err := s.fileExists("geography.vintages", g.Vintages); err != nil {
			return err
		}
	}
	for v, c := range g.Apportion {
		if err := s.validateColumn("geography.apportion."+v, c, true); err != nil {
			return err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(g.Groupings)) {
		gr := g.Groupings[name]
		key := "geography.groupings." + name
		if err := s.fileExists(key+".file", gr.File); err != nil {
			return err
		}
		if gr.Area == "" || gr.Group == "" {
			return s.errAt(key, "needs area and group: the lookup's column names")
		}
	}
	if ws := g.WardShares; ws != nil {
		if err := s.fileExists("geography.ward_shares.file", ws.File); err != nil {
			return err
		}
		if ws.Area == "" || ws.Ward == "" || ws.Share == "" {
			return s.errAt("geography.ward_shares", "needs area, ward and share: the file's column names")
		}
	}
	if g.Population.Source == "" || g.Population.Column == "" {
		return s.errAt("geography.population", "needs source and column: the population of each area")
	}
	if _, ok := s.Sources[g.Population.Source]; !ok {
		return s.errAt("geography.population.source", "%q is not a source of this scenario", g.Population.Source)
	}
	return nil
}

func (s *Scenario) validateDomains(indicatorIDs map[string]bool) error {
	domains := map[string]bool{}
	for i, d := range s.Domains {
		key := fmt.Sprintf("domains[%d]", i)
		if d == nil {
			return s.errAt(key, "is empty")
		}
		if !idRE.MatchString(d.ID) {
			return s.errAt(key+".id", "%q must be lower_snake_case (it names output fields)", d.ID)
		}
		if domains[d.ID] || indicatorIDs[d.ID] {
			return s.errAt(key+".id", "%q is already an indicator or domain id", d.ID)
		}
		domains[d.ID] = true
		if d.Weight == nil || math.IsNaN(*d.Weight) || *d.Weight < 0 {
			return s.errAt(key+".weight", "is required: a number >= 0")
		}
		if d.Aggregation == "" {
			d.Aggregation = string(engine.Arithmetic)
		}
		if err := s.validateAggregation(key+".", d.Aggregation, d.AggregationP, d.Weights); err != nil {
			return err
		}
		if n := d.Normalise; n != nil && !slices.Contains(engine.Methods, engine.Method(n.Method)) {
			return s.errAt(key+".normalise.method", "%q is not one of %v", n.Method, engine.Methods)
		}
	}
	used := map[string]bool{}
	for i, ind := range s.Indicators {
		if ind.Domain == "" {
			continue
		}
		if !domains[ind.Domain] {
			return s.errAt(fmt.Sprintf("indicators[%d].domain", i), "%q is not one of the scenario's domains", ind.Domain)
		}
		used[ind.Domain] = true
	}
	for i, d := range s.Domains {
		if !used[d.ID] {
			return s.errAt(fmt.Sprintf("domains[%d]", i), "domain %q has no indicators", d.ID)
		}
	}
	return nil
}

func (s *Scenario) validateIndicator(key string, ind *Indicator) error {
	if !idRE.MatchString(ind.ID) {
		return s.errAt(key+".id", "%q must be lower_snake_case (it names output fields)", ind.ID)
	}
	if _, ok := s.Sources[ind.Source]; !ok {
		return s.errAt(key+".source", "%q is not a source of this scenario", ind.Source)
	}
	hasValue := ind.Value != ""
	hasRate := len(ind.Numerator) > 0 || len(ind.Denominator) > 0
	switch {
	case hasValue && hasRate:
		return s.errAt(key, "give either value or numerator+denominator, not both")
	case !hasValue && !hasRate:
		return s.errAt(key+".value", "is required (or numerator and denominator)")
	case hasRate && (len(ind.Numerator) == 0 || len(ind.Denominator) == 0):
		return s.errAt(key, "a rate needs both numerator and denominator")
	}
	if ind.Kind != "" && !slices.Contains(Kinds, ind.Kind) {
		return s.errAt(key+".kind", "%q is not one of %v", ind.Kind, Kinds)
	}
	if ind.Kind != "" && ind.Value == "" {
		return s.errAt(key+".kind", "applies to a value column; numerator and denominator are counts")
	}
	for _, r := range append(slices.Clone(ind.Numerator), ind.Denominator...) {
		if r.Column == "" {
			return s.errAt(key, "a numerator or denominator column has no name")
		}
		if r.Source != "" {
			if _, ok := s.Sources[r.Source]; !ok {
				return s.errAt(key, "%q (in %s) is not a source of this scenario", r.Source, r)
			}
		}
	}
	if ind.Direction != "higher_is_worse" && ind.Direction != "higher_is_better" {
		return s.errAt(key+".direction", "%q must be higher_is_worse or higher_is_better", ind.Direction)
	}
	if ind.Weight == nil {
		return s.errAt(key+".weight", "is required")
	}
	if w := *ind.Weight; math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
		return s.errAt(key+".weight", "must be a number >= 0, got %g", w)
	}
	if ind.Normalise == nil {
		return s.errAt(key+".normalise", "is required, e.g. {method: percentile}")
	}
	n := ind.Normalise
	if !slices.Contains(engine.Methods, engine.Method(n.Method)) {
		return s.errAt(key+".normalise.method", "%q is not one of %v", n.Method, engine.Methods)
	}
	if n.Ranks != "" && n.Ranks != "national" {
		return s.errAt(key+".normalise.ranks", "%q: the only value is national", n.Ranks)
	}
	if n.Ranks == "national" && n.N <= 0 {
		return s.errAt(key+".normalise.n", "national ranks need n, the number of areas ranked nationally (IoD 2019: 32844; IoD 2025: 33755)")
	}
	if n.Method == string(engine.Distance) && n.Reference == 0 {
		return s.errAt(key+".normalise.reference", "distance needs a non-zero reference value")
	}
	if !slices.Contains([]string{"error", "median", "group_median", "drop"}, ind.Missing) {
		return s.errAt(key+".missing", "%q is not one of error, median, group_median, drop", ind.Missing)
	}
	if err := s.validateTreat(key+".treat", ind.Treat); err != nil {
		return err
	}
	return s.validateSmooth(key, ind)
}

// validateColumn checks a {source, column} reference.
func (s *Scenario) validateColumn(key string, c Column, required bool) error {
	if c.Source == "" && c.Column == "" && !required {
		return nil
	}
	if c.Source == "" || c.Column == "" {
		return s.errAt(key, "needs source and column")
	}
	if _, ok := s.Sources[c.Source]; !ok {
		return s.errAt(key+".source", "%q is not a source of this scenario", c.Source)
	}
	return nil
}

func (s *Scenario) fileExists(key, p string) error {
	if p == "" {
		return s.errAt(key, "is required")
	}
	if _, err := os.Stat(p); err != nil {
		return s.errAt(key, "file %s does not exist (paths are relative to the scenario file)", p)
	}
	return nil
}

// CheckWeightSums refuses weights that do not sum to 1 at a level (the
// composite's direct inputs; each domain's indicators) unless
// allow_weight_sum says they are meant as given (the IMD's sum to 0.999).
// The engine would use them as given; a typo should not pass silently.
func (s *Scenario) CheckWeightSums() error {
	if s.AllowWeightSum {
		return nil
	}
	sums := map[string]float64{}
	for _, ind := range s.Indicators {
		sums[ind.Domain] += *ind.Weight // "" is the composite
	}
	for _, d := range s.Domains {
		sums[""] += *d.Weight
	}
	for _, level := range slices.Sorted(maps.Keys(sums)) {
		if math.Abs(sums[level]-1) > 1e-9 {
			key, what := "indicators", "the composite's weights (indicators outside domains, and domains)"
			if level != "" {
				what = fmt.Sprintf("the weights of domain %q's indicators", level)
			}
			return s.errAt(key, "%s sum to %g, not 1: correct them, or set allow_weight_sum: true to use them as given", what, sums[level])
		}
	}
	return nil
}
