package crs

import (
	"math"
	"testing"
)

// dms turns degrees, minutes and seconds into decimal degrees.
func dms(d, m, s float64) float64 {
	if d < 0 {
		return d - m/60 - s/3600
	}
	return d + m/60 + s/3600
}

// metres approximates the ground distance between two nearby lon/lat
// points in degrees, good to a fraction of a percent: plenty for asserting
// millimetre agreement.
func metres(lon1, lat1, lon2, lat2 float64) float64 {
	const mPerDeg = 6371000 * math.Pi / 180
	return mPerDeg * math.Hypot((lon1-lon2)*math.Cos(lat1*degToRad), lat1-lat2)
}

// TestTMWorkedExample checks the National Grid projection against the
// worked examples of OS guide Annex C (C1 forward, C2 inverse), which use
// the same point both ways on the Airy 1830 ellipsoid (OSGB36).
func TestTMWorkedExample(t *testing.T) {
	tests := []struct {
		name     string
		lat, lon float64 // degrees, OSGB36
		e, n     float64 // metres
	}{
		{"OS guide Annex C", dms(52, 39, 27.2531), dms(1, 43, 4.5177), 651409.903, 313177.270},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, n := nationalGrid.forward(tc.lat*degToRad, tc.lon*degToRad)
			if d := math.Hypot(e-tc.e, n-tc.n); d > 0.001 {
				t.Errorf("forward = (%.4f, %.4f), want (%.3f, %.3f): off by %.4f m", e, n, tc.e, tc.n, d)
			}
			lat, lon := nationalGrid.inverse(tc.e, tc.n)
			if d := metres(lon*radToDeg, lat*radToDeg, tc.lon, tc.lat); d > 0.001 {
				t.Errorf("inverse = (%.9f, %.9f), want (%.9f, %.9f): off by %.4f m",
					lat*radToDeg, lon*radToDeg, tc.lat, tc.lon, d)
			}
		})
	}
}

// TestCartesianWorkedExample checks the ellipsoid <-> Cartesian
// conversions against the worked examples of OS guide Annex B (B1 and B2),
// which use GRS80.
func TestCartesianWorkedExample(t *testing.T) {
	grs80 := newEllipsoid(6378137.000, 6356752.3141)
	tests := []struct {
		name        string
		el          ellipsoid
		lat, lon, h float64 // degrees, degrees, metres
		want        cartesian
	}{
		{"OS guide Annex B", grs80, dms(53, 36, 43.1653), dms(-1, 39, 51.9920), 299.800,
			cartesian{3790644.900, -110149.210, 5111482.970}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.el.toCartesian(tc.lat*degToRad, tc.lon*degToRad, tc.h)
			if d := math.Sqrt(sq(c.x-tc.want.x) + sq(c.y-tc.want.y) + sq(c.z-tc.want.z)); d > 0.001 {
				t.Errorf("toCartesian = %+v, want %+v: off by %.4f m", c, tc.want, d)
			}
			lat, lon, h := tc.el.fromCartesian(tc.want)
			if d := metres(lon*radToDeg, lat*radToDeg, tc.lon, tc.lat); d > 0.001 {
				t.Errorf("fromCartesian lat/lon off by %.4f m", d)
			}
			if math.Abs(h-tc.h) > 0.001 {
				t.Errorf("fromCartesian h = %.4f, want %.3f", h, tc.h)
			}
		})
	}
}

func sq(x float64) float64 { return x * x }

// TestHelmertInverse checks that reverse is the exact inverse of forward
// (the guide's negated-parameter reverse would miss by up to 12 mm).
func TestHelmertInverse(t *testing.T) {
	h := wgs84ToOSGB36
	for i := range 3 {
		for j := range 3 {
			var sum float64
			for k := range 3 {
				sum += h.m[i][k] * h.inv[k][j]
			}
			want := 0.0
			if i == j {
				want = 1
			}
			if math.Abs(sum-want) > 1e-15 {
				t.Errorf("(M·M⁻¹)[%d][%d] = %g, want %g", i, j, sum, want)
			}
		}
	}
	c := wgs84.toCartesian(53.48*degToRad, -2.24*degToRad, 0) // Manchester
	back := h.reverse(h.forward(c))
	if d := math.Sqrt(sq(back.x-c.x) + sq(back.y-c.y) + sq(back.z-c.z)); d > 1e-6 {
		t.Errorf("reverse(forward(x)) is %.3g m from x", d)
	}
}

// gbGrid calls f on a 0.1° grid over the whole of Great Britain's
// bounding box, sea included: lon -7.5..1.8, lat 49.9..60.8.
func gbGrid(f func(lon, lat float64)) {
	for i := 0; i <= 93; i++ {
		for j := 0; j <= 109; j++ {
			f(-7.5+float64(i)*0.1, 49.9+float64(j)*0.1)
		}
	}
}

func TestRoundTripWGS84(t *testing.T) {
	var worst, wLon, wLat float64
	gbGrid(func(lon, lat float64) {
		lo, la := ToWGS84(ToBNG(lon, lat))
		if d := metres(lo, la, lon, lat); d > worst {
			worst, wLon, wLat = d, lon, lat
		}
	})
	t.Logf("worst round trip lon/lat -> BNG -> lon/lat: %.2g m at (%.1f, %.1f)", worst, wLon, wLat)
	if worst > 0.001 {
		t.Errorf("round trip drifts by %.4f m at (%.1f, %.1f), want < 1 mm", worst, wLon, wLat)
	}
}

func TestRoundTripBNG(t *testing.T) {
	var worst float64
	for e := 0.0; e <= 700000; e += 10000 {
		for n := 0.0; n <= 1250000; n += 10000 {
			e2, n2 := ToBNG(ToWGS84(e, n))
			if d := math.Hypot(e2-e, n2-n); d > worst {
				worst = d
			}
			if d := math.Hypot(e2-e, n2-n); d > 0.001 {
				t.Fatalf("BNG (%v, %v) round trips to (%.4f, %.4f)", e, n, e2, n2)
			}
		}
	}
	t.Logf("worst round trip BNG -> lon/lat -> BNG: %.2g m", worst)
}

// TestGolden checks ToBNG and ToWGS84 at a few places against values
// computed once with PROJ 9.1.1 (cs2cs, using the same Helmert-only
// pipeline as cs2cs_test.go) and recorded here, so that a wrong sign or
// swapped axis is caught even on machines without PROJ.
func TestGolden(t *testing.T) {
	tests := []struct {
		name     string
		lon, lat float64 // WGS84 degrees
		e, n     float64 // PROJ's BNG metres
	}{
		{"OS Annex C example point, read as WGS84", dms(1, 43, 4.5177), dms(52, 39, 27.2531), 651538.6406, 313138.4045},
		{"Land's End", -5.7150, 50.0657, 134240.8270, 25011.4611},
		{"Dover", 1.3134, 51.1279, 631936.0716, 141734.2401},
		{"Manchester", -2.2426, 53.4808, 383997.4338, 398258.3158},
		{"Stornoway", -6.3890, 58.2090, 142287.0935, 932868.4558},
		{"Herma Ness, Unst", -0.8850, 60.8460, 460697.7602, 1218646.4914},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, n := ToBNG(tc.lon, tc.lat)
			if d := math.Hypot(e-tc.e, n-tc.n); d > 0.01 {
				t.Errorf("ToBNG = (%.4f, %.4f), want (%.4f, %.4f): off by %.4f m", e, n, tc.e, tc.n, d)
			}
			lon, lat := ToWGS84(tc.e, tc.n)
			if d := metres(lon, lat, tc.lon, tc.lat); d > 0.01 {
				t.Errorf("ToWGS84 = (%.8f, %.8f), want (%.8f, %.8f): off by %.4f m", lon, lat, tc.lon, tc.lat, d)
			}
		})
	}
}

// sink keeps the compiler from optimising benchmark calls away.
var sink float64

func BenchmarkToBNG(b *testing.B) {
	lon, lat := -2.2426, 53.4808 // Manchester
	for i := 0; b.Loop(); i++ {
		e, n := ToBNG(lon+float64(i&1023)*1e-4, lat)
		sink += e + n
	}
}

func BenchmarkToWGS84(b *testing.B) {
	e, n := 383997.4338, 398258.3158 // Manchester
	for i := 0; b.Loop(); i++ {
		lon, lat := ToWGS84(e+float64(i&1023), n)
		sink += lon + lat
	}
}
