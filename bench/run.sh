#!/usr/bin/env bash
# Times targeting against its peers on the same work, in the same run, and
# checks that they give the same answers.
#
#   bench/run.sh                       # everything, 7 timed rounds after 1 warm-up (~15 min)
#   RUNS=3 ONLY='^W1' bench/run.sh     # fewer rounds, workloads matching a regex
#
# Workloads (inputs from the shared peer harness, ../shared/bench-peers, made
# in $PEERDATA by its generator when missing):
#   W1     `targeting score` on examples/imd2019.yaml (IMD 2019 rebuilt for
#          32,844 LSOAs + the 317 LAD summaries) vs DuckDB SQL (duckpeer w1)
#   W1x10  the same on the 10-copy file (328,440 LSOAs, 3,170 LADs)
#   W2     `targeting aggregate` on the 20 M-record Parquet extract (records and
#          distinct people per LSOA x service, with ward/district margins and
#          disclosure control) vs DuckDB on the same file (duckpeer w2)
#   W3     GeoJSON -> GeoPackage / FlatGeobuf, 1,673 GM LSOAs: bench/layers
#          (the project's writers) vs ogr2ogr
#   W3x20  the same on 20 copies (33,460 polygons)
# Each round runs peer, targeting, targeting at GOMAXPROCS=1, in that order,
# so a busy spell on a shared machine hits all three; every output is deleted
# before every run; a failing command stops the script. Figures per side:
# medians over the rounds of wall (bash's clock around the process), user
# and sys CPU, minor page faults and peak RSS (/usr/bin/time -f). The ratio
# is peer median wall / this side's median wall (> 1: targeting faster).
# At the end the outputs of the last round are compared (bench/check.py):
# W1 LSOA and LAD tables to 1e-9, W2 cell for cell, W3 feature counts and
# extents.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PEERS=${PEERS:-$ROOT/../shared/bench-peers}
DATA=${DATA:-$ROOT/../shared/data}
PEERDATA=${PEERDATA:-/tmp/peerdata}
RUNS=${RUNS:-7}
ONLY=${ONLY:-}
PY=${PY:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for tool in /usr/bin/time ogr2ogr ogrinfo "$PY" go; do
	command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install time gdal-bin python3)" >&2; exit 1; }
done
[[ -d $PEERS/cmd/duckpeer ]] || { echo "no peer harness at $PEERS (set PEERS=)" >&2; exit 1; }

echo "== build"
go build -o "$work/targeting" ./cmd/targeting
go build -o "$work/layers" ./bench/layers
(cd "$PEERS" && go build -o "$work/" ./cmd/duckpeer ./cmd/peergen)

echo "== inputs in $PEERDATA"
IOD=$DATA/iod2019/iod2019_lsoa11_england.csv
GEO=$DATA/boundaries/gm_lsoa11_generalised_wgs84.geojson
IOD10=$PEERDATA/iod2019_lsoa11_england_x10.csv
GEO20=$PEERDATA/gm_lsoa11_x20.geojson
REC=$PEERDATA/records_20000000_s42.parquet
mkdir -p "$PEERDATA"
[[ -f $IOD10 ]] || "$work/peergen" iod10x -in "$IOD" -out "$IOD10" -copies 10
[[ -f $GEO20 ]] || "$work/peergen" geojson20x -in "$GEO" -out "$GEO20" -copies 20
[[ -f $REC ]] || "$work/peergen" records -lsoa "$GEO" -n 20000000 -seed 42 -parquet "$REC"

# W1: the example scenario on the plain IoD file; W1x10: on the 10-copy
# file, with a lookup of 10 copies of every LSOA, ward and LAD (_rKK) and
# N = 328,440 in the rank transformation.
lookup=$ROOT/data/lookups/lsoa11_ward19_lad19_england_wales.csv.gz
sed -e "s#\.\./data/iod2019/iod2019_lsoa11_england.csv.gz#$IOD#" -e "s#\.\./data/#$ROOT/data/#g" \
	examples/imd2019.yaml >"$work/w1.yaml"
"$PY" - "$lookup" "$work/lookup_x10.csv" <<'EOF'
import csv, gzip, sys
with gzip.open(sys.argv[1], "rt", newline="") as f:
    rows = list(csv.reader(f))
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(rows[0])
    cols = [rows[0].index(c) for c in ("LSOA11CD", "WD19CD", "LAD19CD")]
    for k in range(1, 11):
        for r in rows[1:]:
            r = list(r)
            for c in cols:
                r[c] += "_r%02d" % k
            w.writerow(r)
EOF
sed -e "s#\.\./data/iod2019/iod2019_lsoa11_england.csv.gz#$IOD10#" -e "s#\.\./data/lookups/lsoa11_ward19_lad19_england_wales.csv.gz#$work/lookup_x10.csv#" \
	-e "s#\.\./data/#$ROOT/data/#g" -e 's/n: 32844}/n: 328440}/' examples/imd2019.yaml >"$work/w1x10.yaml"

# W2: the GM LSOAs (the records' areas) as one "district" (the combined
# authority), population from the IoD file as the denominator, threshold 10.
gzip -dc "$lookup" | awk -F, 'NR == 1 { print $0 ",CAUTH"; next } $6 ~ /^E080000(0[1-9]|10)$/ { print $0 ",E47000001" }' >"$work/gm_lookup.csv"
cat >"$work/w2.yaml" <<EOF
extract:
  columns: {date: date, service: service, person: person_id, lsoa: lsoa_code}
geography:
  areas: lsoa11
  within: E47000001
  lookup: {file: gm_lookup.csv, area: LSOA11CD, area_name: LSOA11NM, ward: WD19CD, ward_name: WD19NM, district: CAUTH}
denominators:
  - file: $IOD
    code: LSOA code (2011)
    columns: {population: "Total population: mid 2015 (excluding prisoners)"}
as_of: 2025-04-01
disclosure: {threshold: 10}
EOF
out=$work/out
mkdir -p "$out"

# once NAME OUTPUT... -- COMMAND...: removes the outputs, runs the command
# under /usr/bin/time and, in a timed round, appends
# "wall user sys faults rss_kib" to $work/t.NAME.
once() {
	local name=$1 t0 t1
	shift
	while [[ $1 != -- ]]; do rm -rf "$1"; shift; done
	shift
	t0=$EPOCHREALTIME
	if ! /usr/bin/time -f '%U %S %R %M' -o "$work/time" "$@" >"$work/log" 2>&1; then
		echo "FAILED: $name: $*" >&2
		tail -n 20 "$work/log" "$work/time" >&2
		exit 1
	fi
	t1=$EPOCHREALTIME
	((timed)) || return 0
	echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }') $(tail -n 1 "$work/time")" >>"$work/t.$name"
}

# medians of the columns of a t.NAME file: wall user sys faults rss_kib
medians() {
	local c
	for c in 1 2 3 4 5; do
		awk -v c="$c" '{ print $c }' "$work/t.$1" | sort -g | awk '{ a[NR] = $1 } END { printf "%s ", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'
	done
}

printf '%-6s %-30s %8s %7s %6s %8s %8s %8s\n' work side "wall s" "user s" "sys s" faults "RSS MiB" "ratio"
# workload W PEERNAME OUTS -- PEERCMD... ;; OUTS -- OURCMD...
workload() {
	local wl=$1 peer=$2
	shift 2
	if [[ -n $ONLY && ! $wl =~ $ONLY ]]; then return 0; fi
	local -a pc=() oc=()
	while [[ $1 != ';;' ]]; do pc+=("$1"); shift; done
	shift
	oc=("$@")
	rm -f "$work/t.$wl."*
	local round
	for ((round = 0; round <= RUNS; round++)); do
		timed=$((round > 0))
		once "$wl.peer" "${pc[@]}"
		once "$wl.ours" "${oc[@]}"
		local -a o1=()
		local seen=0 a
		for a in "${oc[@]}"; do
			if ((!seen)) && [[ $a == -- ]]; then o1+=(-- env GOMAXPROCS=1); seen=1; else o1+=("$a"); fi
		done
		once "$wl.ours1" "${o1[@]}"
	done
	read -r pw pu ps pf pr <<<"$(medians "$wl.peer")"
	read -r ow ou os of or <<<"$(medians "$wl.ours")"
	read -r qw qu qs qf qr <<<"$(medians "$wl.ours1")"
	row() { printf '%-6s %-30s %8.3f %7.2f %6.2f %8d %8.1f %8s\n' "$wl" "$1" "$2" "$3" "$4" "$5" "$(awk -v k="$6" 'BEGIN { print k / 1024 }')" "$7"; }
	row "$peer" "$pw" "$pu" "$ps" "$pf" "$pr" "1.00"
	row "targeting" "$ow" "$ou" "$os" "$of" "$or" "$(awk -v p="$pw" -v o="$ow" 'BEGIN { printf "%.2fx", p / o }')"
	row "targeting GOMAXPROCS=1" "$qw" "$qu" "$qs" "$qf" "$qr" "$(awk -v p="$pw" -v o="$qw" 'BEGIN { printf "%.2fx", p / o }')"
	awk -v a="$qw" -v b="$ow" -v w="$wl" 'BEGIN { printf "%-6s %-30s %8.2fx (GOMAXPROCS=1 wall / default wall)\n", w, "all cores over one", a / b }'
}

duck=$work/duckpeer
workload W1 "DuckDB SQL" "$out/d1_lsoa.csv" "$out/d1_lad.csv" -- "$duck" w1 -in "$IOD" -lsoa-out "$out/d1_lsoa.csv" -lad-out "$out/d1_lad.csv" ';;' \
	"$out/w1" -- "$work/targeting" -q score --scenario "$work/w1.yaml" --out "$out/w1"
workload W1x10 "DuckDB SQL" "$out/d10_lsoa.csv" "$out/d10_lad.csv" -- "$duck" w1 -in "$IOD10" -lsoa-out "$out/d10_lsoa.csv" -lad-out "$out/d10_lad.csv" ';;' \
	"$out/w1x10" -- "$work/targeting" -q score --scenario "$work/w1x10.yaml" --out "$out/w1x10"
workload W2 "DuckDB SQL on Parquet" "$out/d2.csv" -- "$duck" w2 -in "$REC" -out "$out/d2.csv" ';;' \
	"$out/w2" -- sh -c 'mkdir -p "$1" && exec "$2" -q aggregate --extract "$3" --mapping "$4" --out "$1/w2.csv"' aggregate "$out/w2" "$work/targeting" "$REC" "$work/w2.yaml"
OGR=(sh -c 'exec ogr2ogr -f "$1" "$2" "$3"' ogr2ogr)
for size in W3 W3x20; do
	in=$GEO
	[[ $size == W3x20 ]] && in=$GEO20
	for f in gpkg fgb; do
		driver=GPKG
		[[ $f == fgb ]] && driver=FlatGeobuf
		workload "$size.$f" "ogr2ogr -f $driver" "$out/ogr_$size.$f" -- "${OGR[@]}" "$driver" "$out/ogr_$size.$f" "$in" ';;' \
			"$out/l_$size.$f" -- sh -c 'mkdir -p "$1" && exec "$2" -in "$3" -out "$1" -only "$4"' layers "$out/l_$size.$f" "$work/layers" "$in" "$f"
	done
done

echo "== checks (outputs of the last round)"
"$PY" bench/check.py "$out" "$IOD" "$IOD10"
