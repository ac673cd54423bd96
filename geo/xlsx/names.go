package xlsx

import (
	"strconv"
	"strings"
	"unicode/utf16"
)

// maxSheetName is Excel's limit on a sheet name, in UTF-16 code units.
const maxSheetName = 31

// SheetName is the sheet name Write gives a sheet asked for as name. Excel
// refuses names longer than 31 characters (UTF-16 code units), names with
// any of : \ / ? * [ ], names that begin or end with an apostrophe, blank
// names and "History" (reserved). Rather than fail a whole export over a
// sheet's name, each forbidden character becomes "_", every apostrophe
// becomes a typographic one (’: excelize does not double an apostrophe in
// the autofilter's defined name, which Excel would then reject), line
// breaks and tabs become spaces, the name is cut to 31 characters (never
// inside a surrogate pair), a blank name becomes "Sheet" and "History"
// becomes "History_". Write also makes names unique (Excel compares them
// ignoring case), adding " (2)", " (3)" ..., and the About sheet records
// every name it changed.
func SheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		switch r {
		case ':', '\\', '/', '?', '*', '[', ']':
			return '_'
		case '\'':
			return '’'
		case '\r', '\n', '\t':
			return ' '
		}
		return r
	}, name)
	name = truncateUTF16(name, maxSheetName)
	if strings.TrimSpace(name) == "" {
		return "Sheet"
	}
	if strings.EqualFold(name, "History") {
		return name + "_"
	}
	return name
}

// uniqueName returns name, or name with " (n)" added (and cut to fit),
// so that it is not in used (lower-cased); it records the result.
func uniqueName(name string, used map[string]bool) string {
	out := name
	for n := 2; used[strings.ToLower(out)]; n++ {
		suffix := " (" + strconv.Itoa(n) + ")"
		out = truncateUTF16(name, maxSheetName-len(suffix)) + suffix
	}
	used[strings.ToLower(out)] = true
	return out
}

// truncateUTF16 cuts s to at most n UTF-16 code units, at a rune boundary.
func truncateUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		w := len(utf16.Encode([]rune{r}))
		if units+w > n {
			return s[:i]
		}
		units += w
	}
	return s
}
