package indicators

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// GSS is the na: token that stands for the symbols the Government
// Statistical Service's guidance and older ONS and Nomis tables use for a
// cell with no number: [c] confidential, [x] not available, [z] not
// applicable, [low] rounds to zero, [u] low reliability, [w] no data, and
// the older *, c, x, z, .., :, and a lone -.
const GSS = "gss"

// GSSSymbols are the tokens na: [gss] stands for.
var GSSSymbols = []string{"[c]", "[x]", "[z]", "[low]", "[u]", "[w]", "*", "c", "x", "z", "..", ":", "-"}

// NATokens expands a source's na: list (GSS stands for GSSSymbols); the
// empty string is always missing.
func NATokens(na []string) []string {
	var out []string
	for _, t := range na {
		if t == GSS {
			out = append(out, GSSSymbols...)
		} else {
			out = append(out, t)
		}
	}
	return out
}

// numbers is one number grammar for every loader: how a source writes its
// numbers (Spec.Decimal, Spec.Percent) and which tokens mean "no value"
// (Spec.NA). Anything else is an error that says what was found and which
// source key would accept it, never a silent guess: "8,4" is not 84, and
// "12,34,5" is not 12345.
type numbers struct {
	na      map[string]bool
	comma   bool // decimal comma: 1.234,5 or 1 234,5
	percent bool // a trailing % is allowed (84% is 84)
}

func newNumbers(s Spec) (*numbers, error) {
	g := &numbers{na: map[string]bool{"": true}, percent: s.Percent}
	for _, t := range NATokens(s.NA) {
		g.na[t] = true
	}
	switch s.Decimal {
	case "", ".":
	case ",":
		g.comma = true
	default:
		return nil, fmt.Errorf("decimal %q: use \".\" (the default) or \",\"", s.Decimal)
	}
	return g, nil
}

var (
	// With a decimal point: 1234.5, -0.5, .5, 1e-3, and 1,234,567.5 with
	// commas between groups of three.
	pointPlain   = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	pointGrouped = regexp.MustCompile(`^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$`)
	// With a decimal comma: 1234,5 and 1.234.567,5 or 1 234 567,5.
	commaPlain   = regexp.MustCompile(`^[+-]?(\d+,?\d*|,\d+)([eE][+-]?\d+)?$`)
	commaGrouped = regexp.MustCompile(`^[+-]?\d{1,3}((\.\d{3})+|( \d{3})+)(,\d+)?$`)
)

// plainByte marks the bytes of a number strconv reads the same way under
// the grammar: digits, point, sign, exponent.
func plainNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E' {
			return false
		}
	}
	return true
}

// parse reads one cell. A plain number is read at once; anything else is
// trimmed and checked against the grammar.
func (g *numbers) parse(s string) (float64, error) {
	if s == "" {
		return nan, nil
	}
	if !g.comma && len(g.na) == 1 && plainNumber(s) {
		if v, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(v, 0) {
			return v, nil
		}
	}
	raw := s
	s = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\u00a0", " "), "\u202f", " "))
	if g.na[s] {
		return nan, nil
	}
	if t, ok := strings.CutSuffix(s, "%"); ok {
		if !g.percent {
			return nan, fmt.Errorf("value %q ends in %%: if the column holds percentages, set percent: true on the source (84%% is then read as 84)", raw)
		}
		s = strings.TrimSpace(t)
	}
	var clean string
	switch {
	case !g.comma && pointPlain.MatchString(s):
		clean = s
	case !g.comma && pointGrouped.MatchString(s):
		clean = strings.ReplaceAll(s, ",", "")
	case g.comma && commaPlain.MatchString(s):
		clean = strings.Replace(s, ",", ".", 1)
	case g.comma && commaGrouped.MatchString(s):
		clean = strings.Replace(strings.NewReplacer(".", "", " ", "").Replace(s), ",", ".", 1)
	default:
		return nan, g.notANumber(raw, s)
	}
	v, err := strconv.ParseFloat(clean, 64)
	if err != nil || math.IsInf(v, 0) {
		return nan, fmt.Errorf("value %q is out of range for a number", raw)
	}
	return v, nil
}

// notANumber says why s is not a number and which source key would read
// it, if any would.
func (g *numbers) notANumber(raw, s string) error {
	switch {
	case !g.comma && strings.Contains(s, ","):
		return fmt.Errorf("value %q is not a number: a comma may only separate groups of three digits (1,234,567.5); if the file uses a decimal comma (8,4), set decimal: \",\" on the source", raw)
	case g.comma && strings.Count(s, ",") > 1:
		return fmt.Errorf("value %q is not a number: with decimal: \",\" a number has one decimal comma, and points or spaces only between groups of three digits (1.234,5)", raw)
	case g.comma && strings.Contains(s, "."):
		return fmt.Errorf("value %q is not a number: with decimal: \",\" points may only separate groups of three digits (1.234.567,5)", raw)
	case slices.Contains(GSSSymbols, s) || strings.HasPrefix(s, "["):
		return fmt.Errorf("value %q is not a number: if it marks a suppressed or missing value, list it under the source's na: (e.g. na: [%q]), or use na: [gss] for the ONS/GSS symbols %v", raw, s, GSSSymbols)
	}
	return fmt.Errorf("value %q is not a number (if it marks a missing value, list it under the source's na:)", raw)
}
