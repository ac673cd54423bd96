package notebooksexport

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// py writes a Go value as a Python literal, for the constants the notebook's
// first code cell carries from the run. Strings use JSON escapes, which
// Python's string literals share.
func py(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case string:
		b, _ := json.Marshal(x)
		return string(b)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "float(\"nan\")"
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []string:
		items := make([]string, len(x))
		for i, s := range x {
			items[i] = py(s)
		}
		return "[" + strings.Join(items, ", ") + "]"
	case pyDict:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		items := make([]string, len(keys))
		for i, k := range keys {
			items[i] = py(k) + ": " + py(x[k])
		}
		return "{" + strings.Join(items, ", ") + "}"
	}
	panic(fmt.Sprintf("py: unsupported %T", v))
}

// pyDict is a Python dict literal with sorted keys.
type pyDict map[string]any
