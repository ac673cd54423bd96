package notebooksexport

import "sort"

// sortedKeys gives a map's keys in order, so files are byte-for-byte
// repeatable.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
