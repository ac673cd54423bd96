#!/usr/bin/env bash
# run.sh: the W2 workload of the shared peer benchmark (records and
# distinct persons per lsoa_code x service over 20 M case records, Parquet)
# with targeting's counting core and with DuckDB, in the same run, on the
# same file; checks the outputs are identical and prints the ratio.
#
#   bench/services/run.sh                 5 timed runs each after 1 warm-up
#   RUNS=3 bench/services/run.sh          fewer runs
#   NRECORDS=2000000 bench/services/run.sh  a smaller file
#
# The records file is made by the shared harness's generator
# (shared/bench-peers/cmd/peergen, seed 42) in $PEERDATA (default
# /tmp/peerdata, where shared/bench-peers/run_all.sh also keeps it): 274 MB,
# ~15 s to make, never in the repo. Each engine runs in its own process
# under /usr/bin/time -v (wall clock around the process, peak RSS), as the
# shared harness measures its peers. Needs Go with cgo (DuckDB) and gzip.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
SEED=${SEED:-42}
NRECORDS=${NRECORDS:-20000000}
PEERS=${PEERS:-$(cd "$ROOT/../shared/bench-peers" 2>/dev/null && pwd || true)}
PEERDATA=${PEERDATA:-/tmp/peerdata}
OUT=$PEERDATA/out-services
BIN=$PEERDATA/bin-services
REC=$PEERDATA/records_${NRECORDS}_s${SEED}.parquet
mkdir -p "$OUT" "$BIN"

echo "== build"
(cd "$HERE/duckdb" && go build -o "$BIN/w2peer" .)
GEO=$BIN/gm_lsoa11_generalised_wgs84.geojson
gzip -dc "$ROOT/data/boundaries/gm_lsoa11_generalised_wgs84.geojson.gz" >"$GEO"
if [[ ! -f $REC ]]; then
	[[ -n $PEERS && -d $PEERS/cmd/peergen ]] || { echo "no shared/bench-peers to make $REC (set PEERS=...)" >&2; exit 1; }
	echo "== make $REC"
	(cd "$PEERS" && go build -o "$BIN/peergen" ./cmd/peergen)
	"$BIN/peergen" records -lsoa "$GEO" -n "$NRECORDS" -seed "$SEED" -parquet "$REC"
fi
ls -l "$REC"

# Runs alternate between the engines (duckdb, targeting, duckdb, ...), so a
# busy spell on a shared machine hits both; the first WARMUP rounds are not
# timed. Per engine: median wall seconds, the largest peak RSS.
declare -A WALLS RSS
once() {
	local name=$1 t0 t1 m
	shift
	t0=$EPOCHREALTIME
	/usr/bin/time -f '%M' -o "$OUT/time.$name" "$@" 2>>"$OUT/log.$name" >/dev/null
	t1=$EPOCHREALTIME
	((timed)) || return 0
	WALLS[$name]+="$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b - a}') "
	m=$(($(tail -n 1 "$OUT/time.$name") / 1024))
	((m > ${RSS[$name]:-0})) && RSS[$name]=$m
	return 0
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "== W2: $NRECORDS records, $RUNS rounds after $WARMUP warm-up"
rm -f "$OUT"/log.* "$OUT"/time.*
for ((round = 1 - WARMUP; round <= RUNS; round++)); do
	timed=$((round >= 1))
	once duckdb "$BIN/w2peer" duckdb -in "$REC" -out "$OUT/w2_duckdb.csv"
	once targeting "$BIN/w2peer" targeting -in "$REC" -areas "$GEO" -out "$OUT/w2_targeting.csv"
done
declare -A MEDIAN
for name in duckdb targeting; do
	MEDIAN[$name]=$(echo "${WALLS[$name]}" | median)
	printf '   %-10s median %7.3f s  (runs: %s)  peak %5d MiB\n' "$name" "${MEDIAN[$name]}" "${WALLS[$name]% }" "${RSS[$name]}"
done
"$BIN/w2peer" compare "$OUT/w2_duckdb.csv" "$OUT/w2_targeting.csv"
awk -v t="${MEDIAN[targeting]}" -v d="${MEDIAN[duckdb]}" -v n="$NRECORDS" 'BEGIN {
	printf "targeting / DuckDB wall time: %.2f  (targeting %.1f M records/s, DuckDB %.1f M records/s)\n", t / d, n / t / 1e6, n / d / 1e6 }'
