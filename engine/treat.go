package engine

import (
	"math"
	"strconv"

	"gonum.org/v1/gonum/stat"
)

// Treatment is an indicator's outlier treatment before normalisation, the
// COINr rule (its Treat() default, after the JRC COIN Tool): while
// |skew| > Skew and kurtosis > Kurtosis, winsorise one point at the side of
// the skew (every value equal to the maximum, for positive skew, becomes
// the largest other value; the minimum likewise for negative skew), at
// most MaxPoints times. If the indicator is still outside the limits, the
// original values are log-transformed instead: ln(x - min + 1) for
// positive skew, -ln(max - x + 1) for negative skew (both increasing, so
// the direction is kept). Skew and kurtosis are gonum's stat.Skew and
// stat.ExKurtosis (G1 and excess G2, R e1071 type 2, as COINr uses).
type Treatment struct {
	Skew, Kurtosis float64
	MaxPoints      int
}

// Treated is one value changed by a treatment.
type Treated struct {
	Indicator string  `json:"indicator"`
	Code      string  `json:"area_code"`
	Raw       float64 `json:"raw"`
	Treated   float64 `json:"treated"`
	Step      string  `json:"step"` // "winsorised (point k)" or "log"
}

func outside(x []float64, t Treatment) (bool, float64) {
	sk, ku := stat.Skew(x, nil), stat.ExKurtosis(x, nil)
	return math.Abs(sk) > t.Skew && ku > t.Kurtosis, sk
}

// Treat applies t to x (no NaN) and returns the treated values, the step
// that changed each value ("" for none) and the number of winsorisation
// points used ("log" steps when the fallback applied). Fewer than 4
// values, or constant values, are left alone.
func Treat(x []float64, t Treatment) (out []float64, steps []string, points int, logged bool) {
	out = append([]float64(nil), x...)
	steps = make([]string, len(x))
	if len(x) < 4 {
		return out, steps, 0, false
	}
	if _, sd := stat.MeanStdDev(x, nil); sd == 0 {
		return out, steps, 0, false
	}
	flagged, sk := outside(out, t)
	for flagged && points < t.MaxPoints {
		ext := math.Inf(-1)
		if sk < 0 {
			ext = math.Inf(1)
		}
		for _, v := range out {
			if (sk >= 0 && v > ext) || (sk < 0 && v < ext) {
				ext = v
			}
		}
		next := math.NaN()
		for _, v := range out {
			if v != ext && (math.IsNaN(next) || (sk >= 0 && v > next) || (sk < 0 && v < next)) {
				next = v
			}
		}
		if math.IsNaN(next) {
			break
		}
		points++
		for i, v := range out {
			if v == ext {
				out[i] = next
				steps[i] = "winsorised (point " + strconv.Itoa(points) + ")"
			}
		}
		flagged, sk = outside(out, t)
	}
	if !flagged {
		return out, steps, points, false
	}
	_, sk = outside(x, t)
	lo, hi := x[0], x[0]
	for _, v := range x {
		lo, hi = min(lo, v), max(hi, v)
	}
	for i, v := range x {
		if sk >= 0 {
			out[i] = math.Log(v - lo + 1)
		} else {
			out[i] = -math.Log(hi - v + 1)
		}
		steps[i] = "log"
	}
	return out, steps, points, true
}
