package palette

import "math"

// Lab is a CIELAB colour (D65 white, 2° observer): L* 0..100, a*, b*.
type Lab struct{ L, A, B float64 }

// Vision is normal colour vision or a simulated dichromacy.
type Vision int

const (
	Normal Vision = iota
	Protan        // protanopia: no long-wavelength (red) cones
	Deutan        // deuteranopia: no medium-wavelength (green) cones
	Tritan        // tritanopia: no short-wavelength (blue) cones
)

// Visions lists every Vision, Normal first.
var Visions = []Vision{Normal, Protan, Deutan, Tritan}

func (v Vision) String() string {
	return [...]string{"normal", "protan", "deutan", "tritan"}[v]
}

// machado are the simulation matrices of Machado, Oliveira & Fernandes, "A
// Physiologically-based Model for Simulation of Color Vision Deficiency"
// (IEEE TVCG 15(6), 2009), at severity 1.0 (dichromacy), applied to linear
// RGB. Normal vision is the identity.
var machado = [...][3][3]float64{
	Normal: {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
	Protan: {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
	Deutan: {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
	Tritan: {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}},
}

// linear converts an 8-bit sRGB channel to linear light (IEC 61966-2-1).
func linear(c uint8) float64 {
	v := float64(c) / 255
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

// linearRGB is the colour "#rrggbb" as seen with vision v, in linear RGB
// (each channel clipped to [0, 1] after simulation).
func linearRGB(hex string, v Vision) [3]float64 {
	c := mustRGB(hex)
	in := [3]float64{linear(c[0]), linear(c[1]), linear(c[2])}
	m := machado[v]
	var out [3]float64
	for i := range out {
		out[i] = math.Max(0, math.Min(1, m[i][0]*in[0]+m[i][1]*in[1]+m[i][2]*in[2]))
	}
	return out
}

// LabOf is the CIELAB colour of "#rrggbb" as seen with vision v. It panics
// on a malformed colour (use RGB to check one first).
func LabOf(hex string, v Vision) Lab {
	c := linearRGB(hex, v)
	// sRGB (D65) to XYZ, then XYZ to CIELAB against D65 white.
	x := 0.4124564*c[0] + 0.3575761*c[1] + 0.1804375*c[2]
	y := 0.2126729*c[0] + 0.7151522*c[1] + 0.0721750*c[2]
	z := 0.0193339*c[0] + 0.1191920*c[1] + 0.9503041*c[2]
	f := func(t float64) float64 {
		const e = 216.0 / 24389
		if t > e {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x/0.95047), f(y), f(z/1.08883)
	return Lab{L: 116*fy - 16, A: 500 * (fx - fy), B: 200 * (fy - fz)}
}

// Difference is the CIEDE2000 difference between two "#rrggbb" colours as
// seen with vision v.
func Difference(a, b string, v Vision) float64 {
	return DeltaE2000(LabOf(a, v), LabOf(b, v))
}

// DeltaE2000 is the CIEDE2000 colour difference (CIE 142-2001) with
// kL = kC = kH = 1, as set out by Sharma, Wu & Dalal, "The CIEDE2000
// Color-Difference Formula: Implementation Notes, Supplementary Test Data,
// and Mathematical Observations" (Color Research & Application 30(1), 2005),
// whose 34 test pairs it reproduces to four decimals. About 1 is a just
// noticeable difference.
//
// It is written out here rather than taken from
// github.com/lucasb-eyer/go-colorful (the maintained Go colour library):
// that module's DistanceCIEDE2000 (v1.4.1) reproduces 33 of the 34 pairs
// but gives 7.2195 for pair 10 (published 7.1792, hues exactly 180° apart),
// and the formula is some sixty lines against a whole new dependency.
func DeltaE2000(x, y Lab) float64 {
	const deg = math.Pi / 180
	pow7 := func(v float64) float64 { v2 := v * v; return v2 * v2 * v2 * v }
	c1, c2 := math.Hypot(x.A, x.B), math.Hypot(y.A, y.B)
	cBar7 := pow7((c1 + c2) / 2)
	g := 0.5 * (1 - math.Sqrt(cBar7/(cBar7+pow7(25))))
	a1, a2 := (1+g)*x.A, (1+g)*y.A
	c1p, c2p := math.Hypot(a1, x.B), math.Hypot(a2, y.B)
	hue := func(b, a float64) float64 {
		if a == 0 && b == 0 {
			return 0
		}
		h := math.Atan2(b, a) / deg
		if h < 0 {
			h += 360
		}
		return h
	}
	h1, h2 := hue(x.B, a1), hue(y.B, a2)

	// Hues from atan2 carry rounding errors of about 1e-13°; hues exactly
	// 180° apart (Sharma's pair 14) must still take the "<= 180°" branches
	// below, so the comparisons allow for that much.
	const eps = 1e-9

	dL := y.L - x.L
	dC := c2p - c1p
	dh := 0.0
	chromatic := c1p*c2p != 0
	if chromatic {
		dh = h2 - h1
		switch {
		case dh > 180+eps:
			dh -= 360
		case dh < -180-eps:
			dh += 360
		}
	}
	dH := 2 * math.Sqrt(c1p*c2p) * math.Sin(dh/2*deg)

	lBar := (x.L + y.L) / 2
	cBarP := (c1p + c2p) / 2
	hBar := h1 + h2
	if chromatic {
		switch {
		case math.Abs(h1-h2) <= 180+eps:
			hBar = (h1 + h2) / 2
		case h1+h2 < 360:
			hBar = (h1 + h2 + 360) / 2
		default:
			hBar = (h1 + h2 - 360) / 2
		}
	}
	t := 1 - 0.17*math.Cos((hBar-30)*deg) + 0.24*math.Cos(2*hBar*deg) +
		0.32*math.Cos((3*hBar+6)*deg) - 0.20*math.Cos((4*hBar-63)*deg)
	dTheta := 30 * math.Exp(-math.Pow((hBar-275)/25, 2))
	cBarP7 := pow7(cBarP)
	rC := 2 * math.Sqrt(cBarP7/(cBarP7+pow7(25)))
	l50 := (lBar - 50) * (lBar - 50)
	sL := 1 + 0.015*l50/math.Sqrt(20+l50)
	sC := 1 + 0.045*cBarP
	sH := 1 + 0.015*cBarP*t
	rT := -math.Sin(2*dTheta*deg) * rC
	tl, tc, th := dL/sL, dC/sC, dH/sH
	return math.Sqrt(tl*tl + tc*tc + th*th + rT*tc*th)
}

// Contrast is the WCAG 2 contrast ratio of two "#rrggbb" colours, 1 to 21.
func Contrast(a, b string) float64 {
	la, lb := luminance(a)+0.05, luminance(b)+0.05
	if la < lb {
		la, lb = lb, la
	}
	return la / lb
}

// luminance is WCAG 2's relative luminance.
func luminance(hex string) float64 {
	c := linearRGB(hex, Normal)
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}
