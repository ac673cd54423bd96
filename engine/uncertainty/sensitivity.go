package uncertainty

import "gonum.org/v1/gonum/stat"

// indices computes the first-order (Saltelli 2010) and total (Jansen 1999)
// indices of each factor for both outputs; see the package documentation.
// An output that never varies has nothing to apportion: its indices are 0.
func indices(d *design, yA, yB [][2]float64, yAB [][][2]float64) []Factor {
	N := len(yA)
	out := make([]Factor, len(d.factors))
	for o := range 2 {
		all := make([]float64, 0, 2*N)
		for j := range N {
			all = append(all, yA[j][o], yB[j][o])
		}
		v := stat.Variance(all, nil)
		for f := range d.factors {
			var s1, st float64
			for j := range N {
				a, b, ab := yA[j][o], yB[j][o], yAB[f][j][o]
				s1 += b * (ab - a)
				st += (a - ab) * (a - ab)
			}
			s1 /= float64(N)
			st /= 2 * float64(N)
			if v > 0 {
				s1, st = s1/v, st/v
			} else {
				s1, st = 0, 0
			}
			out[f].Name, out[f].Kind = d.factors[f].name, d.factors[f].kind
			if o == 0 {
				out[f].S1, out[f].ST = s1, st
			} else {
				out[f].S1Selection, out[f].STSelection = s1, st
			}
		}
	}
	return out
}
