package disclosure

import (
	"math"
	"slices"
)

// Exposed returns the suppressed cells whose value the published cells
// determine exactly through the lines, in cell order: an attacker who writes
// every line as an equation, moves the published values to the right-hand
// side and solves may learn these. It is empty for a protected table.
//
// Each connected group of suppressed cells is reduced to row echelon form; a
// cell is determined when its column is a pivot whose row has no other
// unknown left. Coefficients are small integers, so float64 elimination with
// a tolerance is exact here.
func Exposed(values [][]int64, lines []Line, st []Status) []int {
	// Number the unknowns and keep the lines that hold any.
	col := make(map[int]int)
	var cells []int
	var rows [][]int // per row: the unknown columns with sign folded into coef
	var coefs [][]float64
	for _, l := range lines {
		var r []int
		var c []float64
		add := func(cell int, k float64) {
			if !st[cell].Suppressed() {
				return
			}
			j, ok := col[cell]
			if !ok {
				j = len(cells)
				col[cell] = j
				cells = append(cells, cell)
			}
			r = append(r, j)
			c = append(c, k)
		}
		add(l.Total, 1)
		for _, m := range l.Members {
			add(m, -1)
		}
		if len(r) > 0 {
			rows = append(rows, r)
			coefs = append(coefs, c)
		}
	}
	if len(cells) == 0 {
		return nil
	}
	// Connected components of unknowns through rows (union-find).
	parent := make([]int, len(cells))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, r := range rows {
		for _, j := range r[1:] {
			if a, b := find(r[0]), find(j); a != b {
				parent[a] = b
			}
		}
	}
	compRows := map[int][]int{}
	compCols := map[int][]int{}
	for i, r := range rows {
		compRows[find(r[0])] = append(compRows[find(r[0])], i)
	}
	for j := range cells {
		compCols[find(j)] = append(compCols[find(j)], j)
	}
	exposed := make([]bool, len(cells))
	for root, rs := range compRows {
		cs := compCols[root]
		local := make(map[int]int, len(cs))
		for k, j := range cs {
			local[j] = k
		}
		m := make([][]float64, len(rs))
		for i, ri := range rs {
			m[i] = make([]float64, len(cs))
			for k, j := range rows[ri] {
				m[i][local[j]] += coefs[ri][k]
			}
		}
		for _, k := range determined(m, len(cs)) {
			exposed[cs[k]] = true
		}
	}
	var out []int
	for j, e := range exposed {
		if e {
			out = append(out, cells[j])
		}
	}
	slices.Sort(out)
	return out
}

// determined reduces m (rows x n) to reduced row echelon form and returns
// the columns fixed by it: pivots whose row has no other non-zero entry.
func determined(m [][]float64, n int) []int {
	const eps = 1e-9
	r := 0
	var pivots []int
	for c := 0; c < n && r < len(m); c++ {
		best, bv := -1, eps
		for i := r; i < len(m); i++ {
			if v := math.Abs(m[i][c]); v > bv {
				best, bv = i, v
			}
		}
		if best < 0 {
			continue
		}
		m[r], m[best] = m[best], m[r]
		p := m[r][c]
		for k := c; k < n; k++ {
			m[r][k] /= p
		}
		for i := range m {
			if i == r || math.Abs(m[i][c]) < eps {
				continue
			}
			f := m[i][c]
			for k := c; k < n; k++ {
				m[i][k] -= f * m[r][k]
			}
		}
		pivots = append(pivots, c)
		r++
	}
	var out []int
	for i, c := range pivots {
		alone := true
		for k := 0; k < n; k++ {
			if k != c && math.Abs(m[i][k]) > eps {
				alone = false
				break
			}
		}
		if alone {
			out = append(out, c)
		}
	}
	return out
}
