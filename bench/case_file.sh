#!/usr/bin/env bash
# Case file benchmark (issue 3), on the release build with dummy data:
#   1. GET /api/v1/cases/{id} (case + people + newest 20 records, audited) at 64 connections,
#      beside nginx serving one such answer as a static file over TLS (same cert, same run);
#   2. durable note writes/s (POST /api/v1/cases/{id}/notes, 64 connections, group commit) beside
#      pg_test_fsync's single-fsync rate on the same disk;
#   3. search latency p95 (GET /api/v1/cases?q=...) over the dummy notes, 8 connections.
# Appends the figures to docs/performance.md.
#   BENCH_CASES (100000), BENCH_NOTES (10 per case), BENCH_SECONDS (15),
#   BENCH_DATA=dir keeps the generated data between runs (generated once when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/nginx_reference.sh
BIN=build/release/yorisoi
CASES=${BENCH_CASES:-100000}
NOTES=${BENCH_NOTES:-10}
DUR=${BENCH_SECONDS:-15}
work=$(mktemp -d /tmp/yorisoi-casebench.XXXXXX)
cleanup() {
  [ -n "${spid:-}" ] && kill "$spid" 2>/dev/null
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  rm -rf "$work" "${NGINX_WWW:-}"
}
trap cleanup EXIT
PASSWORD="bench-dummy-password-2025"

data=${BENCH_DATA:-$work/data}
if [ ! -f "$data/.bench-ready-$CASES-$NOTES" ]; then
  rm -rf "$data"
  $BIN init --data "$data" >/dev/null
  $BIN tenant add --data "$data" --id bench --name ベンチ区 >/dev/null
  $BIN unit add --data "$data" --tenant bench --id center --name センター >/dev/null
  echo "$PASSWORD" | $BIN user add --data "$data" --tenant bench --login worker --name ベンチ職員 --role caseworker --unit center >/dev/null
  echo "$PASSWORD" | $BIN user add --data "$data" --tenant bench --login supervisor --name ベンチ係長 --role supervisor --unit center >/dev/null
  start=$(date +%s)
  $BIN dummy --data "$data" --tenant bench --cases "$CASES" --notes-per-case "$NOTES" --seed 1
  echo "dummy data: $CASES cases x $NOTES notes in $(( $(date +%s) - start )) s"
  touch "$data/.bench-ready-$CASES-$NOTES"
fi
db=$data/tenants/bench/tenant.db
notes=$(sqlite3 "$db" 'SELECT count(*) FROM notes')
cases=$(sqlite3 "$db" 'SELECT count(*) FROM cases')
echo "data: $cases cases, $notes notes ($(du -sh "$data" | cut -f1))"

$BIN serve --data "$data" --listen 127.0.0.1:0 --ops 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
spid=$!
for _ in $(seq 300); do grep -q listening "$work/serve.out" && break; sleep 0.1; done
port=$(sed -n 's/.*https=[^ ]*:\([0-9]*\) .*/\1/p' "$work/serve.out")
ops=$(sed -n 's/.*ops=[^ ]*:\([0-9]*\).*/\1/p' "$work/serve.out")
CA=$data/tls/ca.crt.pem
token=$(curl -s --cacert "$CA" "https://localhost:$port/api/v1/login" -H 'Content-Type: application/json' \
  -d "{\"tenant\":\"bench\",\"login\":\"worker\",\"password\":\"$PASSWORD\"}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "login failed" >&2; exit 1; }

# Lua tables of ids and queries for wrk.
sqlite3 "$db" 'SELECT id FROM cases ORDER BY random() LIMIT 20000' >"$work/ids.txt"
{
  # Family names in kana (katakana, as a caseworker types them), 2-character words, phrases.
  sqlite3 "$db" "SELECT DISTINCT substr(name_kana, 1, instr(name_kana, '　') - 1) FROM people
                 WHERE instr(name_kana, '　') > 0 ORDER BY random() LIMIT 100"
  printf '%s\n' 欠席 登校 面談 通告 訪問 保育 体重 夜間 受診 警察 泣き声 ネグレクト 家庭訪問 乳幼児健診 \
    学校から連絡 母と面談 要保護児童 一時保護
} >"$work/queries.txt"
export YORISOI_TOKEN=$token YORISOI_IDS=$work/ids.txt YORISOI_QUERIES=$work/queries.txt

sample_id=$(head -1 "$work/ids.txt")
curl -s --cacert "$CA" -H "Authorization: Bearer $token" "https://localhost:$port/api/v1/cases/$sample_id" >"$work/case.json"
bytes=$(wc -c <"$work/case.json")

# nginx: the same bytes, the same certificate, TLS, keep-alive, one worker per core.
nport=$((port + 1))
start_nginx_reference "$work/case.json" "$nport" "$data" "$work"

wrk_run() {  # script conns url -> "rps p95_ms p99_ms"
  wrk -t2 -c"$2" -d"${DUR}s" -s "bench/$1" "$3" >"$work/wrk.out"
  local rps; rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
  local p95; p95=$(awk '/^p95_ms/ {print $2}' "$work/wrk.out")
  local p99; p99=$(awk '/^p99_ms/ {print $2}' "$work/wrk.out")
  local bad; bad=$(awk '/^non2xx/ {print $2}' "$work/wrk.out")
  if [ "${bad:-0}" != "0" ]; then
    echo "wrk saw $bad non-2xx answers for $3" >&2
    cat "$work/wrk.out" >&2
    curl -s "http://127.0.0.1:$ops/metrics" | grep '_total{' | grep -v 'status="2' >&2
    exit 1
  fi
  echo "$rps $p95 $p99"
}

# 1. Case reads (warm the caches first).
wrk -t2 -c64 -d3s -s bench/case_get.lua "https://localhost:$port" >/dev/null
read -r g_rps g_p95 g_p99 < <(wrk_run case_get.lua 64 "https://localhost:$port")
read -r n_rps n_p95 n_p99 < <(wrk_run case_get.lua 64 "https://localhost:$nport")
g_ratio=$(awk -v a="$g_rps" -v b="$n_rps" 'BEGIN {printf "%.2f", a/b}')
echo "GET case: yorisoi $g_rps req/s p99 $g_p99 ms; nginx $n_rps req/s p99 $n_p99 ms; ratio $g_ratio ($bytes bytes)"

# 3. Search (before the writes, so it runs on the generated data only).
read -r s_rps s_p95 s_p99 < <(wrk_run search.lua 8 "https://localhost:$port")
echo "search: $s_rps req/s, p95 $s_p95 ms, p99 $s_p99 ms (8 conns, $(wc -l <"$work/queries.txt") queries)"

# 2. Durable note writes vs one fsync (pg_test_fsync on the same file system as the data).
PGFSYNC=$(ls /usr/lib/postgresql/*/bin/pg_test_fsync | tail -1)
$PGFSYNC -s 3 -f "$data/fsync.tmp" >"$work/fsync.out"
rm -f "$data/fsync.tmp"
fsync_rate=$(awk '/one 8kB write/ {f=1} f && $1 == "fdatasync" {print $2; exit}' "$work/fsync.out")
read -r w_rps w_p95 w_p99 < <(wrk_run note_post.lua 64 "https://localhost:$port")
w_ratio=$(awk -v a="$w_rps" -v b="$fsync_rate" 'BEGIN {printf "%.1f", a/b}')
echo "note writes: $w_rps/s (p99 $w_p99 ms) vs fdatasync $fsync_rate/s: ratio $w_ratio"

cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
{
  echo
  echo "#### Case file run $(date -u +%Y-%m-%d), $cpu, $(nproc) cores, $cases cases / $notes notes (SQLite)"
  echo
  echo "| measure | yorisoi | reference | ratio | target |"
  echo "| --- | --- | --- | --- | --- |"
  echo "| GET /cases/{id}, 64 conns, ${DUR}s ($bytes B) | $g_rps req/s, p99 $g_p99 ms | nginx $n_rps req/s, p99 $n_p99 ms | $g_ratio | ≥ 0.3, p99 ≤ 10 ms |"
  echo "| POST /cases/{id}/notes, 64 conns, durable | $w_rps notes/s, p99 $w_p99 ms | fdatasync $fsync_rate/s | $w_ratio | ≥ 1.0 |"
  echo "| GET /cases?q=, 8 conns | $s_rps req/s, p95 $s_p95 ms, p99 $s_p99 ms | | | p95 ≤ 50 ms |"
} >>docs/performance.md
echo "appended to docs/performance.md"
