package disclosure

import "fmt"

// DefaultThreshold is the smallest count published unless a rule says
// otherwise.
const DefaultThreshold = 10

// Rule is a disclosure-control rule.
type Rule struct {
	// Threshold: a cell with any count below it (0 included) is suppressed.
	// Zero means DefaultThreshold.
	Threshold int64
}

// threshold returns the effective threshold.
func (r Rule) threshold() int64 {
	if r.Threshold <= 0 {
		return DefaultThreshold
	}
	return r.Threshold
}

// Effective returns the threshold the rule applies.
func (r Rule) Effective() int64 { return r.threshold() }

// Text states the rule in words, for output metadata and data dictionaries.
func (r Rule) Text() string {
	t := r.threshold()
	return fmt.Sprintf("Disclosure control, threshold %d. "+
		"Primary: a cell (an area, ward or district, for one service or all services) with any count below %d (0 to %d: records, people or households) is suppressed, with all its counts and rates. "+
		"Secondary: every relation the tables publish (the areas of a ward add up to the ward, the wards to the district, the services to all services; distinct people are treated as adding up too) "+
		"that holds a suppressed cell must hold at least two, and where its total is published its suppressed cells must together hold at least %d of every count, so that no suppressed cell can be worked out by subtraction; "+
		"the extra cells are the smallest remaining ones, areas before totals. "+
		"Audit: the published figures are then solved as a system of equations; a suppressed cell that any combination of published figures determines exactly gets a further suppression, until none does. "+
		"Rates are published only where their counts are. Suppressed figures are left blank and the cell's status column says primary or secondary.",
		t, t, t-1, t)
}
