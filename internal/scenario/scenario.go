// Package scenario reads and validates a targeting scenario file (YAML): which
// areas, which indicators from which files, how each is normalised and
// weighted, how they aggregate, which areas are selected, and what to write.
//
// File paths in a scenario are relative to the scenario file, so a scenario
// and its data travel together. Every problem is reported with the file, the
// line and the key, e.g. `examples/x.yaml:41: indicators[2].weight: ...`.
package scenario

// Scenario is a parsed scenario file. Field tags are the YAML keys.
type Scenario struct {
	Name        string             `yaml:"name"`
	Title       string             `yaml:"title"`
	Description string             `yaml:"description"`
	Geography   Geography          `yaml:"geography"`
	Sources     map[string]*Source `yaml:"sources"`
	Indicators  []*Indicator       `yaml:"indicators"`
	Domains     []*Domain          `yaml:"domains"`
	Ranking     Ranking            `yaml:"ranking"`
	Bands       *Bands             `yaml:"bands"` // optional (bands.go)
	Treat       *Treat             `yaml:"treat"` // default outlier treatment (treat.go)
	Summary     *Summary           `yaml:"summary"`
	Aggregation string             `yaml:"aggregation"`
	// AggregationP is the power of aggregation: generalised; Weights is
	// "" or pca (aggregation.go).
	AggregationP float64 `yaml:"aggregation_p"`
	Weights      string  `yaml:"weights"`
	// AllowWeightSum accepts weights that do not sum to 1 without a warning.
	AllowWeightSum bool       `yaml:"allow_weight_sum"`
	Selection      *Selection `yaml:"selection"`
	Outputs        Outputs    `yaml:"outputs"`

	// Robustness configures `targeting robustness` (optional; robustness.go).
	Robustness *Robustness `yaml:"robustness"`

	// Path is the scenario file's path (set by Load, not read from YAML).
	Path string `yaml:"-"`
	// Text is the scenario file's bytes, for provenance.
	Text []byte `yaml:"-"`
}

// Geography says which small areas are scored and how they group into wards.
type Geography struct {
	Areas      string     `yaml:"areas"`  // vintage of the areas, e.g. lsoa11
	Within     string     `yaml:"within"` // district code, e.g. E08000003 (Manchester)
	Lookup     Lookup     `yaml:"lookup"`
	Boundaries Boundaries `yaml:"boundaries"`
	Vintages   string     `yaml:"vintages"` // LSOA 2011 <-> 2021 lookup file
	// Apportion gives, per vintage, a population column used to split counts
	// between vintages and to weight rates (default: equal shares).
	Apportion map[string]Column `yaml:"apportion"`
	// Groupings are extra ways to group areas for summaries (e.g. msoa),
	// each a lookup from area code to group code.
	Groupings map[string]Grouping `yaml:"groupings"`
	// WardShares, optional, splits areas between wards by population (e.g.
	// built from OA-level populations) for `summarise --apportion population`.
	WardShares *WardShares `yaml:"ward_shares"`
	Population Column      `yaml:"population"`
	// Attribution is the licence line for the lookups and boundaries.
	Attribution string `yaml:"attribution"`
}

// Lookup is a best-fit small-area -> ward -> district lookup file.
type Lookup struct {
	File     string `yaml:"file"`
	Area     string `yaml:"area"`
	AreaName string `yaml:"area_name"`
	Ward     string `yaml:"ward"`
	WardName string `yaml:"ward_name"`
	District string `yaml:"district"`
	// DistrictName is optional: the district's name, for summaries.
	DistrictName string `yaml:"district_name"`
}

// Grouping is a lookup file from area codes to group codes (and names).
// Several rows per area are allowed when they agree (e.g. an OA-level file
// listing each LSOA's MSOA once per OA).
type Grouping struct {
	File      string `yaml:"file"`
	Area      string `yaml:"area"`
	Group     string `yaml:"group"`
	GroupName string `yaml:"group_name"`
}

// WardShares is a lookup with one row per (area, ward) pair and the share
// (or number) of the area's people living in that ward.
type WardShares struct {
	File     string `yaml:"file"`
	Area     string `yaml:"area"`
	Ward     string `yaml:"ward"`
	WardName string `yaml:"ward_name"`
	Share    string `yaml:"share"`
}

// Summary names the ranked index that `targeting summarise` summarises.
// Without it the scenario's own composite is summarised (ranks among the
// scenario's areas, N = their number).
type Summary struct {
	Rank  Column `yaml:"rank"`  // national rank, 1 = most deprived
	Score Column `yaml:"score"` // optional
	N     int    `yaml:"n"`     // areas ranked nationally
	// Population is the index's own denominator (total population for the
	// IMD; working-age for Employment; 0-15 for IDACI; 60+ for IDAOPI).
	// Default: geography.population.
	Population Column `yaml:"population"`
	// Count is optional: a count (e.g. people income deprived) whose sum is
	// the "scale" measure.
	Count Column `yaml:"count"`
}

// Boundaries are polygon files for areas and wards (GeoJSON, WGS84).
type Boundaries struct {
	Areas Layer `yaml:"areas"`
	Wards Layer `yaml:"wards"`
}

// Layer is a boundary file and its code property.
type Layer struct {
	File string `yaml:"file"`
	Code string `yaml:"code"`
}

// Column is one column of a named source.
type Column struct {
	Source string `yaml:"source"`
	Column string `yaml:"column"`
}

// Source is an indicator file.
type Source struct {
	File    string `yaml:"file"`
	Code    string `yaml:"code"`
	Vintage string `yaml:"vintage"`
	Pivot   *Pivot `yaml:"pivot"`
	// NA lists the tokens that mean "no value" besides a blank cell, e.g.
	// ["..", "c"]; gss stands for the ONS/GSS symbols ([c], [x], *, .., ...).
	NA []string `yaml:"na"`
	// Decimal is the decimal separator: "." (default; commas may only group
	// thousands) or "," (as European-locale spreadsheets export).
	Decimal string `yaml:"decimal"`
	// Percent allows values written with a trailing % (84% reads as 84).
	Percent     bool   `yaml:"percent"`
	Title       string `yaml:"title"`
	Publisher   string `yaml:"publisher"`
	Licence     string `yaml:"licence"`
	Attribution string `yaml:"attribution"`
	// Synthetic marks a source made by a generator, not a real extract.
	Synthetic bool `yaml:"synthetic"`
}

// Pivot reads a long-format source: Key is the category column, Value the number.
type Pivot struct {
	Key   string `yaml:"key"`
	Value string `yaml:"value"`
}

// Indicator is one scored indicator. Its value is either one column
// (value) or a rate built from counts: scale * Σ numerator / Σ denominator.
type Indicator struct {
	ID          string         `yaml:"id"`
	Label       string         `yaml:"label"`
	Source      string         `yaml:"source"`
	Value       string         `yaml:"value"`
	Numerator   Columns        `yaml:"numerator"`
	Denominator Columns        `yaml:"denominator"`
	Scale       float64        `yaml:"scale"`
	Unit        string         `yaml:"unit"`
	Direction   string         `yaml:"direction"` // higher_is_worse | higher_is_better
	Normalise   *Normalisation `yaml:"normalise"`
	Weight      *float64       `yaml:"weight"`
	Missing     string         `yaml:"missing"` // error | median | group_median | drop
	// Domain nests the indicator in one of the scenario's domains; Weight is
	// then its weight within the domain.
	Domain string `yaml:"domain"`
	// Kind says what the value column measures, which decides how it
	// converts between LSOA vintages: count (apportioned on a split, summed
	// on a merge), rate, share or score (population-weighted means), or rank
	// (converted as positions, then re-ranked). Default: rank when the
	// indicator normalises national ranks, else rate (see KindOf).
	Kind string `yaml:"kind"`
	// Smooth shrinks a rate built from counts (smooth.go).
	Smooth *Smooth `yaml:"smooth"`
	Treat  *Treat  `yaml:"treat"` // outlier treatment (treat.go)
}

// Kinds are the measure kinds an indicator's value may declare.
var Kinds = []string{"count", "rate", "share", "score", "rank"}

// KindOf is the indicator's measure kind and whether it was declared.
func (ind *Indicator) KindOf() (kind string, declared bool) {
	switch {
	case ind.Kind != "":
		return ind.Kind, true
	case ind.Value == "":
		return "rate", false // built from counts, converted as counts
	case ind.Normalise != nil && ind.Normalise.Ranks == "national":
		return "rank", false
	}
	return "rate", false
}

// Domain is a level between indicators and the composite (sub-domain ->
// domain -> index): its indicators aggregate into a domain score, which may
// be normalised again before entering the composite with Weight.
type Domain struct {
	ID          string         `yaml:"id"`
	Label       string         `yaml:"label"`
	Weight      *float64       `yaml:"weight"`
	Aggregation string         `yaml:"aggregation"`
	Normalise   *Normalisation `yaml:"normalise"`
	// AggregationP and Weights as at the top level (aggregation.go).
	AggregationP float64 `yaml:"aggregation_p"`
	Weights      string  `yaml:"weights"`
}

// Ranking chooses the reference set for ranks, bands and selection.
type Ranking struct {
	// Within is "" (all areas in the scenario), "district" or "ward".
	Within string `yaml:"within"`
}

// Normalisation is an indicator's normalisation step.
type Normalisation struct {
	Method    string  `yaml:"method"`
	Reference float64 `yaml:"reference"` // for distance
	// Ranks: "national" means the values are published national ranks
	// (1 = most deprived) out of N; used by exponential.
	Ranks string `yaml:"ranks"`
	N     int    `yaml:"n"`
}

// Selection is a selection rule; see engine.Rule.
type Selection struct {
	TopN       int          `yaml:"top_n"`
	TopPercent float64      `yaml:"top_percent"`
	MinScore   *float64     `yaml:"min_score"`
	MaxDecile  int          `yaml:"max_decile"`
	Indicator  string       `yaml:"indicator"`
	Any        []*Selection `yaml:"any"`
	All        []*Selection `yaml:"all"`
}

// Outputs says what to write.
type Outputs struct {
	Formats []string `yaml:"formats"` // gpkg, geoparquet, fgb, geojson, csv
	// CRS of the GeoPackage, FlatGeobuf and GeoParquet layers: 27700
	// (default) or 4326. GeoJSON is always WGS84 (RFC 7946).
	CRS int `yaml:"crs"`
	// Summaries lists groupings (ward, lad, a geography.groupings name, or a
	// lookup column) whose IoD summary measures `score` also writes, as
	// <name>_<grouping>_summary.csv.
	Summaries []string `yaml:"summaries"`
}

// Slug is the file-name stem for outputs: the scenario name.
func (s *Scenario) Slug() string { return s.Name }
