package geojson

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// appendNumber appends v as a JSON number: plain decimal notation, with an
// exponent only where plain notation would be absurdly long (as
// JavaScript's JSON.stringify does), and null for NaN and infinities,
// which JSON cannot represent.
func appendNumber(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "null"...)
	}
	if v == 0 {
		return append(b, '0') // also for -0
	}
	if a := math.Abs(v); a < 1e-6 || a >= 1e21 {
		return strconv.AppendFloat(b, v, 'e', -1, 64)
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// appendReal appends a float attribute so that it reads back as a real:
// like appendNumber, with ".0" after a whole number (123.0, not 123).
// RFC 7946 has no types, and readers infer them: GDAL and QGIS make a
// column of whole numbers written as 123 an Integer field, so a real
// column (population, a rank used as an indicator) would be Integer in
// the GeoJSON and Real in the GeoPackage. JSON parsers read 123.0 as the
// same number.
func appendReal(b []byte, v float64) []byte {
	start := len(b)
	b = appendNumber(b, v)
	for _, c := range b[start:] {
		switch c {
		case '.', 'e', 'E', 'n': // fraction, exponent, null
			return b
		}
	}
	return append(b, ".0"...)
}

// Decimals is the number of decimal places coordinates are rounded to.
const Decimals = 6

// roundCoord rounds v to Decimals places. appendNumber then prints at
// most Decimals decimals, since the shortest representation of the
// double nearest a 6-decimal number is that number.
func roundCoord(v float64) float64 {
	const scale = 1e6 // 10^Decimals
	return math.Round(v*scale) / scale
}

// appendString appends s as a JSON string (RFC 8259): quotes, backslashes
// and control characters escaped, invalid UTF-8 replaced by U+FFFD, and
// everything else, including non-ASCII text, written as is.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
