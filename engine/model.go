package engine

// Direction says which way an indicator's raw values point.
type Direction int

const (
	// HigherIsWorse: a larger value means more need (e.g. % fuel poor).
	HigherIsWorse Direction = iota
	// HigherIsBetter: a larger value means less need (e.g. a published
	// deprivation rank where 1 is the most deprived).
	HigherIsBetter
)

// Method names a normalisation.
type Method string

// Normalisation methods. Every method returns "higher = more need".
const (
	None        Method = "none"        // raw value (negated when higher is better)
	Rank        Method = "rank"        // 1..n, n = most need, ties get the mean rank
	Percentile  Method = "percentile"  // 100 * rank / n
	ZScore      Method = "zscore"      // (x - mean) / sd, sd with n - 1
	MinMax      Method = "minmax"      // 0..100 over the areas
	Log         Method = "log"         // ln(1 + x), x > -1
	Distance    Method = "distance"    // 100 * (x - ref) / |ref|
	Exponential Method = "exponential" // the IoD exponential transformation, 0..100
)

// Methods lists the normalisation methods, for validation and help text.
var Methods = []Method{None, Rank, Percentile, ZScore, MinMax, Log, Distance, Exponential}

// Normalisation is one indicator's normalisation step.
type Normalisation struct {
	Method Method
	// Reference is the reference value for Distance.
	Reference float64
	// RankInput (Exponential only) says the raw values are already ranks where
	// 1 = most in need, out of N areas nationally (a council file holds only
	// its own areas but carries national ranks). When false, the values are
	// ranked by need among the areas given and N is their count.
	RankInput bool
	N         int
}

// Missing is the policy for an area with no value for an indicator.
type Missing string

const (
	MissingError       Missing = "error"        // default: refuse to score
	MissingMedian      Missing = "median"       // impute the median of all areas
	MissingGroupMedian Missing = "group_median" // impute the median of the area's group (e.g. ward)
	MissingDrop        Missing = "drop"         // leave the area out, with a warning
)

// Indicator is one input to the composite.
type Indicator struct {
	ID        string
	Direction Direction
	Norm      Normalisation
	Weight    float64
	Missing   Missing
	// Treat, when set, treats outliers before normalising (treat.go).
	Treat *Treatment
	// Domain, when set, nests the indicator in a domain of Model.Domains;
	// its Weight is then its weight within the domain.
	Domain string
}

// Domain is a level between indicators and the composite (e.g. the IMD's
// Income domain over its sub-domains, or the Living Environment domain over
// "indoors" and "outdoors"). Its indicators aggregate with Aggregation and
// Weight within the domain; the domain score may then be normalised again
// (the IoD ranks each domain score and exponentially transforms it) before
// entering the composite with Weight.
type Domain struct {
	ID          string
	Weight      float64
	Aggregation Aggregation
	Norm        *Normalisation
	// P is the power of a Generalised aggregation.
	P float64
	// WeightsPCA replaces the weights of the domain's indicators by PCA
	// weights (PCAWeights).
	WeightsPCA bool
}

// Aggregation names how normalised indicators combine.
type Aggregation string

const (
	// Arithmetic is the weighted sum Σ w·x with weights taken as given; with
	// weights summing to 1 it is the weighted mean. The IMD rule (a weighted
	// sum of exponentially transformed domains) is Arithmetic over
	// Exponential-normalised indicators.
	Arithmetic Aggregation = "arithmetic"
	// Geometric is Π x^(w / Σw); it needs every normalised value > 0.
	Geometric Aggregation = "geometric"
	// Harmonic is Σw / Σ (w / x), the generalised mean with p = -1; it needs
	// every normalised value > 0.
	Harmonic Aggregation = "harmonic"
	// Generalised is the power mean (Σ w x^p / Σw)^(1/p) with the level's
	// P (P = 0: Geometric; 1: the weighted mean; -1: Harmonic); for
	// p <= 0 it needs every value > 0, for p > 0 every value >= 0.
	Generalised Aggregation = "generalised"
	// Copeland is the Copeland outranking score (COINr a_copeland, the
	// Handbook's non-compensatory aggregation): area a beats area b when the
	// weights of the inputs on which a is higher, plus half those of ties,
	// exceed half the total; the score is wins minus losses, so between
	// -(n-1) and n-1. It compares every pair of areas: O(n² k).
	Copeland Aggregation = "copeland"
)

// Aggregations lists the aggregations, for validation and help text.
var Aggregations = []Aggregation{Arithmetic, Geometric, Harmonic, Generalised, Copeland}

// Model is a complete composite-indicator specification.
type Model struct {
	Indicators  []Indicator
	Domains     []Domain
	Aggregation Aggregation
	Selection   *Rule
	// Bands says what deciles, quintiles and percentiles hold equal shares
	// of: areas ("" or BandAreas) or residents (BandPopulation, which
	// needs the input column ColPopulation). Selection by max_decile uses
	// the same deciles.
	Bands BandWeight
	// P is the power of a Generalised aggregation of the composite.
	P float64
	// WeightsPCA replaces the weights of the composite's direct inputs
	// (indicators outside domains, and domains) by PCA weights.
	WeightsPCA bool
	// AllowWeightSum silences the warning when weights do not sum to 1.
	AllowWeightSum bool
}
