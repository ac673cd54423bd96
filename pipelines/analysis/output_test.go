package analysis

import "testing"

// Every field an analysis command adds has its own short title.
func TestFieldTitlesCoverOwnFields(t *testing.T) {
	for _, m := range []map[string]string{allocationFields, clusterFields, compareFields, robustnessFields} {
		for f := range m {
			if _, ok := fieldTitles[f]; !ok {
				switch f {
				case "area_code", "area_name", "ward_code", "ward_name", "population", "n_areas", "areas_selected", "rank", "selected":
					continue // titled by the scored data dictionary
				}
				t.Errorf("field %q has no title", f)
			}
		}
	}
}
