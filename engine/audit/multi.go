package audit

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/manchester-insight/targeting/engine/compare"
)

// Pearson is the matrix of Pearson correlations between the columns.
func Pearson(cols [][]float64) [][]float64 {
	return matrix(cols, func(x, y []float64) float64 { return stat.Correlation(x, y, nil) })
}

// Spearman is the matrix of Spearman rank correlations between the columns.
func Spearman(cols [][]float64) [][]float64 {
	return matrix(cols, compare.Spearman)
}

func matrix(cols [][]float64, r func(x, y []float64) float64) [][]float64 {
	out := make([][]float64, len(cols))
	for i := range cols {
		out[i] = make([]float64, len(cols))
		out[i][i] = 1
		for j := range i {
			out[i][j] = r(cols[i], cols[j])
			out[j][i] = out[i][j]
		}
	}
	return out
}

// CronbachAlpha is k / (k - 1) (1 - Σ var(x_i) / var(Σ x_i)) over k >= 2
// columns, with sample variances; NaN for fewer than two columns or a
// constant total.
func CronbachAlpha(cols [][]float64) float64 {
	k := len(cols)
	if k < 2 {
		return nan()
	}
	total := make([]float64, len(cols[0]))
	var sumVar float64
	for _, c := range cols {
		sumVar += stat.Variance(c, nil)
		for i, v := range c {
			total[i] += v
		}
	}
	vt := stat.Variance(total, nil)
	if vt == 0 {
		return nan()
	}
	fk := float64(k)
	return fk / (fk - 1) * (1 - sumVar/vt)
}

// PCA is a principal components analysis of standardised variables.
type PCA struct {
	// Variances are the eigenvalues of the correlation matrix, largest
	// first; Explained is each as a share of their sum (the number of
	// variables), Cumulative its running total.
	Variances  []float64   `json:"variances"`
	Explained  []float64   `json:"explained"`
	Cumulative []float64   `json:"cumulative"`
	Loadings   [][]float64 `json:"loadings"` // [variable][component]: unit eigenvectors
}

// PrincipalComponents standardises each column (mean 0, sd 1) and runs
// gonum's stat.PC on the result.
func PrincipalComponents(cols [][]float64) (*PCA, error) {
	d := len(cols)
	if d < 2 {
		return nil, errors.New("principal components need at least two variables")
	}
	n := len(cols[0])
	if n < 2 {
		return nil, fmt.Errorf("principal components need at least two observations, got %d", n)
	}
	a := mat.NewDense(n, d, nil)
	for j, c := range cols {
		if len(c) != n {
			return nil, fmt.Errorf("principal components: column %d has %d values, want %d", j, len(c), n)
		}
		m, sd := stat.MeanStdDev(c, nil)
		if sd == 0 {
			return nil, fmt.Errorf("principal components: variable %d is constant", j)
		}
		for i, v := range c {
			a.Set(i, j, (v-m)/sd)
		}
	}
	var pc stat.PC
	if !pc.PrincipalComponents(a, nil) {
		return nil, errors.New("principal components: the decomposition failed")
	}
	vars := pc.VarsTo(nil)
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	_, k := vecs.Dims()
	out := &PCA{Variances: vars[:k], Explained: make([]float64, k), Cumulative: make([]float64, k), Loadings: make([][]float64, d)}
	var sum float64
	for _, v := range out.Variances {
		sum += v
	}
	var cum float64
	for c, v := range out.Variances {
		out.Explained[c] = v / sum
		cum += v / sum
		out.Cumulative[c] = cum
	}
	for j := range d {
		out.Loadings[j] = make([]float64, k)
	}
	for c := range k {
		var s float64
		for j := range d {
			s += vecs.At(j, c)
		}
		sign := 1.0
		if s < 0 {
			sign = -1
		}
		for j := range d {
			out.Loadings[j][c] = sign * vecs.At(j, c)
		}
	}
	return out, nil
}
