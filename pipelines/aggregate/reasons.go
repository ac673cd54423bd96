package aggregate

// Reason is why a row was not counted; Counted for a row that was.
type Reason uint8

// Reasons, in the order they are checked: a row with several problems is
// set aside under the first, so every row is counted exactly once.
const (
	Counted Reason = iota
	Malformed
	DuplicateID
	BlankID
	BlankDate
	BadDate
	FutureDate
	OutsideWindow
	BlankService
	UnknownService
	BlankPerson
	BlankHousehold
	BlankLocation
	BadPoint
	PointOutside
	UnknownCode
	UnknownPostcode
	numReasons
)

var reasonInfo = [numReasons]struct{ key, text string }{
	{"counted", "counted in the indicators"},
	{"malformed_row", "the row has the wrong number of fields or broken quoting"},
	{"duplicate_record_id", "the record id appeared on an earlier row (the first is counted)"},
	{"blank_record_id", "the record id is blank, so duplicates cannot be found"},
	{"blank_date", "the service date is blank"},
	{"bad_date", "the service date is not a date in any accepted format"},
	{"future_date", "the service date is after the extract date (as_of)"},
	{"outside_window", "the service date is outside the time window (not an error)"},
	{"blank_service", "the service is blank"},
	{"unknown_service", "the service is not one of the mapping's services"},
	{"blank_person", "the person id is blank"},
	{"blank_household", "the household id is blank (households are counted)"},
	{"blank_location", "no location: LSOA code, postcode and point are all blank"},
	{"bad_point", "a coordinate is not a number"},
	{"point_outside", "the point is outside every area (outside the city)"},
	{"unknown_area_code", "the area code is not one of the areas (another district, or a typo)"},
	{"unknown_postcode", "the postcode is not in the postcode lookup for the areas"},
}

// Key is the reason's name in reports.
func (r Reason) Key() string { return reasonInfo[r].key }

// Text explains the reason.
func (r Reason) Text() string { return reasonInfo[r].text }

// Dirty reports whether the reason is a data fault (every reason but
// Counted and OutsideWindow).
func (r Reason) Dirty() bool { return r != Counted && r != OutsideWindow }

// Reasons lists every reason, in check order.
func Reasons() []Reason {
	out := make([]Reason, numReasons)
	for i := range out {
		out[i] = Reason(i)
	}
	return out
}
