package crs

import "math"

// transverseMercator holds a transverse Mercator projection in the form of
// OS guide Annex C, with the series coefficients that depend only on the
// ellipsoid worked out once.
type transverseMercator struct {
	el             ellipsoid
	f0             float64 // scale factor on the central meridian
	lat0, lon0     float64 // true origin, radians
	e0, n0         float64 // false origin: grid coordinates of the true origin, metres
	aF0, bF0       float64
	m1, m2, m3, m4 float64 // coefficients of the meridional arc (Annex C, M)
}

func newTransverseMercator(el ellipsoid, f0, lat0Deg, lon0Deg, e0, n0 float64) transverseMercator {
	n := (el.a - el.b) / (el.a + el.b)
	n2, n3 := n*n, n*n*n
	return transverseMercator{
		el: el, f0: f0,
		lat0: lat0Deg * math.Pi / 180, lon0: lon0Deg * math.Pi / 180,
		e0: e0, n0: n0,
		aF0: el.a * f0, bF0: el.b * f0,
		m1: 1 + n + 5.0/4*n2 + 5.0/4*n3,
		m2: 3*n + 3*n2 + 21.0/8*n3,
		m3: 15.0/8*n2 + 15.0/8*n3,
		m4: 35.0 / 24 * n3,
	}
}

// nationalGrid is the OS National Grid projection, Table A2 of the OS
// guide: Airy 1830, F0 = 0.9996012717, true origin 49°N 2°W, false origin
// 400 km west and 100 km north of it (E0 = 400000, N0 = -100000).
var nationalGrid = newTransverseMercator(airy1830, 0.9996012717, 49, -2, 400000, -100000)

// arc is the developed meridional arc M from the true origin's latitude to
// lat, scaled by F0 (Annex C, the series for M).
func (p *transverseMercator) arc(lat float64) float64 {
	d, s := lat-p.lat0, lat+p.lat0
	return p.bF0 * (p.m1*d -
		p.m2*math.Sin(d)*math.Cos(s) +
		p.m3*math.Sin(2*d)*math.Cos(2*s) -
		p.m4*math.Sin(3*d)*math.Cos(3*s))
}

// radii returns ν and ρ, the scaled radii of curvature in the prime
// vertical and the meridian, and η² = ν/ρ - 1 (Annex C).
func (p *transverseMercator) radii(sinLat float64) (nu, rho, eta2 float64) {
	w := 1 - p.el.e2*sinLat*sinLat
	nu = p.aF0 / math.Sqrt(w)
	rho = nu * (1 - p.el.e2) / w
	return nu, rho, nu/rho - 1
}

// forward projects latitude and longitude (radians, on the projection's
// ellipsoid) to easting and northing: OS guide Annex C, section C1.
func (p *transverseMercator) forward(lat, lon float64) (e, n float64) {
	e, n, _, _ = p.forwardDeriv(lat, lon)
	return e, n
}

// forwardDeriv is forward that also returns ∂E/∂λ and ∂N/∂λ, obtained by
// differentiating the same series term by term; inverse uses them to
// polish its result.
func (p *transverseMercator) forwardDeriv(lat, lon float64) (e, n, dEdLon, dNdLon float64) {
	sinLat, cosLat := math.Sincos(lat)
	tan2 := sinLat * sinLat / (cosLat * cosLat)
	tan4 := tan2 * tan2
	nu, rho, eta2 := p.radii(sinLat)
	cos3 := cosLat * cosLat * cosLat
	cos5 := cos3 * cosLat * cosLat

	i := p.arc(lat) + p.n0
	ii := nu / 2 * sinLat * cosLat
	iii := nu / 24 * sinLat * cos3 * (5 - tan2 + 9*eta2)
	iiiA := nu / 720 * sinLat * cos5 * (61 - 58*tan2 + tan4)
	iv := nu * cosLat
	v := nu / 6 * cos3 * (nu/rho - tan2)
	vi := nu / 120 * cos5 * (5 - 18*tan2 + tan4 + 14*eta2 - 58*tan2*eta2)

	dl := lon - p.lon0
	dl2 := dl * dl
	n = i + dl2*(ii+dl2*(iii+dl2*iiiA))
	e = p.e0 + dl*(iv+dl2*(v+dl2*vi))
	dNdLon = dl * (2*ii + dl2*(4*iii+dl2*6*iiiA))
	dEdLon = iv + dl2*(3*v+dl2*5*vi)
	return e, n, dEdLon, dNdLon
}

// inverse turns easting and northing back into latitude and longitude
// (radians): OS guide Annex C, section C2. The footpoint latitude φ' is
// found by the guide's iteration, repeated until the meridional arc
// matches the northing to 0.01 mm; the series result is then polished
// against forward.
func (p *transverseMercator) inverse(e, n float64) (lat, lon float64) {
	dn := n - p.n0
	phi := p.lat0 + dn/p.aF0
	m := p.arc(phi)
	for range 20 {
		if math.Abs(dn-m) < 1e-5 {
			break
		}
		phi += (dn - m) / p.aF0
		m = p.arc(phi)
	}

	sinPhi, cosPhi := math.Sincos(phi)
	tan := sinPhi / cosPhi
	tan2 := tan * tan
	tan4 := tan2 * tan2
	tan6 := tan4 * tan2
	sec := 1 / cosPhi
	nu, rho, eta2 := p.radii(sinPhi)
	nu3 := nu * nu * nu
	nu5 := nu3 * nu * nu
	nu7 := nu5 * nu * nu

	vii := tan / (2 * rho * nu)
	viii := tan / (24 * rho * nu3) * (5 + 3*tan2 + eta2 - 9*tan2*eta2)
	ix := tan / (720 * rho * nu5) * (61 + 90*tan2 + 45*tan4)
	x := sec / nu
	xi := sec / (6 * nu3) * (nu/rho + 2*tan2)
	xii := sec / (120 * nu5) * (5 + 28*tan2 + 24*tan4)
	xiiA := sec / (5040 * nu7) * (61 + 662*tan2 + 1320*tan4 + 720*tan6)

	de := e - p.e0
	de2 := de * de
	lat = phi - de2*(vii-de2*(viii-de2*ix))
	lon = p.lon0 + de*(x-de2*(xi-de2*(xii-de2*xiiA)))
	return p.polish(e, n, lat, lon)
}

// polish takes one Newton step so that forward(lat, lon) lands on (e, n).
// The C1 and C2 series are truncated independently and disagree by up to
// about 2 mm at the western edge of the grid; without this step a round
// trip through ToBNG and ToWGS84 would drift by that much. The Jacobian
// comes from conformality: in longitude and isometric latitude ψ (with
// dψ/dφ = ρ/(ν cos φ)) the projection satisfies the Cauchy-Riemann
// equations, so ∂E/∂λ and ∂N/∂λ are all it takes.
func (p *transverseMercator) polish(e, n, lat, lon float64) (float64, float64) {
	fe, fn, a, b := p.forwardDeriv(lat, lon)
	de, dn := e-fe, n-fn
	k2 := a*a + b*b
	dLon := (a*de + b*dn) / k2
	dPsi := (a*dn - b*de) / k2
	sinLat, cosLat := math.Sincos(lat)
	nu, rho, _ := p.radii(sinLat)
	return lat + dPsi*nu*cosLat/rho, lon + dLon
}
