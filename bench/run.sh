#!/usr/bin/env bash
# Benchmark: signed-in GET /api/v1/me over HTTPS at 64 keep-alive connections, beside nginx
# serving the same bytes over TLS (same certificate, same machine, same run). Both are driven by
# bench/loadgen presenting an enrolled tablet's certificate (mutual TLS on both sides).
# Appends the figures as a table row to build/release/bench/results.md (BENCH_RESULTS=file), for
# the table in docs/performance.md (appending to the end of that file put rows under other
# sections). Needs the release build with -DYORISOI_BENCH=ON (make bench builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/nginx_reference.sh
source bench/lib.sh
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
echo "dummy-load-test-passphrase-2025" | $BIN user add --data "$data" --tenant bench --login worker --name ベンチ職員 --role caseworker --unit center >/dev/null
# The tablet is enrolled before the server starts: a running server learns of new devices by
# polling (every 250 ms), and a handshake in between is refused.
enroll_bench_tablet "$BIN" "$data" bench "$work"
# Bench settings: long idle timeout; everything else as shipped.
$BIN serve --data "$data" --listen 127.0.0.1:0 --ops 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
spid=$!
for _ in $(seq 100); do grep -q listening "$work/serve.out" && break; sleep 0.1; done
port=$(sed -n 's/.*https=[^ ]*:\([0-9]*\) .*/\1/p' "$work/serve.out")
CA=$data/tls/ca.crt.pem
token=$(curl -s --cacert "$CA" --cert "$CERT" --key "$KEY" "https://localhost:$port/api/v1/login" -H 'Content-Type: application/json' \
  -d '{"tenant":"bench","login":"worker","password":"dummy-load-test-passphrase-2025"}' | sed -n 's/.*"token":"\([^"]*\)".*/\1/p' || true)
[ -n "$token" ] || { echo "login failed" >&2; cat "$work/serve.err" >&2; exit 1; }
curl -s --cacert "$CA" --cert "$CERT" --key "$KEY" -H "Authorization: Bearer $token" "https://localhost:$port/api/v1/me" >"$work/me.json"

# nginx: the same bytes, the same certificate, TLS, keep-alive, one worker per core.
nport=$((port + 1))
start_nginx_reference "$work/me.json" "$nport" "$data" "$work" bench

# Warm both, then measure (the same tool, connections and request bytes on both sides).
loadgen_run "$work/lg.out" "https://localhost:$port" me "$CONNS" 3 --token "$token"
loadgen_run "$work/lg.out" "https://localhost:$port" me "$CONNS" "$DUR" --token "$token"
y_rps=$RPS y_p99=$P99
loadgen_run "$work/lg.out" "https://localhost:$nport" me "$CONNS" "$DUR" --token "$token"
n_rps=$RPS n_p99=$P99
non200=$(curl -s "http://127.0.0.1:$(sed -n 's/.*ops=[^ ]*:\([0-9]*\).*/\1/p' "$work/serve.out")/metrics" | grep -c 'route="/api/v1/me",status="[^2]' || true)
ratio=$(awk -v a="$y_rps" -v b="$n_rps" 'BEGIN {printf "%.2f", a/b}')
cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
line="| $(date -u +%Y-%m-%d) | $cpu, $(nproc) cores | GET /api/v1/me, $CONNS conns, ${DUR}s, loadgen + mTLS | $y_rps | $y_p99 | $n_rps | $n_p99 | $ratio |"
echo "yorisoi: $y_rps req/s p99 ${y_p99} ms; nginx: $n_rps req/s p99 ${n_p99} ms; ratio $ratio (non-200 series: $non200)"
out=${BENCH_RESULTS:-build/release/bench/results.md}
mkdir -p "$(dirname "$out")"
echo "$line" | tee -a "$out"
echo "appended to $out (a row for the table in docs/performance.md)"
