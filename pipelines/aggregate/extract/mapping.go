package extract

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Mapping says how to read an extract: its format and which of its columns
// hold what. The YAML keys are the field tags; see Columns.
type Mapping struct {
	// Format is csv, parquet or xlsx; empty means from the file name
	// (.csv, .csv.gz, .parquet, .xlsx).
	Format string `yaml:"format"`
	// Sheet is the XLSX sheet to read; empty means the first.
	Sheet   string  `yaml:"sheet"`
	Columns Columns `yaml:"columns"`
	// DateFormats are Go time layouts for text dates ("2006-01-02" for ISO,
	// "02/01/2006" for UK day-first); empty means DefaultDateFormats. XLSX
	// date cells and Parquet DATE/TIMESTAMP/INT32-days columns need none.
	DateFormats []string `yaml:"date_formats"`
	// NA lists cell values that mean blank besides "" (e.g. "NULL", "N/A").
	NA []string `yaml:"na"`
}

// Columns names the extract's columns. Date, Service, Person and at least
// one location (LSOA, Postcode, Easting+Northing or Lon+Lat) are required;
// a row may use any one of the mapped locations (the first non-blank in the
// order LSOA, postcode, point).
type Columns struct {
	RecordID  string `yaml:"record_id"` // unique record id: duplicates are counted and set aside
	Date      string `yaml:"date"`      // service date
	Service   string `yaml:"service"`   // service name or code
	Person    string `yaml:"person"`    // pseudonymous person id
	Household string `yaml:"household"` // pseudonymous household id (optional)
	LSOA      string `yaml:"lsoa"`      // small-area code
	Postcode  string `yaml:"postcode"`  // postcode or postcode-like key, through a lookup
	Easting   string `yaml:"easting"`   // British National Grid (EPSG:27700), metres
	Northing  string `yaml:"northing"`
	Lon       string `yaml:"lon"` // WGS84 (EPSG:4326), degrees
	Lat       string `yaml:"lat"`
	// Synthetic is the column that labels generated records; default
	// "synthetic" when the extract has it. Any non-blank value marks the
	// extract synthetic.
	Synthetic string `yaml:"synthetic"`
}

// PointKind says how a batch's X, Y are to be read.
type PointKind int

const (
	NoPoint PointKind = iota
	BNG               // easting, northing in EPSG:27700
	LonLat            // longitude, latitude in EPSG:4326
)

// Point returns how the mapping gives points.
func (m *Mapping) Point() PointKind {
	switch {
	case m.Columns.Easting != "":
		return BNG
	case m.Columns.Lon != "":
		return LonLat
	}
	return NoPoint
}

// FormatOf returns the mapping's format, or the one the file name implies.
func (m *Mapping) FormatOf(path string) (string, error) {
	if m.Format != "" {
		f := strings.ToLower(m.Format)
		switch f {
		case "csv", "parquet", "xlsx":
			return f, nil
		}
		return "", fmt.Errorf("format %q is not one of csv, parquet, xlsx", m.Format)
	}
	name := strings.ToLower(filepath.Base(path))
	switch {
	case strings.HasSuffix(name, ".csv"), strings.HasSuffix(name, ".csv.gz"), strings.HasSuffix(name, ".txt"):
		return "csv", nil
	case strings.HasSuffix(name, ".parquet"), strings.HasSuffix(name, ".pq"):
		return "parquet", nil
	case strings.HasSuffix(name, ".xlsx"):
		return "xlsx", nil
	}
	return "", fmt.Errorf("%s: cannot tell the format from the name; set format: csv, parquet or xlsx in the mapping", path)
}

// Check reports the first problem with the mapping, naming the YAML key.
func (m *Mapping) Check() (key string, err error) {
	c := m.Columns
	for _, req := range []struct{ key, val string }{{"columns.date", c.Date}, {"columns.service", c.Service}, {"columns.person", c.Person}} {
		if req.val == "" {
			return req.key, fmt.Errorf("is required")
		}
	}
	if (c.Easting == "") != (c.Northing == "") {
		return "columns.easting", fmt.Errorf("easting and northing go together")
	}
	if (c.Lon == "") != (c.Lat == "") {
		return "columns.lon", fmt.Errorf("lon and lat go together")
	}
	if c.Easting != "" && c.Lon != "" {
		return "columns.lon", fmt.Errorf("map either easting/northing or lon/lat, not both")
	}
	if c.LSOA == "" && c.Postcode == "" && c.Easting == "" && c.Lon == "" {
		return "columns", fmt.Errorf("no location: map at least one of lsoa, postcode, easting+northing, lon+lat")
	}
	return "", nil
}

// role is one mapped column: its mapping key and the extract's column name.
type role struct {
	key, name string
	required  bool
}

func (m *Mapping) roles() []role {
	c := m.Columns
	return []role{
		{"record_id", c.RecordID, false}, {"date", c.Date, true}, {"service", c.Service, true},
		{"person", c.Person, true}, {"household", c.Household, false}, {"lsoa", c.LSOA, false},
		{"postcode", c.Postcode, false}, {"easting", c.Easting, false}, {"northing", c.Northing, false},
		{"lon", c.Lon, false}, {"lat", c.Lat, false},
	}
}

// na returns the blank tokens as a set.
func (m *Mapping) na() map[string]bool {
	out := map[string]bool{"": true}
	for _, t := range m.NA {
		out[t] = true
	}
	return out
}
