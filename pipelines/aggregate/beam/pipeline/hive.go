package pipeline

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/manchester-insight/targeting/internal/hive"
	"github.com/manchester-insight/targeting/pipelines/aggregate"
)

// PartitionKey is the Hive partition column of the Parquet tables: the
// local authority district of the area (of the ward, for the ward table).
const PartitionKey = "lad"

// column kinds of an aggregate.Table, by its header.
const (
	kindText = iota
	kindInt
	kindFloat
)

// kinds types a table's columns: counts are integers, denominators and
// rates are doubles, the rest (codes, names, statuses, labels) text. A
// suppressed cell is "" in the table and null in Parquet.
func kinds(res *aggregate.Result, header []string) []int {
	ints := map[string]bool{"n_areas": true}
	floats := map[string]bool{}
	for _, n := range res.Areas.DenomNames {
		floats[n] = true
	}
	for _, id := range append(slices.Clone(res.Services), "all") {
		for _, m := range []string{"records", "people", "households"} {
			ints[id+"_"+m] = true
		}
		floats[id+"_rate_per_1000"] = true
	}
	out := make([]int, len(header))
	for i, h := range header {
		switch {
		case ints[h]:
			out[i] = kindInt
		case floats[h]:
			out[i] = kindFloat
		}
	}
	return out
}

// writeHive writes a table as Hive partitions under dir, one file per
// partition value (part[i] for row i): dir/lad=E08000003/part-00000.parquet.
// It returns the files written, relative to dir.
func writeHive(dir string, t *aggregate.Table, part []string, kind []int, meta map[string]string) ([]string, error) {
	fields := make([]reflect.StructField, len(t.Header))
	for i, h := range t.Header {
		var typ reflect.Type
		switch kind[i] {
		case kindInt:
			typ = reflect.TypeFor[*int64]()
		case kindFloat:
			typ = reflect.TypeFor[*float64]()
		default:
			typ = reflect.TypeFor[*string]()
		}
		if strings.ContainsAny(h, ",\"") {
			return nil, fmt.Errorf("column name %q cannot be a Parquet column here", h)
		}
		fields[i] = reflect.StructField{Name: "F" + strconv.Itoa(i), Type: typ, Tag: reflect.StructTag(`parquet:"` + h + `,optional"`)}
	}
	rowType := reflect.StructOf(fields)
	schema := parquet.SchemaOf(reflect.New(rowType).Elem().Interface())
	byPart := map[string][]int{}
	for i, v := range part {
		byPart[v] = append(byPart[v], i)
	}
	values := make([]string, 0, len(byPart))
	for v := range byPart {
		values = append(values, v)
	}
	slices.Sort(values)
	var files []string
	for _, v := range values {
		rel := filepath.Join(hive.Dir(PartitionKey, v), "part-00000.parquet")
		rows := make([]any, 0, len(byPart[v]))
		for _, r := range byPart[v] {
			row, err := rowValue(rowType, t.Rows[r], kind)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", t.Header[0], err)
			}
			rows = append(rows, row)
		}
		if err := writeParquetFile(filepath.Join(dir, rel), schema, rows, meta); err != nil {
			return nil, err
		}
		files = append(files, rel)
	}
	return files, nil
}

// rowValue fills one row struct from text cells; "" is null.
func rowValue(typ reflect.Type, cells []string, kind []int) (any, error) {
	v := reflect.New(typ).Elem()
	for i, c := range cells {
		if c == "" {
			continue
		}
		switch kind[i] {
		case kindInt:
			n, err := strconv.ParseInt(c, 10, 64)
			if err != nil {
				return nil, err
			}
			v.Field(i).Set(reflect.ValueOf(&n))
		case kindFloat:
			f, err := strconv.ParseFloat(c, 64)
			if err != nil {
				return nil, err
			}
			v.Field(i).Set(reflect.ValueOf(&f))
		default:
			s := c
			v.Field(i).Set(reflect.ValueOf(&s))
		}
	}
	return v.Interface(), nil
}

func writeParquetFile(path string, schema *parquet.Schema, rows []any, meta map[string]string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	opts := []parquet.WriterOption{schema, parquet.Compression(&zstd.Codec{Level: zstd.SpeedDefault}),
		parquet.CreatedBy("targeting-beam", aggregate.Version, "")}
	keys := make([]string, 0, len(meta))
	for k := range meta {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		opts = append(opts, parquet.KeyValueMetadata(k, meta[k]))
	}
	w := parquet.NewWriter(bw, opts...)
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Close(); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// tableMetadata is the file metadata of a Parquet table: the disclosure
// rule, the synthetic label when it applies, and each field's meaning.
func tableMetadata(res *aggregate.Result, t *aggregate.Table) map[string]string {
	m := map[string]string{"targeting:disclosure": res.Config.Rule().Text()}
	if res.Synthetic {
		m["targeting:synthetic"] = aggregate.SyntheticLabel
	}
	desc := map[string]string{}
	for i, h := range t.Header {
		desc[h] = t.Desc[i]
	}
	b, _ := json.Marshal(desc)
	m["targeting:fields"] = string(b)
	return m
}
