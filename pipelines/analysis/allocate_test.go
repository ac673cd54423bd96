package analysis

import (
	"path/filepath"
	"testing"
)

func TestAllocateManchester(t *testing.T) {
	res := scored(t, costOfLiving)
	for _, opt := range []AllocateOptions{
		{Budget: 2_000_000, By: "ward"},
		{Budget: 2_000_000, By: "ward", Floor: 20_000, Cap: 150_000},
		{Budget: 2_000_000, By: "ward", Need: NeedSelected},
		{Budget: 1_000_003, By: "area", Floor: 1_000},
	} {
		a, err := Allocate(res, opt)
		if err != nil {
			t.Fatalf("%+v: %v", opt, err)
		}
		var sum int64
		for _, u := range a.Units {
			sum += u.Amount
			if u.Amount < opt.Floor || opt.Cap > 0 && u.Amount > opt.Cap {
				t.Errorf("%+v: %s gets %d", opt, u.Code, u.Amount)
			}
			if opt.Need == NeedSelected && u.Selected == 0 && u.Amount != opt.Floor {
				t.Errorf("ward %s has no selected area but gets %d", u.Name, u.Amount)
			}
		}
		if sum != opt.Budget {
			t.Errorf("%+v: allocations sum to %d", opt, sum)
		}
		want := 32
		if opt.By == "area" {
			want = 282
		}
		if len(a.Units) != want {
			t.Errorf("%d units, want %d", len(a.Units), want)
		}
	}
	a, _ := Allocate(res, AllocateOptions{Budget: 2_000_000})
	files, err := WriteAllocation(res, a, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range files {
		got[filepath.Base(f)] = true
	}
	for _, f := range []string{"cost-of-living_allocation.gpkg", "cost-of-living_allocation.csv", "cost-of-living_allocation.json", "cost-of-living_allocation_fields.csv"} {
		if !got[f] {
			t.Errorf("missing %s in %v", f, files)
		}
	}
	if _, err := Allocate(res, AllocateOptions{Budget: 100, Floor: 10}); err == nil {
		t.Error("floors over budget should fail")
	}
}
