package disclosure

import (
	"fmt"
	"slices"
)

// Status is a cell's disclosure status.
type Status uint8

const (
	Published Status = iota // the cell's counts may be shown
	Primary                 // a count is below the threshold
	Secondary               // suppressed to protect a primary cell through a margin
)

func (s Status) String() string {
	return [...]string{"published", "primary", "secondary"}[s]
}

// Suppressed reports whether the cell must not be shown.
func (s Status) Suppressed() bool { return s != Published }

// Line says that cell Total is the sum of cells Members, for every measure.
type Line struct {
	Total   int
	Members []int
}

// Protect applies the rule to a table and returns every cell's status.
// values[m][c] is measure m (e.g. records, people) of cell c; every measure
// has one value per cell. Lines are the sums the table publishes.
func Protect(r Rule, values [][]int64, lines []Line) ([]Status, error) {
	if len(values) == 0 {
		return nil, nil
	}
	n := len(values[0])
	for m, v := range values {
		if len(v) != n {
			return nil, fmt.Errorf("disclosure: measure %d has %d cells, want %d", m, len(v), n)
		}
	}
	for i, l := range lines {
		for _, c := range append([]int{l.Total}, l.Members...) {
			if c < 0 || c >= n {
				return nil, fmt.Errorf("disclosure: line %d refers to cell %d of %d", i, c, n)
			}
		}
	}
	t := r.threshold()
	st := make([]Status, n)
	for c := range n {
		for _, v := range values {
			if v[c] < t {
				st[c] = Primary
				break
			}
		}
	}
	byCell := linesOf(n, lines)
	for {
		secondary(t, values, lines, byCell, st)
		exposed := Exposed(values, lines, st)
		if len(exposed) == 0 {
			return st, nil
		}
		// Suppress one more cell next to each exposed cell, then re-run
		// the margin rule (which may add more) and re-audit.
		for _, c := range exposed {
			if !widen(values, lines, byCell[c], st) {
				return st, fmt.Errorf("disclosure: cell %d is exposed and no cell is left to suppress", c)
			}
		}
	}
}

// linesOf lists, per cell, the lines it is in.
func linesOf(n int, lines []Line) [][]int {
	by := make([][]int, n)
	for i, l := range lines {
		by[l.Total] = append(by[l.Total], i)
		for _, m := range l.Members {
			by[m] = append(by[m], i)
		}
	}
	return by
}

// secondary enforces the margin rule until it holds on every line: a line
// holding a suppressed cell holds at least two, and when its total is
// published its suppressed members sum to at least t in every measure.
func secondary(t int64, values [][]int64, lines []Line, byCell [][]int, st []Status) {
	queue := make([]int, len(lines))
	for i := range queue {
		queue[i] = i
	}
	queued := make([]bool, len(lines))
	for i := range queued {
		queued[i] = true
	}
	for len(queue) > 0 {
		li := queue[0]
		queue = queue[1:]
		queued[li] = false
		l := lines[li]
		for needsMore(t, values, l, st) {
			c := pick(values, l, st)
			if c < 0 {
				break
			}
			st[c] = Secondary
			for _, other := range byCell[c] {
				if !queued[other] {
					queued[other] = true
					queue = append(queue, other)
				}
			}
		}
	}
}

func needsMore(t int64, values [][]int64, l Line, st []Status) bool {
	k := 0
	if st[l.Total].Suppressed() {
		k++
	}
	for _, m := range l.Members {
		if st[m].Suppressed() {
			k++
		}
	}
	if k == 0 {
		return false
	}
	if k == 1 {
		return true
	}
	if st[l.Total].Suppressed() {
		return false
	}
	for _, v := range values {
		var sum int64
		for _, m := range l.Members {
			if st[m].Suppressed() {
				sum += v[m]
			}
		}
		if sum < t {
			return true
		}
	}
	return false
}

// pick chooses the published member with the smallest first measure (ties:
// lowest cell number), or the total when every member is suppressed; -1 if
// nothing is left.
func pick(values [][]int64, l Line, st []Status) int {
	best := -1
	for _, m := range l.Members {
		if st[m].Suppressed() {
			continue
		}
		if best < 0 || values[0][m] < values[0][best] || (values[0][m] == values[0][best] && m < best) {
			best = m
		}
	}
	if best < 0 && !st[l.Total].Suppressed() {
		best = l.Total
	}
	return best
}

// widen suppresses one more cell in one of the lines of an exposed cell.
func widen(values [][]int64, lines []Line, in []int, st []Status) bool {
	order := slices.Clone(in)
	// Prefer lines with the fewest suppressed cells: they pin the cell down.
	count := func(l Line) int {
		k := 0
		for _, m := range append([]int{l.Total}, l.Members...) {
			if st[m].Suppressed() {
				k++
			}
		}
		return k
	}
	slices.SortStableFunc(order, func(a, b int) int { return count(lines[a]) - count(lines[b]) })
	for _, li := range order {
		if c := pick(values, lines[li], st); c >= 0 {
			st[c] = Secondary
			return true
		}
	}
	return false
}
