package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/manchester-insight/targeting/pipelines/aggregate/synth"
)

const synthExample = `  # 20,000 synthetic records for Manchester's LSOAs, locations mixed (LSOA code,
  # postcode-like key or easting/northing), as the committed sample was made
  targeting synth services --areas data/boundaries/manchester_lsoa11_generalised_wgs84.geojson \
    --records 20000 --seed 7 --out testdata/services/manchester_services_synthetic.csv.gz

  # 2 million records as Parquet with lon/lat points, for a benchmark
  targeting synth services --areas data/boundaries/manchester_lsoa11_generalised_wgs84.geojson \
    --records 2000000 --seed 1 --location lonlat --out /tmp/records.parquet`

func newSynthCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "synth",
		Short: "Generate synthetic data (clearly labelled) for trying and testing targeting",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return &usageError{"synth needs a kind of data: targeting synth services"}
		},
		Example: synthExample,
	}
	c.AddCommand(newSynthServicesCmd())
	return c
}

func newSynthServicesCmd() *cobra.Command {
	var (
		in                  synth.Inputs
		opt                 synth.Options
		out, from, to, asOf string
	)
	c := &cobra.Command{
		Use:   "services --areas FILE --records N --seed S --out FILE",
		Short: "Write a synthetic case-level extract of council service records",
		Long: `services writes a synthetic extract of case-level council service records
(council tax support, welfare payments, food bank and advice referrals, free
school meals, housing register, adult social care) for the areas of a boundary
file. Volumes follow each area's real population and IoD 2019 income
deprivation; households come back repeatedly; demand is seasonal; a small share
of rows is dirty (blank location, point outside the city, future date,
duplicate record id). The format follows the --out name: .csv, .csv.gz,
.parquet or .xlsx. With postcode keys (--location mixed or postcode) a lookup
<stem>_postcodes.csv is written too.

Every file is labelled SYNTHETIC: a "synthetic" column on every row, plus the
file's metadata (Parquet key-value metadata, XLSX document properties and an
"about" sheet, gzip comment). The same --seed gives the same bytes.`,
		Example: synthExample,
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if in.Boundaries == "" || out == "" || opt.Records <= 0 {
				return &usageError{"--areas, --records (> 0) and --out are required"}
			}
			for _, d := range []struct {
				flag, val string
				t         *time.Time
			}{{"--from", from, &opt.From}, {"--to", to, &opt.To}, {"--as-of", asOf, &opt.AsOf}} {
				if d.val == "" {
					continue
				}
				t, err := time.Parse(time.DateOnly, d.val)
				if err != nil {
					return &usageError{fmt.Sprintf("%s %q: want a date as YYYY-MM-DD", d.flag, d.val)}
				}
				*d.t = t
			}
			areas, err := synth.LoadAreas(in)
			if err != nil {
				return fmt.Errorf("%w: %v", errData, err)
			}
			g, err := synth.New(areas, opt)
			if err != nil {
				return &usageError{err.Error()}
			}
			files, err := synth.Write(out, g)
			if err != nil {
				return err
			}
			o := g.Options()
			fmt.Fprintf(c.OutOrStdout(), "SYNTHETIC: %d records for %d areas, %s to %s (as of %s), seed %d, locations %s\n",
				o.Records, len(areas), o.From.Format(time.DateOnly), o.To.Format(time.DateOnly), o.AsOf.Format(time.DateOnly), o.Seed, o.Location)
			for _, f := range files {
				fmt.Fprintln(c.OutOrStdout(), "wrote", f)
			}
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&in.Boundaries, "areas", "", "GeoJSON boundaries of the areas (WGS84), e.g. data/boundaries/manchester_lsoa11_generalised_wgs84.geojson")
	f.StringVar(&in.CodeProp, "code-property", "area_code", "property of --areas holding the area code")
	f.StringVar(&in.IoD, "iod", "data/iod2019/iod2019_lsoa11_england.csv.gz", "IoD 2019 file: income deprivation and population denominators")
	f.StringVar(&in.Households, "households", "data/fuel_poverty/fuel_poverty_2020_lsoa11_england.csv.gz", "file with households per area (BEIS fuel poverty)")
	f.IntVar(&opt.Records, "records", 0, "number of records to write")
	f.Uint64Var(&opt.Seed, "seed", 1, "random seed: the same seed writes the same file")
	f.StringVar(&out, "out", "", "output file: .csv, .csv.gz, .parquet or .xlsx")
	f.StringVar(&opt.Location, "location", synth.LocMixed, "how rows give their place: mixed, lsoa, postcode, bng (easting/northing) or lonlat")
	f.StringVar(&from, "from", "2023-04-01", "first service date (YYYY-MM-DD)")
	f.StringVar(&to, "to", "2025-03-31", "last service date (YYYY-MM-DD)")
	f.StringVar(&asOf, "as-of", "", "extract date; rows dated later are planted dirty rows (default: the day after --to)")
	f.Float64Var(&opt.Dirty, "dirty", 0.004, "share of rows of each dirty kind (blank location, outside the city, future date, duplicate id); negative for none")
	return c
}
