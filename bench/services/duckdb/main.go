// Command w2peer runs the peer benchmark's W2 workload (records and
// distinct persons per lsoa_code x service over a case-level Parquet file)
// with DuckDB and with targeting's counting core, one engine per process
// so each is timed and measured on its own, and compares their outputs.
//
//	w2peer duckdb    -in records.parquet -out duckdb.csv
//	w2peer targeting -in records.parquet -areas gm_lsoa11.geojson.gz -out targeting.csv
//	w2peer compare   a.csv b.csv
//
// It lives in its own module because DuckDB needs cgo and a large static
// library that the targeting binary must not carry. run.sh drives it.
package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/manchester-insight/targeting/geo"
	"github.com/manchester-insight/targeting/pipelines/aggregate"
	"github.com/manchester-insight/targeting/pipelines/aggregate/extract"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: w2peer duckdb|targeting|compare ...")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "duckdb":
		err = runDuckDB(os.Args[2:])
	case "targeting":
		err = runTargeting(os.Args[2:])
	case "compare":
		err = compare(os.Args[2:])
	default:
		err = fmt.Errorf("unknown subcommand %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "w2peer:", err)
		os.Exit(1)
	}
}

// runDuckDB is the shared harness's DuckDB W2 query, as a Go team using
// DuckDB would write it.
func runDuckDB(args []string) error {
	fs := flag.NewFlagSet("duckdb", flag.ExitOnError)
	in := fs.String("in", "", "records Parquet")
	out := fs.String("out", "", "output CSV")
	fs.Parse(args)
	if *in == "" || *out == "" {
		return errors.New("duckdb: -in and -out are required")
	}
	start := time.Now()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	q := fmt.Sprintf(`COPY (SELECT lsoa_code, service, count(*) AS records, count(DISTINCT person_id) AS persons
FROM read_parquet(%s) GROUP BY lsoa_code, service ORDER BY lsoa_code, service) TO %s (FORMAT csv, HEADER)`,
		quote(*in), quote(*out))
	if _, err := db.ExecContext(context.Background(), q); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "w2peer duckdb: %v\n", time.Since(start).Round(time.Millisecond))
	return nil
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// runTargeting counts the same file with aggregate.Count: Parquet row
// groups streamed on every core, LSOA codes matched through the same code
// lookup the aggregate command uses, distinct persons in sharded hash sets.
func runTargeting(args []string) error {
	fs := flag.NewFlagSet("targeting", flag.ExitOnError)
	in := fs.String("in", "", "records Parquet")
	areas := fs.String("areas", "", "GeoJSON whose area_code properties are the LSOAs")
	out := fs.String("out", "", "output CSV")
	workers := fs.Int("workers", 0, "goroutines (0: one per CPU)")
	profile := fs.String("cpuprofile", "", "write a CPU profile here")
	fs.Parse(args)
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			return err
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if *in == "" || *areas == "" || *out == "" {
		return errors.New("targeting: -in, -areas and -out are required")
	}
	start := time.Now()
	b, err := geo.LoadGeoJSON(nil, *areas, "area_code")
	if err != nil {
		return err
	}
	codes := slices.Sorted(maps.Keys(b.Geoms))
	m := &extract.Mapping{Columns: extract.Columns{LSOA: "lsoa_code", Service: "service", Date: "date", Person: "person_id"}}
	c, err := aggregate.Count(*in, m, codes, *workers)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("lsoa_code,service,records,persons\n")
	for a, code := range c.Codes {
		for s, svc := range c.Services {
			if c.Records[a][s] == 0 {
				continue
			}
			buf.WriteString(code + "," + svc + "," + strconv.FormatInt(c.Records[a][s], 10) + "," + strconv.FormatInt(c.People[a][s], 10) + "\n")
		}
	}
	tmp := filepath.Join(filepath.Dir(*out), ".tmp-"+filepath.Base(*out))
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, *out); err != nil {
		return err
	}
	var aside int64
	for k, v := range c.Rows {
		if k != int(aggregate.Counted) {
			aside += v
		}
	}
	fmt.Fprintf(os.Stderr, "w2peer targeting: %d rows counted, %d not, %v\n", c.Rows[aggregate.Counted], aside, time.Since(start).Round(time.Millisecond))
	if aside != 0 {
		return fmt.Errorf("%d rows were not counted; W2 counts every row", aside)
	}
	return nil
}

// compare checks that two W2 outputs hold the same rows.
func compare(args []string) error {
	if len(args) != 2 {
		return errors.New("compare: want two CSV files")
	}
	var sets [2][]string
	for i, p := range args {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			sets[i] = append(sets[i], sc.Text())
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return err
		}
	}
	if !slices.Equal(sets[0], sets[1]) {
		for k := 0; k < min(len(sets[0]), len(sets[1])); k++ {
			if sets[0][k] != sets[1][k] {
				return fmt.Errorf("outputs differ at line %d: %q vs %q", k+1, sets[0][k], sets[1][k])
			}
		}
		return fmt.Errorf("outputs differ: %d vs %d lines", len(sets[0]), len(sets[1]))
	}
	fmt.Printf("identical: %d groups\n", len(sets[0])-1)
	return nil
}
