#!/usr/bin/env bash
# Times targeting against its peers on the same work, in the same run, and
# prints the ratios (peer median / targeting median; > 1 = targeting faster).
#
#   bench/run.sh                 # W1 and W3 (needs the peer harness and GDAL)
#   RUNS=9 ONLY=W3 bench/run.sh
#
# W1: the national IMD 2019 rebuild from the 32,844-row IoD file with the
#     local-authority summary: `targeting score` on examples/imd2019.yaml
#     against DuckDB SQL (the peer harness's duckpeer, built from PEERS).
# W3: GeoJSON -> GeoPackage and -> FlatGeobuf for Greater Manchester's 1,673
#     LSOAs and 20 copies of them (33,460 polygons): bench/layers against
#     ogr2ogr. W2 (service records) is in bench/services.
# Targets (DEVELOPERS.md): 3x faster than DuckDB on W1, 2x faster than
# ogr2ogr on W3. Timings include process start, like the peers'.
set -euo pipefail
cd "$(dirname "$0")/.."
PEERS=${PEERS:-../shared/bench-peers}
RUNS=${RUNS:-5}
ONLY=${ONLY:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/targeting" ./cmd/targeting
go build -o "$work/layers" ./bench/layers

# median SECONDS of RUNS runs of a command, after one warm-up run.
median() {
  "$@" >/dev/null 2>&1
  for _ in $(seq "$RUNS"); do
    local s e
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    e=$(date +%s.%N)
    echo "$e - $s" | bc -l
  done | sort -g | awk '{a[NR]=$1} END {printf "%.3f\n", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}

row() { # workload, what, ours, peer name, peer seconds
  printf '| %-5s | %-32s | %6.3f | %-22s | %6.3f | %5.2fx |\n' "$1" "$2" "$3" "$4" "$5" "$(echo "$5 / $3" | bc -l)"
}

echo "| work  | targeting                        | s      | peer                   | s      | ratio |"
echo "|-------|----------------------------------|--------|------------------------|--------|-------|"

if [[ -z $ONLY || $ONLY == W1 ]]; then
  if [[ -d $PEERS/cmd/duckpeer ]]; then
    (cd "$PEERS" && go build -o "$work/duckpeer" ./cmd/duckpeer)
    gzip -dc data/iod2019/iod2019_lsoa11_england.csv.gz >"$work/iod.csv"
    sed -e "s#\.\./data/iod2019/iod2019_lsoa11_england.csv.gz#$work/iod.csv#" -e "s#\.\./data/#$PWD/data/#g" \
      examples/imd2019.yaml >"$work/w1.yaml"
    ours=$(median "$work/targeting" -q score --scenario "$work/w1.yaml" --out "$work/w1")
    duck=$(median "$work/duckpeer" w1 -in "$work/iod.csv" -lsoa-out "$work/d_lsoa.csv" -lad-out "$work/d_lad.csv")
    row W1 "score imd2019 (+ LAD summary)" "$ours" "DuckDB SQL" "$duck"
  else
    echo "W1: peer harness not found at $PEERS (set PEERS=)" >&2
  fi
fi

if [[ -z $ONLY || $ONLY == W3 ]]; then
  if command -v ogr2ogr >/dev/null; then
    gm=data/boundaries/gm_lsoa11_generalised_wgs84.geojson.gz
    gzip -dc "$gm" >"$work/gm.geojson"
    "$work/layers" -in "$work/gm.geojson" -copies 20 -emit "$work/gm20.geojson"
    for input in gm gm20; do
      for f in gpkg fgb; do
        driver=GPKG; [[ $f == fgb ]] && driver=FlatGeobuf
        ours=$(median "$work/layers" -in "$work/$input.geojson" -out "$work" -only "$f")
        ogr=$(median ogr2ogr -overwrite -f "$driver" "$work/ogr.$f" "$work/$input.geojson")
        w=W3; [[ $input == gm20 ]] && w=W3x20
        row "$w" "layers -> $f" "$ours" "ogr2ogr -f $driver" "$ogr"
      done
    done
  else
    echo "W3: ogr2ogr not found (apt-get install gdal-bin)" >&2
  fi
fi
