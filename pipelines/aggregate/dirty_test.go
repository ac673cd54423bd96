package aggregate

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every kind of dirty row is counted under its own reason, exactly, and the
// report accounts for every row read.
func TestEveryDirtyKindCounted(t *testing.T) {
	const hdr = "record_id,service_date,service,person_id,household_id,lsoa_code,postcode,easting,northing\n"
	ok := func(id string) string {
		return id + ",2024-06-01,welfare_payment,p" + id + ",h" + id + ",E01005061,,,\n"
	}
	var b strings.Builder
	b.WriteString(hdr)
	id := 0
	next := func() string { id++; return fmt.Sprint(id) }
	add := func(n int, row func(id string) string) {
		for range n {
			b.WriteString(row(next()))
		}
	}
	add(5, ok)                                                                                           // counted by LSOA code
	add(2, func(id string) string { return id + ",2024-06-01,welfare_payment,p,h,,M1 0AA,,\n" })         // counted by postcode
	add(3, func(id string) string { return id + ",2024-06-01,welfare_payment,p,h,,,384000,397500\n" })   // counted by point
	add(1, func(id string) string { return id + ",2024-06-01,welfare_payment\n" })                       // malformed
	add(2, func(id string) string { return "1,2024-06-01,welfare_payment,p,h,E01005061,,,\n" })          // duplicate of id 1
	add(3, func(string) string { return ",2024-06-01,welfare_payment,p,h,E01005061,,,\n" })              // blank id
	add(4, func(id string) string { return id + ",,welfare_payment,p,h,E01005061,,,\n" })                // blank date
	add(5, func(id string) string { return id + ",2024-13-45,welfare_payment,p,h,E01005061,,,\n" })      // bad date
	add(6, func(id string) string { return id + ",2025-06-01,welfare_payment,p,h,E01005061,,,\n" })      // future
	add(7, func(id string) string { return id + ",2020-06-01,welfare_payment,p,h,E01005061,,,\n" })      // outside window
	add(8, func(id string) string { return id + ",2024-06-01,,p,h,E01005061,,,\n" })                     // blank service
	add(9, func(id string) string { return id + ",2024-06-01,bingo,p,h,E01005061,,,\n" })                // unknown service
	add(10, func(id string) string { return id + ",2024-06-01,welfare_payment,,h,E01005061,,,\n" })      // blank person
	add(11, func(id string) string { return id + ",2024-06-01,welfare_payment,p,,E01005061,,,\n" })      // blank household
	add(12, func(id string) string { return id + ",2024-06-01,welfare_payment,p,h,,,,\n" })              // blank location
	add(13, func(id string) string { return id + ",2024-06-01,welfare_payment,p,h,,,38x4000,397500\n" }) // bad point
	add(14, func(id string) string { return id + ",2024-06-01,welfare_payment,p,h,,,420000,397500\n" })  // outside the city
	add(15, func(id string) string { return id + ",2024-06-01,welfare_payment,p,h,E01006000,,,\n" })     // another district
	add(16, func(id string) string { return id + ",2024-06-01,welfare_payment,p,h,,ZZ99 9ZZ,,\n" })      // unknown postcode
	dir := t.TempDir()
	path := filepath.Join(dir, "dirty.csv")
	os.WriteFile(path, []byte(b.String()), 0o644)

	res, err := Run(config(t, ""), path, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := map[Reason]int64{Counted: 10, Malformed: 1, DuplicateID: 2, BlankID: 3, BlankDate: 4, BadDate: 5, FutureDate: 6,
		OutsideWindow: 7, BlankService: 8, UnknownService: 9, BlankPerson: 10, BlankHousehold: 11, BlankLocation: 12,
		BadPoint: 13, PointOutside: 14, UnknownCode: 15, UnknownPostcode: 16}
	for _, r := range Reasons() {
		if res.Rows[r] != want[r] {
			t.Errorf("%s: %d rows, want %d", r.Key(), res.Rows[r], want[r])
		}
	}
	files, err := Write(res, filepath.Join(dir, "out", "x.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var rep Report
	raw, _ := os.ReadFile(files[3])
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Rows.Read != rep.Rows.Counted+rep.Rows.OutsideWindow+rep.Rows.SetAsideTotal {
		t.Errorf("rows do not reconcile: %+v", rep.Rows)
	}
	for r, n := range want {
		if r.Dirty() && rep.Rows.SetAside[r.Key()] != n {
			t.Errorf("report: %s = %d, want %d", r.Key(), rep.Rows.SetAside[r.Key()], n)
		}
		if r.Dirty() && rep.Rows.Reasons[r.Key()] == "" {
			t.Errorf("report: no explanation for %s", r.Key())
		}
	}
	// No case-level value from the extract reaches any output.
	for _, f := range files {
		body, _ := os.ReadFile(f)
		for _, leak := range []string{"bingo", "ZZ99", "38x4000", "420000", "2024-13-45", "pp1"} {
			if strings.Contains(string(body), leak) {
				t.Errorf("%s contains the extract's value %q", f, leak)
			}
		}
	}
}
