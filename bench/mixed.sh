#!/usr/bin/env bash
# Mixed workload benchmark (issue 14), on the release build with dummy data: 200 connections
# from 20 enrolled tablets (10 connections each, each tablet's connections signed in as its own
# caseworker), each request drawn at random: 60% case views (GET /api/v1/cases/{id}), 20% case
# lists (GET /api/v1/cases?..., first pages), 15% durable note writes
# (POST /api/v1/cases/{id}/notes), 5% searches (GET /api/v1/cases?q=...). Reports throughput and
# p50/p99 per kind and in all, beside nginx serving one case view as a static file over mutual
# TLS to the very same requests from the same certificates (POSTs included), in the same run.
# The data, server and sign-in are bench/lib.sh's, as for bench/case_file.sh.
# Appends the figures as a markdown table to build/release/bench/results.md (BENCH_RESULTS=file),
# for the Mixed workload section of docs/performance.md.
#   BENCH_CASES (100000), BENCH_NOTES (10 per case), BENCH_SECONDS (15),
#   BENCH_TABLETS (20), BENCH_CONNECTIONS (200), BENCH_USERS_PER_TABLET (1: the tablet's own
#   caseworker; more spreads a tablet's connections over several users of the unit),
#   BENCH_MIX (get=60,list=20,note=15,search=5: loadgen --mix),
#   BENCH_DATA=dir keeps the generated data between runs (generated once when missing),
#   BENCH_BACKEND=postgres runs it all on a PostgreSQL cluster of its own (fsync on) instead of
#   SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/nginx_reference.sh
source bench/lib.sh
BIN=build/release/yorisoi
CASES=${BENCH_CASES:-100000}
NOTES=${BENCH_NOTES:-10}
DUR=${BENCH_SECONDS:-15}
BACKEND=${BENCH_BACKEND:-sqlite}
TABLETS=${BENCH_TABLETS:-20}
CONNS=${BENCH_CONNECTIONS:-200}
PER_TABLET=${BENCH_USERS_PER_TABLET:-1}
MIX=${BENCH_MIX:-get=60,list=20,note=15,search=5}
KINDS=(get list note search)
work=$(mktemp -d /tmp/yorisoi-mixedbench.XXXXXX)
trap bench_cleanup EXIT
data=${BENCH_DATA:-$work/data}
bench_prepare_data
cases=$(q 'SELECT count(*) FROM cases')
notes=$(q 'SELECT count(*) FROM notes')
size=$(db_size)
echo "data: $cases cases, $notes notes ($size)"

# The caseworkers of the tablets (unit center, like the dummy cases), added once per data folder.
existing=$(q 'SELECT login FROM users')
for t in $(seq -w 1 "$TABLETS"); do
  for u in $(seq 1 "$PER_TABLET"); do
    login=mixed-$t-$u
    grep -qx "$login" <<<"$existing" || bench_add_user "$login" "ベンチ職員$t-$u" caseworker
  done
done

# The tablets, enrolled before the server starts (it learns of new devices by polling).
for t in $(seq -w 1 "$TABLETS"); do
  enroll_bench_tablet "$BIN" "$data" bench "$work" "$t"
  echo "$CERT $KEY" >"$work/tablet-$t"
done
bench_start_server

# Each tablet signs in its users; loadgen --certs gets "CERT KEY TOKEN..." per tablet.
CERTS_FILE=$work/certs.txt
for t in $(seq -w 1 "$TABLETS"); do
  read -r cert key <"$work/tablet-$t"
  line="$cert $key"
  for u in $(seq 1 "$PER_TABLET"); do line+=" $(bench_login "$cert" "$key" "mixed-$t-$u")"; done
  echo "$line" >>"$CERTS_FILE"
done
read -r CERT KEY token <"$CERTS_FILE"  # the first tablet: nginx's check and the sample answer
bench_pick_ids_queries

sample_id=$(head -1 "$work/ids.txt")
curl -s --cacert "$CA" --cert "$CERT" --key "$KEY" -H "Authorization: Bearer $token" "https://localhost:$port/api/v1/cases/$sample_id" >"$work/case.json"
bytes=$(wc -c <"$work/case.json")

# nginx: one case view for every request (POSTs too), the same certificates, TLS, keep-alive.
nport=$((port + 1))
start_nginx_reference "$work/case.json" "$nport" "$data" "$work" bench

measure() {  # URL SECONDS OUT: fails on any non-2xx answer
  loadgen_run "$3" "$1" mixed "$CONNS" "$2" --mix "$MIX" --ids "$work/ids.txt" \
    --queries "$work/queries.txt" ||
    { curl -s "http://127.0.0.1:$ops/metrics" | grep '_total{' | grep -v 'status="2' >&2; exit 1; }
}
measure "https://localhost:$port" 3 "$work/warm.out"
measure "https://localhost:$port" "$DUR" "$work/yorisoi.out"
y_rps=$RPS y_n=$N y_unf=$UNF
measure "https://localhost:$nport" "$DUR" "$work/nginx.out"
n_rps=$RPS
ratio=$(awk -v a="$y_rps" -v b="$n_rps" 'BEGIN {printf "%.2f", a/b}')

row() {  # LABEL KIND: a table row, yorisoi beside nginx ("" KIND: all requests)
  local label=$1 kind=$2 side cells=""
  for side in yorisoi nginx; do
    local f=$work/$side.out r p50 p99
    if [ -n "$kind" ]; then
      r=$(kind_field "$f" "$kind" rps) p50=$(kind_field "$f" "$kind" p50_ms)
      p99=$(kind_field "$f" "$kind" p99_ms)
    else
      r=$(awk '$1 == "Requests/sec:" {print $2}' "$f") p50=$(awk '$1 == "p50_ms" {print $2}' "$f")
      p99=$(awk '$1 == "p99_ms" {print $2}' "$f")
    fi
    cells+=" $r | $p50 | $p99 |"
  done
  echo "| $label |$cells"
}
cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
out=${BENCH_RESULTS:-build/release/bench/results.md}
mkdir -p "$(dirname "$out")"
{
  echo
  echo "#### Mixed workload run $(date -u '+%Y-%m-%d %H:%M UTC'), $cpu, $(nproc) cores, $cases cases / $notes notes ($BACKEND, $size)"
  echo
  echo "$CONNS connections from $TABLETS tablets, ${DUR}s, mix $MIX; yorisoi answered $y_n ($y_unf unanswered at the end, counted in the percentiles at their age then); nginx answers every request with one case view ($bytes B). Throughput ratio (all requests) $ratio."
  echo
  echo "| kind | yorisoi req/s | p50 ms | p99 ms | nginx req/s | p50 ms | p99 ms |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  for kind in "${KINDS[@]}"; do
    if [ -n "$(kind_field "$work/yorisoi.out" "$kind" rps)" ]; then row "$kind" "$kind"; fi
  done
  row all ""
} | tee -a "$out"
echo "appended to $out"
