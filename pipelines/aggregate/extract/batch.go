package extract

import (
	"math"
	"strconv"
)

// BatchRows is the number of rows in a CSV or XLSX batch.
const BatchRows = 1 << 16

// Date markers in Batch.Date, besides days since 1970-01-01.
const (
	NoDate  int32 = math.MinInt32     // the date cell is blank
	BadDate int32 = math.MinInt32 + 1 // the date cell is not a date
)

// Row flags.
const (
	FlagMalformed uint8 = 1 << iota // the row has fewer fields than the header
)

// Batch is a block of consecutive extract rows, column by column. Columns
// that the mapping does not name are empty (Len 0).
type Batch struct {
	// First is the row number of the first row: the line number in a CSV
	// (header = line 1), the sheet row in XLSX, and 1 + the record's position
	// in a Parquet file.
	First int64
	N     int
	// Flags per row (nil when every row is well-formed).
	Flags []uint8

	RecordID, Service, Person, Household Text
	LSOA, Postcode                       Text
	// Date is days since 1970-01-01, or NoDate / BadDate.
	Date []int32
	// X, Y are the point (easting/northing or lon/lat, as mapped); NaN when
	// blank, +Inf when not a number.
	X, Y []float64
	// Synthetic reports that some row in the batch carries a synthetic label.
	Synthetic bool
}

// Text is a text column, held one of three ways: dictionary-coded (Dict and
// Idx, Idx -1 for a blank), plain strings (Vals, "" for a blank), or 64-bit
// integers (Ints, with Valid false for a blank; Valid nil means all valid),
// as Parquet stores ids.
type Text struct {
	Dict  []string
	Idx   []int32
	Vals  []string
	Ints  []int64
	Valid []bool
}

// Len is the number of values.
func (t *Text) Len() int {
	switch {
	case t.Idx != nil:
		return len(t.Idx)
	case t.Ints != nil:
		return len(t.Ints)
	}
	return len(t.Vals)
}

// Mapped reports whether the column holds values (the mapping named it).
func (t *Text) Mapped() bool { return t.Idx != nil || t.Ints != nil || t.Vals != nil }

// String returns value i as text ("" when blank).
func (t *Text) String(i int) string {
	switch {
	case t.Idx != nil:
		if k := t.Idx[i]; k >= 0 {
			return t.Dict[k]
		}
		return ""
	case t.Ints != nil:
		if t.Valid != nil && !t.Valid[i] {
			return ""
		}
		return strconv.FormatInt(t.Ints[i], 10)
	case t.Vals != nil:
		return t.Vals[i]
	}
	return ""
}

// Blank reports whether value i is blank.
func (t *Text) Blank(i int) bool {
	switch {
	case t.Idx != nil:
		return t.Idx[i] < 0 || t.Dict[t.Idx[i]] == ""
	case t.Ints != nil:
		return t.Valid != nil && !t.Valid[i]
	}
	return t.Vals == nil || t.Vals[i] == ""
}
