package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/paulmach/orb"

	"github.com/manchester-insight/targeting/geo/assign"
	"github.com/manchester-insight/targeting/geo/crs"
)

// Area is one small area the generator places households in.
type Area struct {
	Code string
	Geom orb.Geometry // WGS84 lon/lat, Polygon or MultiPolygon
	// Denominators (people and households living in the area).
	Population, Children, Older, Households float64
	// Income is the IoD 2019 income domain score, exponentially
	// transformed (0-100, higher = more income-deprived).
	Income float64
}

// Location kinds for Options.Location.
const (
	LocMixed    = "mixed"    // each row one of: LSOA code, postcode key, easting/northing
	LocLSOA     = "lsoa"     // LSOA code
	LocPostcode = "postcode" // postcode-like key (with a lookup file)
	LocBNG      = "bng"      // easting/northing, EPSG:27700, whole metres
	LocLonLat   = "lonlat"   // longitude/latitude, EPSG:4326, 6 decimals
)

// Dirty-row kinds the generator plants.
const (
	DirtyBlankLocation = "blank_location"
	DirtyOutside       = "outside_area"
	DirtyFutureDate    = "future_date"
	DirtyDuplicateID   = "duplicate_record_id"
)

// Options steer a generated extract.
type Options struct {
	Records int
	Seed    uint64
	// From, To bound the service dates; AsOf is the extract date (rows
	// dated after it are planted dirty rows).
	From, To, AsOf time.Time
	Location       string
	// Dirty is the share of rows of each dirty kind (default 0.004, i.e.
	// 0.4% blank location, 0.4% outside, ...). Negative means none.
	Dirty float64
	// PostcodesPerArea is how many postcode-like keys each area has.
	PostcodesPerArea int
}

func (o *Options) defaults() error {
	if o.From.IsZero() {
		o.From = time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)
	}
	if o.To.IsZero() {
		o.To = time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
	}
	if o.AsOf.IsZero() {
		o.AsOf = o.To.AddDate(0, 0, 1)
	}
	if o.Location == "" {
		o.Location = LocMixed
	}
	switch o.Location {
	case LocMixed, LocLSOA, LocPostcode, LocBNG, LocLonLat:
	default:
		return fmt.Errorf("location %q is not one of mixed, lsoa, postcode, bng, lonlat", o.Location)
	}
	if o.Dirty == 0 {
		o.Dirty = 0.004
	}
	if o.Dirty < 0 {
		o.Dirty = 0
	}
	if o.Dirty > 0.2 {
		return fmt.Errorf("dirty share %g is above 0.2 per kind", o.Dirty)
	}
	if o.PostcodesPerArea <= 0 {
		o.PostcodesPerArea = 8
	}
	if o.Records < 0 {
		return fmt.Errorf("records %d is negative", o.Records)
	}
	if !o.To.After(o.From) {
		return fmt.Errorf("date range %s to %s is empty", o.From.Format(time.DateOnly), o.To.Format(time.DateOnly))
	}
	return nil
}

// Record is one generated case record.
type Record struct {
	RecordID          string
	Date              int32 // days since 1970-01-01
	Service           string
	Person, Household string
	LSOA, Postcode    string
	// X, Y: easting/northing (bng, mixed) or lon/lat (lonlat); NaN when
	// the row's location is not a point.
	X, Y float64
	// Dirty names the planted fault, "" for a clean row. It is never
	// written: tests use it to check that every fault is caught.
	Dirty string
	// Area is the index of the area the record belongs to (-1 for
	// planted rows with no true area), for tests.
	Area int
}

// Generator streams records; see New.
type Generator struct {
	areas    []Area
	opt      Options
	rng      *rand.Rand
	bngIndex *assign.Index
	llIndex  *assign.Index
	bng      []orb.Geometry
	cumSvc   []float64
	cumArea  [][]float64 // per service, cumulative area weights
	hhBase   []int       // first household number of each area
	hhCount  []int
	pool     [][]int // per service and area, households that use it
	seasonMx []float64
	from, to int32
	asOf     int32
	n        int
	recent   []string // recent record ids, for planted duplicates
	outside  orb.Bound
}

// New prepares a generator over areas (sorted by code for repeatability).
func New(areas []Area, opt Options) (*Generator, error) {
	if err := opt.defaults(); err != nil {
		return nil, err
	}
	if len(areas) == 0 {
		return nil, fmt.Errorf("no areas")
	}
	areas = append([]Area(nil), areas...)
	sort.Slice(areas, func(i, j int) bool { return areas[i].Code < areas[j].Code })
	g := &Generator{areas: areas, opt: opt, rng: rand.New(rand.NewPCG(opt.Seed, 0x5e4c1ce5)),
		from: days(opt.From), to: days(opt.To), asOf: days(opt.AsOf)}
	codes := make([]string, len(areas))
	ll := make([]orb.Geometry, len(areas))
	g.bng = make([]orb.Geometry, len(areas))
	city := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for i, a := range areas {
		codes[i], ll[i] = a.Code, a.Geom
		g.bng[i] = crs.ProjectToBNG(a.Geom)
		city = city.Union(g.bng[i].Bound())
	}
	g.outside = city
	var err error
	if g.bngIndex, err = assign.NewIndex(codes, g.bng); err != nil {
		return nil, err
	}
	if g.llIndex, err = assign.NewIndex(codes, ll); err != nil {
		return nil, err
	}
	acc := 0.0
	for _, s := range Services {
		acc += s.Share
		g.cumSvc = append(g.cumSvc, acc)
	}
	var meanIncome float64
	for _, a := range areas {
		meanIncome += a.Income / float64(len(areas))
	}
	for _, s := range Services {
		cum := make([]float64, len(areas))
		t := 0.0
		for i, a := range areas {
			rel := (a.Income + 5) / (meanIncome + 5)
			t += math.Max(denominator(a, s.Denominator), 1) * math.Pow(rel, s.Deprivation)
			cum[i] = t
		}
		g.cumArea = append(g.cumArea, cum)
		mx := 0.0
		for _, v := range s.Season {
			mx = math.Max(mx, v)
		}
		g.seasonMx = append(g.seasonMx, mx)
	}
	base := 0
	for _, a := range areas {
		h := int(math.Max(math.Round(a.Households), 10))
		g.hhBase = append(g.hhBase, base)
		g.hhCount = append(g.hhCount, h)
		base += h
	}
	total := g.cumSvc[len(g.cumSvc)-1]
	for s, svc := range Services {
		cum := g.cumArea[s]
		pools := make([]int, len(areas))
		prev := 0.0
		for a := range areas {
			expect := float64(opt.Records) * svc.Share / total * (cum[a] - prev) / cum[len(cum)-1]
			prev = cum[a]
			pools[a] = min(g.hhCount[a], max(1, int(math.Round(expect/svc.Repeat))))
		}
		g.pool = append(g.pool, pools)
	}
	return g, nil
}

func denominator(a Area, which string) float64 {
	switch which {
	case "children":
		return a.Children
	case "older":
		return a.Older
	case "households":
		return a.Households
	}
	return a.Population
}

func days(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Areas returns the areas in generation order (by code).
func (g *Generator) Areas() []Area { return g.areas }

// Options returns the options with defaults filled in.
func (g *Generator) Options() Options { return g.opt }

// Next returns the next record, or false after Options.Records records.
func (g *Generator) Next() (Record, bool) {
	if g.n >= g.opt.Records {
		return Record{}, false
	}
	g.n++
	r := g.rng
	s := sort.SearchFloat64s(g.cumSvc, r.Float64()*g.cumSvc[len(g.cumSvc)-1])
	s = min(s, len(Services)-1)
	svc := Services[s]
	cum := g.cumArea[s]
	a := min(sort.SearchFloat64s(cum, r.Float64()*cum[len(cum)-1]), len(g.areas)-1)
	// Repeat use: the service's users in the area are a pool of about
	// expected records / Repeat households, drawn uniformly, so each
	// comes back Repeat times on average; pools of different services
	// overlap in part (each starts at its own household).
	hc := g.hhCount[a]
	pool := g.pool[s][a]
	h := int(r.Uint64N(uint64(pool)))
	h = (h*7919 + (s*hc)/len(Services)) % hc
	hh := g.hhBase[a] + h
	size := 1 + int(mix(g.opt.Seed, uint64(hh), 1)%4)
	member := 0
	if svc.Unit == "people" {
		member = r.IntN(size)
	}
	rec := Record{
		RecordID:  fmt.Sprintf("R%09d", g.n),
		Date:      g.date(s),
		Service:   svc.ID,
		Household: "H" + scramble(g.opt.Seed, uint64(hh)),
		Person:    "P" + scramble(g.opt.Seed^0xbeef, uint64(hh)*8+uint64(member)),
		X:         math.NaN(), Y: math.NaN(),
		Area: a,
	}
	kind := g.opt.Location
	if kind == LocMixed {
		switch u := r.Float64(); {
		case u < 0.45:
			kind = LocLSOA
		case u < 0.65:
			kind = LocPostcode
		default:
			kind = LocBNG
		}
	}
	switch kind {
	case LocLSOA:
		rec.LSOA = g.areas[a].Code
	case LocPostcode:
		rec.Postcode = g.postcode(a, int(mix(g.opt.Seed, uint64(hh), 2)%uint64(g.opt.PostcodesPerArea)))
	case LocBNG, LocLonLat:
		rec.X, rec.Y = g.home(hh, a, kind)
	}
	g.plantDirt(&rec, kind)
	if len(g.recent) < 1000 {
		g.recent = append(g.recent, rec.RecordID)
	} else {
		g.recent[g.n%1000] = rec.RecordID
	}
	return rec, true
}

// date draws a service date with the service's seasonality.
func (g *Generator) date(s int) int32 {
	span := int(g.to - g.from + 1)
	for {
		d := g.from + int32(g.rng.IntN(span))
		m := time.Unix(int64(d)*86400, 0).UTC().Month()
		if g.rng.Float64()*g.seasonMx[s] <= Services[s].Season[m-1] {
			return d
		}
	}
}

// plantDirt turns a small share of rows into each kind of dirty row.
func (g *Generator) plantDirt(rec *Record, kind string) {
	d := g.opt.Dirty
	if d == 0 {
		return
	}
	u := g.rng.Float64()
	switch {
	case u < d:
		rec.Dirty = DirtyBlankLocation
		rec.LSOA, rec.Postcode, rec.X, rec.Y = "", "", math.NaN(), math.NaN()
		rec.Area = -1
	case u < 2*d:
		rec.Dirty = DirtyOutside
		rec.Area = -1
		rec.LSOA, rec.Postcode = "", ""
		// 2 to 20 km east of the city's bounding box.
		e := math.Round(g.outside.Max[0] + 2000 + g.rng.Float64()*18000)
		n := math.Round(g.outside.Min[1] + g.rng.Float64()*(g.outside.Max[1]-g.outside.Min[1]))
		switch kind {
		case LocLSOA:
			rec.LSOA = "E01006000" // an LSOA of a neighbouring district
		case LocPostcode:
			rec.Postcode = "ZZ99 9ZZ"
		case LocLonLat:
			lon, lat := crs.ToWGS84(e, n)
			rec.X, rec.Y = round6(lon), round6(lat)
		default:
			rec.X, rec.Y = e, n
		}
	case u < 3*d:
		rec.Dirty = DirtyFutureDate
		rec.Date = g.asOf + 1 + int32(g.rng.IntN(365))
	case u < 4*d && g.n > 1:
		rec.Dirty = DirtyDuplicateID
		rec.RecordID = g.recent[g.rng.IntN(len(g.recent))]
	}
}

// home is the household's address point: drawn inside its area from the
// household's own random stream (so it never changes), rounded as address
// files give it, and redrawn until the rounded point is still inside.
func (g *Generator) home(hh, a int, kind string) (float64, float64) {
	hr := rand.New(rand.NewPCG(g.opt.Seed, uint64(hh)*2+1))
	b := g.bng[a].Bound()
	for {
		e := b.Min[0] + hr.Float64()*(b.Max[0]-b.Min[0])
		n := b.Min[1] + hr.Float64()*(b.Max[1]-b.Min[1])
		if kind == LocLonLat {
			lon, lat := crs.ToWGS84(e, n)
			lon, lat = round6(lon), round6(lat)
			if g.llIndex.Locate(lon, lat) == a {
				return lon, lat
			}
			continue
		}
		e, n = math.Round(e), math.Round(n)
		if g.bngIndex.Locate(e, n) == a {
			return e, n
		}
	}
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// postcode is the k-th postcode-like key of area a: unique per (a, k),
// shaped like a Manchester postcode ("M13 9PL") but made up.
func (g *Generator) postcode(a, k int) string {
	letters := "ABDEFGHJLNPQRSTUWXYZ"
	return fmt.Sprintf("M%d %d%c%c", 1+a%60, (a/60)%10, letters[k/len(letters)%len(letters)], letters[k%len(letters)])
}

// Postcodes returns every postcode-like key and its area code, for the
// lookup file that goes with an extract.
func (g *Generator) Postcodes() (keys, codes []string) {
	for a, ar := range g.areas {
		for k := 0; k < g.opt.PostcodesPerArea; k++ {
			keys = append(keys, g.postcode(a, k))
			codes = append(codes, ar.Code)
		}
	}
	return keys, codes
}

// mix is a seeded 64-bit hash (splitmix64 finaliser).
func mix(seed, x, salt uint64) uint64 {
	z := seed ^ (x+salt*0x9e3779b97f4a7c15)*0xbf58476d1ce4e5b9
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// scramble maps x to a 12-hex-digit pseudonym, one-to-one for x < 2^48
// (odd multipliers and xor-shifts are invertible mod 2^48), so ids never
// collide and do not reveal the household's area or order.
func scramble(seed, x uint64) string {
	const mask = 1<<48 - 1
	z := (x + seed) & mask
	for _, k := range []uint64{0x9e3779b97f4b, 0xbf58476d1ce5, 0x94d049bb1331} {
		z = (z * k) & mask
		z ^= z >> 23
	}
	return fmt.Sprintf("%012x", z)
}
