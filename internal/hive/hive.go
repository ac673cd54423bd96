// Package hive spells Hive-style partition folders (key=value, as Hive,
// Spark, DuckDB and Arrow write and read them): the escaping of a
// partition value into a folder name, its inverse, and the folder value
// of a null key.
//
// Writers of Hive-partitioned folders (the aggregation's Parquet tables,
// pipelines/aggregate/beam) and their reader (indicators.LoadParquet) go
// through it, so a value written by one reads back unchanged in the other.
package hive

import (
	"net/url"
	"strings"
)

// Null is the folder value Hive and Spark write for a null (here: blank)
// partition key, and read back as null.
const Null = "__HIVE_DEFAULT_PARTITION__"

// Escape writes a partition value as a folder name: every byte but the
// ASCII letters, digits, '-', '_' and '.' as %XX (upper-case hex), which
// is stricter than Hive's own list and reads back the same in every
// Hive-style reader; a blank value is Null.
func Escape(v string) string {
	if v == "" {
		return Null
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(v))
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// Dir is the folder of one partition: key=Escape(value). The key is
// written as it is; it must be a plain column name.
func Dir(key, value string) string {
	return key + "=" + Escape(value)
}

// Unescape reads a folder's partition value back: %XX escapes decoded (a
// value with a malformed escape is kept as it is, as written by a tool
// that did not escape '%'), and Null read as a blank. It inverts Escape
// for every value except the literal text of Null, which Hive-style
// folders cannot tell from a null.
func Unescape(v string) string {
	if u, err := url.PathUnescape(v); err == nil {
		v = u
	}
	if v == Null {
		return ""
	}
	return v
}
