package interop

import (
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/manchester-insight/targeting/internal/result"
	"github.com/manchester-insight/targeting/internal/scenario"
	"github.com/manchester-insight/targeting/pipelines/score"
)

// The scored layers of the shipped Manchester scenario, written as
// GeoParquet, read back by DuckDB: rows, columns, the geo metadata and the
// scores themselves.
func TestDuckDBReadsScoredLayers(t *testing.T) {
	sc, err := scenario.Load("../examples/cost-of-living.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc.Outputs.Formats = []string{"geoparquet"}
	res, err := score.Run(sc, score.Options{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := result.Write(res, dir, sc.Outputs.Formats); err != nil {
		t.Fatal(err)
	}
	db := openDuckDB(t)
	areas := filepath.Join(dir, "cost-of-living_areas.parquet")
	var n, selected int
	var maxScore float64
	if err := db.QueryRow("SELECT count(*), count(*) FILTER (WHERE selected), max(score) FROM read_parquet("+sqlString(areas)+")").Scan(&n, &selected, &maxScore); err != nil {
		t.Fatal(err)
	}
	if n != 282 || selected != res.Report.Selected || maxScore < 90 {
		t.Errorf("DuckDB read %d rows, %d selected, max score %g; want 282, %d, > 90", n, selected, maxScore, res.Report.Selected)
	}
	var meta string
	if err := db.QueryRow("SELECT decode(value) FROM parquet_kv_metadata(" + sqlString(areas) + ") WHERE decode(key) = 'geo'").Scan(&meta); err != nil {
		t.Fatal(err)
	}
	var geo struct {
		Version string `json:"version"`
		Primary string `json:"primary_column"`
		Columns map[string]struct {
			Encoding string    `json:"encoding"`
			BBox     []float64 `json:"bbox"`
			CRS      struct {
				ID struct {
					Code int `json:"code"`
				} `json:"id"`
			} `json:"crs"`
		} `json:"columns"`
	}
	if err := json.Unmarshal([]byte(meta), &geo); err != nil {
		t.Fatalf("geo metadata is not JSON: %v\n%s", err, meta)
	}
	g := geo.Columns[geo.Primary]
	if geo.Version != "1.1.0" || g.Encoding != "WKB" || g.CRS.ID.Code != 27700 || len(g.BBox) != 4 || g.BBox[0] < 376000 || g.BBox[2] > 392000 {
		t.Errorf("geo metadata %s", meta)
	}
	var wards int
	if err := db.QueryRow("SELECT count(*) FROM read_parquet(" + sqlString(filepath.Join(dir, "cost-of-living_wards.parquet")) + ")").Scan(&wards); err != nil || wards != 32 {
		t.Errorf("wards: %d rows, %v", wards, err)
	}
}
