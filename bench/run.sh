#!/usr/bin/env bash
# Benchmark: signed-in GET /api/v1/me over HTTPS at 64 keep-alive connections, beside nginx
# serving the same bytes over TLS (same certificate, same machine, same run). Appends the
# figures to docs/performance.md. Needs the release build and `scripts/install-deps.sh bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/nginx_reference.sh
BIN=build/release/yorisoi
DUR=${BENCH_SECONDS:-15}
CONNS=${BENCH_CONNECTIONS:-64}
work=$(mktemp -d /tmp/yorisoi-bench.XXXXXX)
cleanup() { [ -n "${spid:-}" ] && kill "$spid" 2>/dev/null; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work" "${NGINX_WWW:-}"; }
trap cleanup EXIT

data=$work/data
$BIN init --data "$data" >/dev/null
$BIN tenant add --data "$data" --id bench --name ベンチ区 >/dev/null
$BIN unit add --data "$data" --tenant bench --id center --name センター >/dev/null
echo "bench-dummy-password-2025" | $BIN user add --data "$data" --tenant bench --login worker --name ベンチ職員 --role caseworker --unit center >/dev/null
# Bench settings: long idle timeout; everything else as shipped.
$BIN serve --data "$data" --listen 127.0.0.1:0 --ops 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
spid=$!
for _ in $(seq 100); do grep -q listening "$work/serve.out" && break; sleep 0.1; done
port=$(sed -n 's/.*https=[^ ]*:\([0-9]*\) .*/\1/p' "$work/serve.out")
CA=$data/tls/ca.crt.pem
token=$(curl -s --cacert "$CA" "https://localhost:$port/api/v1/login" -H 'Content-Type: application/json' \
  -d '{"tenant":"bench","login":"worker","password":"bench-dummy-password-2025"}' | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
curl -s --cacert "$CA" -H "Authorization: Bearer $token" "https://localhost:$port/api/v1/me" >"$work/me.json"

# nginx: the same bytes, the same certificate, TLS, keep-alive, one worker per core.
nport=$((port + 1))
start_nginx_reference "$work/me.json" "$nport" "$data" "$work"

run_wrk() {  # url -> "rps p99_ms"
  YORISOI_TOKEN=$token wrk -t2 -c"$CONNS" -d"${DUR}s" --latency -s bench/me.lua "$1" >"$work/wrk.out"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub("us","",v); v=v/1000} else if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /s$/) {sub("s","",v); v=v*1000}; print v}' "$work/wrk.out")
  echo "$rps $p99"
}
# Warm both, then measure.
YORISOI_TOKEN=$token wrk -t2 -c"$CONNS" -d3s -s bench/me.lua "https://localhost:$port/api/v1/me" >/dev/null
read -r y_rps y_p99 < <(run_wrk "https://localhost:$port/api/v1/me")
read -r n_rps n_p99 < <(run_wrk "https://localhost:$nport/api/v1/me")
non200=$(curl -s "http://127.0.0.1:$(sed -n 's/.*ops=[^ ]*:\([0-9]*\).*/\1/p' "$work/serve.out")/metrics" | grep -c 'route="/api/v1/me",status="[^2]' || true)
ratio=$(awk -v a="$y_rps" -v b="$n_rps" 'BEGIN {printf "%.2f", a/b}')
cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
line="| $(date -u +%Y-%m-%d) | $cpu, $(nproc) cores | GET /api/v1/me, $CONNS conns, ${DUR}s | $y_rps | $y_p99 | $n_rps | $n_p99 | $ratio |"
echo "yorisoi: $y_rps req/s p99 ${y_p99} ms; nginx: $n_rps req/s p99 ${n_p99} ms; ratio $ratio (non-200 series: $non200)"
echo "$line" >> docs/performance.md
echo "appended to docs/performance.md"
