package scenario

import (
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
)

// ColumnRef is a column of the indicator's own source (Source empty) or of
// another source, so that a rate's numerator and denominator may come from
// different files (claimants from a council extract per residents from the
// IoD's mid-year populations).
type ColumnRef struct {
	Source string `yaml:"source"`
	Column string `yaml:"column"`
}

// Columns are a rate's numerator or denominator columns, summed. In YAML:
// one column name, a list of names, {source, column}, or a list mixing both.
type Columns []ColumnRef

// UnmarshalYAML reads every shape Columns allows.
func (c *Columns) UnmarshalYAML(b []byte) error {
	if r, ok := oneColumn(b); ok {
		*c = Columns{r}
		return nil
	}
	var list []yaml.RawMessage
	if err := yaml.Unmarshal(b, &list); err != nil {
		return errColumns
	}
	*c = nil
	for _, item := range list {
		r, ok := oneColumn(item)
		if !ok {
			return errColumns
		}
		*c = append(*c, r)
	}
	return nil
}

var errColumns = fmt.Errorf("want a column name, {source, column}, or a list of them")

// oneColumn reads a column name or {source, column}.
func oneColumn(b []byte) (ColumnRef, bool) {
	var name string
	if err := yaml.Unmarshal(b, &name); err == nil {
		return ColumnRef{Column: name}, true
	}
	var ref ColumnRef
	if err := yaml.UnmarshalWithOptions(b, &ref, yaml.DisallowUnknownField()); err == nil && ref.Column != "" {
		return ref, true
	}
	return ColumnRef{}, false
}

// SourceOf is the source a column is read from: its own, or the
// indicator's.
func (r ColumnRef) SourceOf(ind *Indicator) string {
	if r.Source != "" {
		return r.Source
	}
	return ind.Source
}

// String is the column's name, prefixed by its source when it has one.
func (r ColumnRef) String() string {
	if r.Source != "" {
		return r.Source + ":" + r.Column
	}
	return r.Column
}

// String joins the columns with " + ".
func (c Columns) String() string {
	parts := make([]string, len(c))
	for i, r := range c {
		parts[i] = r.String()
	}
	return strings.Join(parts, " + ")
}
