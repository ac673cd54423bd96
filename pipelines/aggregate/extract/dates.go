package extract

import (
	"strconv"
	"strings"
	"time"
)

// DefaultDateFormats are the date layouts tried when a mapping names none:
// ISO dates and timestamps, and UK day-first dates as spreadsheets write them.
var DefaultDateFormats = []string{"2006-01-02", "2006-01-02T15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "02/01/2006", "2/1/2006", "02/01/2006 15:04", "02-01-2006", "20060102"}

// dateParser turns date text into days since 1970-01-01.
type dateParser struct {
	layouts []string
	// excel accepts a plain number as an Excel serial date (XLSX cells).
	excel bool
	last  int // index of the layout that parsed last (tried first)
}

func newDateParser(layouts []string, excel bool) *dateParser {
	if len(layouts) == 0 {
		layouts = DefaultDateFormats
	}
	return &dateParser{layouts: layouts, excel: excel}
}

// parse returns days since 1970-01-01, NoDate for blank, BadDate otherwise.
func (p *dateParser) parse(s string) int32 {
	s = strings.TrimSpace(s)
	if s == "" {
		return NoDate
	}
	if p.excel {
		if v, err := strconv.ParseFloat(s, 64); err == nil && v >= 1 && v < 2958466 {
			// Excel's day 0 is 1899-12-30 (it counts 1900 as a leap year).
			return int32(int64(v) - 25569)
		}
	}
	if d, ok := p.try(p.last, s); ok {
		return d
	}
	for i := range p.layouts {
		if d, ok := p.try(i, s); ok {
			p.last = i
			return d
		}
	}
	return BadDate
}

func (p *dateParser) try(i int, s string) (int32, bool) {
	t, err := time.Parse(p.layouts[i], s)
	if err != nil {
		return 0, false
	}
	return Days(t), true
}

// Days is t's calendar date (in t's own zone) as days since 1970-01-01.
func Days(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// DayTime is the UTC midnight of a day number.
func DayTime(d int32) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }
