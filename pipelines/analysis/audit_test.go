package analysis

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/manchester-insight/targeting/engine/audit"
)

func TestAuditCostOfLiving(t *testing.T) {
	res := scored(t, costOfLiving)
	a, err := ScenarioAudit(res)
	if err != nil {
		t.Fatal(err)
	}
	if a.Areas != 282 || len(a.Indicators) != 5 || len(a.Variables) != 6 {
		t.Fatalf("areas %d, indicators %d, variables %v", a.Areas, len(a.Indicators), a.Variables)
	}
	// service_use is blank for 68 suppressed areas, imputed by the median:
	// the audit counts them as missing, not as 68 copies of the median.
	su := a.Indicators[4]
	if su.ID != "service_use" || su.Raw.Missing != res.Report.Imputed["service_use"] || su.Raw.Missing != 68 || su.Norm.Missing != 0 {
		t.Errorf("service_use missing %d (imputed %d), normalised missing %d", su.Raw.Missing, res.Report.Imputed["service_use"], su.Norm.Missing)
	}
	for _, f := range a.Flags {
		switch {
		case f.Kind == audit.FlagRedundant && slices.Equal(f.Items, []string{"income", "employment"}):
		default:
			t.Errorf("unexpected flag: %+v", f)
		}
	}
	if len(a.Alphas) != 1 || a.Alphas[0].Group != IndexGroup || a.Alphas[0].Alpha < 0.7 || a.Alphas[0].Alpha > 1 {
		t.Errorf("alphas %+v", a.Alphas)
	}
	if a.PCA == nil || a.PCA.Explained[0] < 0.5 || len(a.PCA.Loadings) != 5 {
		t.Errorf("pca %+v (%s)", a.PCA, a.PCAError)
	}
	for i := range a.Variables {
		if a.Pearson[i][i] != 1 || a.Spearman[i][i] != 1 {
			t.Errorf("diagonal of %s not 1", a.Variables[i])
		}
	}

	dir := t.TempDir()
	files, err := WriteAudit(res, a, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"cost-of-living_audit_indicators.csv", "cost-of-living_audit_pearson.csv", "cost-of-living_audit_spearman.csv",
		"cost-of-living_audit_pca.csv", "cost-of-living_audit.json"}
	if len(files) != len(want) {
		t.Fatalf("files %v, want %v", files, want)
	}
	for _, f := range want {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(mustRead(t, filepath.Join(dir, "cost-of-living_audit.json"))), &v); err != nil {
		t.Fatal(err)
	}
	if v["pca"] == nil || v["methods"] == nil {
		t.Errorf("json lacks pca or methods: %v", v)
	}
}

// Flipping one indicator's direction in a copy of the scenario makes the
// audit flag it, and only it, for its direction.
func TestAuditFlagsAFlippedDirection(t *testing.T) {
	res := scoreEdited(t, costOfLiving, "    unit: percent of households\n    direction: higher_is_worse\n    normalise: {method: percentile}\n    weight: 0.20\n  - id: household",
		"    unit: percent of households\n    direction: higher_is_better\n    normalise: {method: percentile}\n    weight: 0.20\n  - id: household")
	a, err := ScenarioAudit(res)
	if err != nil {
		t.Fatal(err)
	}
	var dir []string
	for _, f := range a.Flags {
		if f.Kind == audit.FlagDirection {
			dir = append(dir, f.Items...)
			if f.Domain != IndexGroup || f.R >= 0 {
				t.Errorf("flag %+v", f)
			}
		}
	}
	if !slices.Equal(dir, []string{"fuel_poverty"}) {
		t.Errorf("direction flags on %v, want [fuel_poverty]; flags %+v", dir, a.Flags)
	}
	if a.Flags[0].Kind != audit.FlagDirection {
		t.Errorf("first flag is %q, want the direction check first", a.Flags[0].Kind)
	}
}
