package spatial

import (
	"fmt"
	"slices"
	"sort"
)

// Weights is a sparse spatial weights matrix stored as neighbour lists: row i
// has the non-zero weights W[i][t] for observations Neighbours[i][t]. Areas
// have a handful of neighbours each, so lists keep memory and every
// statistic linear in the number of links rather than n^2.
//
// Rows produced by the constructors are sorted by neighbour index, hold no
// self-link (w_ii = 0, as Moran's I and Gi assume; Gi* adds its own self
// weight) and no duplicates. An empty row is an island.
type Weights struct {
	Neighbours [][]int
	W          [][]float64
}

// NewBinary returns binary weights (w_ij = 1 for each listed neighbour), the
// spdep style "B". The input is copied.
func NewBinary(neighbours [][]int) (Weights, error) {
	w := make([][]float64, len(neighbours))
	for i, nb := range neighbours {
		w[i] = make([]float64, len(nb))
		for t := range w[i] {
			w[i][t] = 1
		}
	}
	return NewWeights(neighbours, w)
}

// NewWeights returns general weights from neighbour lists and matching weight
// lists. The input is copied and each row sorted by neighbour index; an
// index out of range, a self-link or a repeated neighbour is an error.
func NewWeights(neighbours [][]int, w [][]float64) (Weights, error) {
	if len(neighbours) != len(w) {
		return Weights{}, fmt.Errorf("spatial: %d neighbour lists but %d weight lists", len(neighbours), len(w))
	}
	out := Weights{Neighbours: make([][]int, len(neighbours)), W: make([][]float64, len(w))}
	for i, nb := range neighbours {
		if len(nb) != len(w[i]) {
			return Weights{}, fmt.Errorf("spatial: row %d has %d neighbours but %d weights", i, len(nb), len(w[i]))
		}
		row := make([]link, len(nb))
		for t, j := range nb {
			row[t] = link{j, w[i][t]}
		}
		sort.Slice(row, func(a, b int) bool { return row[a].j < row[b].j })
		out.Neighbours[i] = make([]int, len(row))
		out.W[i] = make([]float64, len(row))
		for t, l := range row {
			out.Neighbours[i][t] = l.j
			out.W[i][t] = l.w
		}
	}
	if err := out.Validate(); err != nil {
		return Weights{}, err
	}
	return out, nil
}

type link struct {
	j int
	w float64
}

// Validate checks the invariants the statistics rely on: matching list
// lengths, indices in range, rows sorted with no self-link or duplicate.
func (w Weights) Validate() error {
	n := len(w.Neighbours)
	if len(w.W) != n {
		return fmt.Errorf("spatial: %d neighbour lists but %d weight lists", n, len(w.W))
	}
	for i, nb := range w.Neighbours {
		if len(nb) != len(w.W[i]) {
			return fmt.Errorf("spatial: row %d has %d neighbours but %d weights", i, len(nb), len(w.W[i]))
		}
		for t, j := range nb {
			switch {
			case j < 0 || j >= n:
				return fmt.Errorf("spatial: row %d: neighbour %d out of range [0,%d)", i, j, n)
			case j == i:
				return fmt.Errorf("spatial: row %d: self-link", i)
			case t > 0 && j <= nb[t-1]:
				return fmt.Errorf("spatial: row %d: neighbours not strictly increasing at %d", i, j)
			}
		}
	}
	return nil
}

// N is the number of observations.
func (w Weights) N() int { return len(w.Neighbours) }

// Links is the number of non-zero (directed) weights.
func (w Weights) Links() int {
	k := 0
	for _, nb := range w.Neighbours {
		k += len(nb)
	}
	return k
}

// Islands returns the observations with no neighbour.
func (w Weights) Islands() []int {
	var out []int
	for i, nb := range w.Neighbours {
		if len(nb) == 0 {
			out = append(out, i)
		}
	}
	return out
}

// Binary returns a copy with every listed link set to 1.
func (w Weights) Binary() Weights {
	out := w.clone()
	for _, row := range out.W {
		for t := range row {
			row[t] = 1
		}
	}
	return out
}

// RowStandardise returns a copy with each row divided by its sum (spdep
// style "W", esda transform "r"), so the spatial lag is the weighted mean
// of the neighbours. Islands and rows summing to zero are left unchanged.
func (w Weights) RowStandardise() Weights {
	out := w.clone()
	for _, row := range out.W {
		s := 0.0
		for _, v := range row {
			s += v
		}
		if s == 0 {
			continue
		}
		for t := range row {
			row[t] /= s
		}
	}
	return out
}

// IsSymmetric reports whether w_ij == w_ji for every link.
func (w Weights) IsSymmetric() bool {
	for i, nb := range w.Neighbours {
		for t, j := range nb {
			if w.weight(j, i) != w.W[i][t] {
				return false
			}
		}
	}
	return true
}

func (w Weights) clone() Weights {
	out := Weights{Neighbours: make([][]int, len(w.Neighbours)), W: make([][]float64, len(w.W))}
	for i := range w.Neighbours {
		out.Neighbours[i] = slices.Clone(w.Neighbours[i])
		out.W[i] = slices.Clone(w.W[i])
	}
	return out
}

// weight returns w_ij (0 when j is not a neighbour of i).
func (w Weights) weight(i, j int) float64 {
	if t, ok := slices.BinarySearch(w.Neighbours[i], j); ok {
		return w.W[i][t]
	}
	return 0
}

// lag returns the spatial lag sum_j w_ij z_j of every observation.
func (w Weights) lag(z []float64) []float64 {
	out := make([]float64, len(w.Neighbours))
	for i, nb := range w.Neighbours {
		s := 0.0
		for t, j := range nb {
			s += w.W[i][t] * z[j]
		}
		out[i] = s
	}
	return out
}

// sums returns the Cliff & Ord (1981) constants of the weights:
// S0 = sum_ij w_ij, S1 = 1/2 sum_ij (w_ij + w_ji)^2 and
// S2 = sum_i (w_i. + w_.i)^2. Asymmetric weights (k nearest neighbours) are
// handled: a link with no reverse contributes 2 w_ij^2 to the S1 sum.
func (w Weights) sums() (s0, s1, s2 float64) {
	n := len(w.Neighbours)
	col := make([]float64, n)
	row := make([]float64, n)
	for i, nb := range w.Neighbours {
		for t, j := range nb {
			v := w.W[i][t]
			s0 += v
			row[i] += v
			col[j] += v
			if r, ok := slices.BinarySearch(w.Neighbours[j], i); ok {
				s := v + w.W[j][r]
				s1 += s * s
			} else {
				s1 += 2 * v * v
			}
		}
	}
	s1 /= 2
	for i := range row {
		s := row[i] + col[i]
		s2 += s * s
	}
	return s0, s1, s2
}

func checkLen(x []float64, w Weights) {
	if len(x) != len(w.Neighbours) {
		panic(fmt.Sprintf("spatial: %d values but %d observations in the weights", len(x), len(w.Neighbours)))
	}
}
