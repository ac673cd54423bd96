package aggregate

import (
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/manchester-insight/targeting/geo/assign"
	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
)

// MaxOpenServices bounds the services found in an extract when the mapping
// lists none.
const MaxOpenServices = 64

// Resolver decides, for each row, the cell it counts in (area x service)
// or the reason it is set aside. It is safe for concurrent use.
type Resolver struct {
	Areas  int
	Codes  *assign.Codes // LSOA code -> area
	Keys   *assign.Keys  // postcode key -> area (nil: none)
	Points *assign.Index // point -> area (nil: none)
	// From, To bound the counted dates (inclusive, days since 1970); AsOf
	// is the extract date.
	From, To, AsOf int32
	// Households: rows must carry a household id.
	Households bool

	mu       sync.Mutex
	services map[string]int // raw value -> service number
	names    []string       // service numbers -> id
	open     bool           // add services as they are found
	dups     *dupIndex
}

// NewResolver makes a resolver. services maps raw extract values to service
// ids; nil means every value found is a service of its own name.
func NewResolver(areas int, services map[string]string) *Resolver {
	r := &Resolver{Areas: areas, services: map[string]int{}, From: math.MinInt32 + 2, To: math.MaxInt32, AsOf: math.MaxInt32}
	if services == nil {
		r.open = true
		return r
	}
	ids := make([]string, 0, len(services))
	for _, id := range services {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	r.names = ids
	for raw, id := range services {
		r.services[raw] = slices.Index(ids, id)
	}
	return r
}

// Services returns the service ids by number (in open mode, in the order
// found so far).
func (r *Resolver) Services() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.names)
}

// ServiceSlots is the number of service columns cells are laid out with.
func (r *Resolver) ServiceSlots() int {
	if r.open {
		return MaxOpenServices
	}
	return len(r.names)
}

// service returns the number of a raw service value, or -1.
func (r *Resolver) service(raw string) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.services[raw]; ok {
		return s, nil
	}
	if !r.open {
		return -1, nil
	}
	if len(r.names) == MaxOpenServices {
		return -1, fmt.Errorf("the extract has more than %d different services; list the services in the mapping", MaxOpenServices)
	}
	s := len(r.names)
	r.names = append(r.names, raw)
	r.services[raw] = s
	return s, nil
}

// textLookup resolves a Text column's values through fn, once per
// dictionary entry.
func textLookup(t *extract.Text, fn func(string) (int, error)) (func(i int) (int, error), error) {
	switch {
	case t.Idx != nil && len(t.Dict) < len(t.Idx):
		cache := make([]int, len(t.Dict))
		for k, s := range t.Dict {
			v, err := fn(s)
			if err != nil {
				return nil, err
			}
			cache[k] = v
		}
		return func(i int) (int, error) {
			if j := t.Idx[i]; j >= 0 {
				return cache[j], nil
			}
			return fn("")
		}, nil
	}
	return func(i int) (int, error) { return fn(t.String(i)) }, nil
}

// Resolve fills cell (area*ServiceSlots()+service, or -1) and reason for
// every row of b.
func (r *Resolver) Resolve(b *extract.Batch, cell []int32, reason []Reason) error {
	slots := r.ServiceSlots()
	svc, err := textLookup(&b.Service, func(s string) (int, error) {
		if s == "" {
			return -2, nil
		}
		return r.service(s)
	})
	if err != nil {
		return err
	}
	code := func(int) (int, error) { return -3, nil }
	if b.LSOA.Mapped() {
		code, _ = textLookup(&b.LSOA, func(s string) (int, error) {
			if s == "" {
				return -3, nil
			}
			return r.Codes.Lookup(s), nil
		})
	}
	pc := func(int) (int, error) { return -3, nil }
	if b.Postcode.Mapped() && r.Keys != nil {
		pc, _ = textLookup(&b.Postcode, func(s string) (int, error) {
			if s == "" {
				return -3, nil
			}
			return r.Keys.Lookup(s), nil
		})
	}
	var person, household, rid *keyColumn
	if b.Person.Mapped() {
		person = newKeyColumn(&b.Person)
	}
	if r.Households && b.Household.Mapped() {
		household = newKeyColumn(&b.Household)
	}
	if r.dups != nil && b.RecordID.Mapped() {
		rid = newKeyColumn(&b.RecordID)
	}
	for i := 0; i < b.N; i++ {
		cell[i] = -1
		reason[i] = r.row(b, i, rid, person, household, svc, code, pc)
		if reason[i] == Counted {
			a := r.area(b, i, code, pc, &reason[i])
			if reason[i] == Counted {
				s, _ := svc(i)
				cell[i] = int32(a*slots + s)
			}
		}
	}
	return nil
}

// row checks everything but the location.
func (r *Resolver) row(b *extract.Batch, i int, rid, person, household *keyColumn, svc, code, pc func(int) (int, error)) Reason {
	if b.Flags != nil && b.Flags[i]&extract.FlagMalformed != 0 {
		return Malformed
	}
	if rid != nil {
		k := rid.at(i)
		if k.blank {
			return BlankID
		}
		if r.dups.duplicate(k, b.First+int64(i)) {
			return DuplicateID
		}
	}
	switch d := b.Date[i]; {
	case d == extract.NoDate:
		return BlankDate
	case d == extract.BadDate:
		return BadDate
	case d > r.AsOf:
		return FutureDate
	case d < r.From || d > r.To:
		return OutsideWindow
	}
	switch s, _ := svc(i); {
	case s == -2:
		return BlankService
	case s < 0:
		return UnknownService
	}
	if person == nil || person.at(i).blank {
		return BlankPerson
	}
	if household != nil && household.at(i).blank {
		return BlankHousehold
	}
	return Counted
}

// area finds the row's area: the LSOA code if given, else the postcode key,
// else the point.
func (r *Resolver) area(b *extract.Batch, i int, code, pc func(int) (int, error), why *Reason) int {
	if a, _ := code(i); a != -3 {
		if a < 0 {
			*why = UnknownCode
		}
		return a
	}
	if a, _ := pc(i); a != -3 {
		if a < 0 {
			*why = UnknownPostcode
		}
		return a
	}
	if b.X == nil || r.Points == nil {
		*why = BlankLocation
		return -1
	}
	x, y := b.X[i], b.Y[i]
	switch {
	case math.IsNaN(x) && math.IsNaN(y):
		*why = BlankLocation
		return -1
	case math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0):
		*why = BadPoint
		return -1
	}
	a := r.Points.Locate(x, y)
	if a == assign.Outside {
		*why = PointOutside
	}
	return a
}
