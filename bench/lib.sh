# Sourced by the bench scripts (after nginx_reference.sh): the device certificates the server
# requires, bench/loadgen (which presents them; wrk cannot), and the setup that bench/case_file.sh
# and bench/mixed.sh share (backend, dummy data, server, sign-in, case ids and search queries).
LOADGEN=${LOADGEN:-build/release/bench/loadgen}
[ -x "$LOADGEN" ] || { echo "$LOADGEN missing: cmake --preset release -DYORISOI_BENCH=ON && ninja -C build/release loadgen" >&2; exit 1; }
# It must pass the password policy (not containing the tenant id "bench", for one). Data kept
# in a BENCH_DATA folder made before 2026-12-08 has the older "bench-dummy-password-2025".
BENCH_PASSWORD=${BENCH_PASSWORD:-dummy-load-test-passphrase-2025}

# enroll_bench_tablet BIN DATA TENANT WORK [SUFFIX]: enrolls a tablet of its own for this run (a
# fresh name each time, so a kept BENCH_DATA works again; SUFFIX tells apart the tablets enrolled
# in the same second) and sets CERT and KEY.
enroll_bench_tablet() {
  local bin=$1 data=$2 tenant=$3 work=$4 suffix=${5:-}
  local name
  name="bench-tablet-$(date +%s)-$$${suffix:+-$suffix}"
  "$bin" device enroll --data "$data" --tenant "$tenant" --name "$name" --kind tablet \
    --out "$work/$name" >/dev/null
  CERT=$work/$name.crt.pem
  KEY=$work/$name.key.pem
}

# loadgen_run OUT URL MODE CONNS SECONDS [loadgen args...]: sets RPS, P95 and P99 (ms; they
# count the requests unanswered at the end at their age then), N (requests answered), UNF
# (unanswered at the end) and BYTES (mean body size).
# Uses CA and CERT, KEY — or CERTS_FILE when set (loadgen --certs: several devices and their
# sessions) — and the caller's --token/--ids/--queries. Fails on any non-2xx answer or
# connection error, showing loadgen's output.
loadgen_run() {
  local out=$1 url=$2 mode=$3 conns=$4 secs=$5
  shift 5
  local identity=(--cert "$CERT" --key "$KEY")
  [ -n "${CERTS_FILE:-}" ] && identity=(--certs "$CERTS_FILE")
  "$LOADGEN" --url "$url" --ca "$CA" "${identity[@]}" --connections "$conns" \
    --threads "${BENCH_THREADS:-2}" --seconds "$secs" --mode "$mode" "$@" >"$out" ||
    { echo "loadgen failed ($mode $url):" >&2; cat "$out" >&2; return 1; }
  local bad errors
  bad=$(awk '$1 == "non2xx" {print $2}' "$out")
  errors=$(awk '$1 == "errors" {print $2}' "$out")
  if [ "${bad:-0}" != 0 ] || [ "${errors:-0}" != 0 ]; then
    echo "loadgen saw $bad non-2xx answers and $errors connection errors ($mode $url):" >&2
    cat "$out" >&2
    return 1
  fi
  RPS=$(awk '$1 == "Requests/sec:" {print $2}' "$out")
  P95=$(awk '$1 == "p95_ms" {print $2}' "$out")
  P99=$(awk '$1 == "p99_ms" {print $2}' "$out")
  N=$(awk '$1 == "requests" {print $2}' "$out")
  UNF=$(awk '$1 == "unfinished" {print $2}' "$out")
  BYTES=$(awk '$1 == "body_bytes_avg" {print $2}' "$out")
}

# kind_field OUT KIND FIELD: a measure of one kind from loadgen --mode mixed's output (the value
# after FIELD on the line "kind KIND ...").
kind_field() {
  awk -v k="$2" -v f="$3" '$1 == "kind" && $2 == k {for (i = 3; i < NF; i++) if ($i == f) print $(i + 1)}' "$1"
}

# bench_prepare_data: the benchmark tenant "bench" (unit center, users worker and supervisor,
# CASES dummy cases with NOTES notes each), generated once in DATA (kept between runs when the
# caller's BENCH_DATA points there). With BACKEND=postgres it runs on a PostgreSQL cluster of its
# own in WORK/pg, durable like a production one (fsync on), generated afresh each run.
# Uses BIN, BACKEND, CASES, NOTES, work, data; defines q SQL (one query on the tenant's
# database), db_size and FIRST_NAME_SQL (the position of the space in name_kana).
bench_prepare_data() {
  if [ "$BACKEND" = postgres ]; then
    YORISOI_PG_FSYNC=on scripts/pg-test-cluster.sh start "$work/pg"
    export PGPASSFILE=$work/pg/passfile
    pgurl=$(cat "$work/pg/url")
    rm -rf "$data"
    INIT_ARGS=(--postgres "${pgurl}bench")
    q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "${pgurl}bench_bench" -c "$1"; }
    db_size() { q "SELECT pg_size_pretty(sum(pg_database_size(datname))) FROM pg_database
                   WHERE datname LIKE 'bench%'"; }
    FIRST_NAME_SQL="strpos(name_kana, '　')"
  else
    INIT_ARGS=()
    # A busy timeout: the previous run's server may still be checkpointing as it exits.
    q() { sqlite3 -cmd ".timeout 30000" "$data/tenants/bench/tenant.db" "$1"; }
    db_size() { du -sh "$data" | cut -f1; }
    FIRST_NAME_SQL="instr(name_kana, '　')"
  fi
  if [ ! -f "$data/.bench-ready-$CASES-$NOTES" ]; then
    rm -rf "$data"
    $BIN init --data "$data" "${INIT_ARGS[@]}" >/dev/null
    $BIN tenant add --data "$data" --id bench --name ベンチ区 >/dev/null
    $BIN unit add --data "$data" --tenant bench --id center --name センター >/dev/null
    bench_add_user worker ベンチ職員 caseworker
    bench_add_user supervisor ベンチ係長 supervisor
    local start
    start=$(date +%s)
    $BIN dummy --data "$data" --tenant bench --cases "$CASES" --notes-per-case "$NOTES" --seed 1
    echo "dummy data: $CASES cases x $NOTES notes in $(( $(date +%s) - start )) s"
    touch "$data/.bench-ready-$CASES-$NOTES"
  fi
}

# bench_add_user LOGIN NAME ROLE: a user of unit center in tenant bench (password BENCH_PASSWORD).
bench_add_user() {
  echo "$BENCH_PASSWORD" | $BIN user add --data "$data" --tenant bench --login "$1" --name "$2" \
    --role "$3" --unit center >/dev/null
}

# bench_start_server: `yorisoi serve` on free ports; sets spid, port, ops and CA. Enroll the
# tablets before: a running server learns of new devices by polling (every 250 ms), and a
# handshake in between is refused.
bench_start_server() {
  $BIN serve --data "$data" --listen 127.0.0.1:0 --ops 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
  spid=$!
  for _ in $(seq 300); do grep -q listening "$work/serve.out" && break; sleep 0.1; done
  port=$(sed -n 's/.*https=[^ ]*:\([0-9]*\) .*/\1/p' "$work/serve.out")
  ops=$(sed -n 's/.*ops=[^ ]*:\([0-9]*\).*/\1/p' "$work/serve.out")
  [ -n "$port" ] || { echo "serve did not start" >&2; cat "$work/serve.err" >&2; exit 1; }
  CA=$data/tls/ca.crt.pem
}

# bench_login CERT KEY LOGIN: prints the token of a session of LOGIN opened from that device (a
# session is valid only from its own device); fails when the sign-in does.
bench_login() {
  local token
  token=$(curl -s --cacert "$CA" --cert "$1" --key "$2" "https://localhost:$port/api/v1/login" \
    -H 'Content-Type: application/json' \
    -d "{\"tenant\":\"bench\",\"login\":\"$3\",\"password\":\"$BENCH_PASSWORD\"}" |
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p' || true)
  [ -n "$token" ] || { echo "login of $3 failed" >&2; cat "$work/serve.err" >&2; return 1; }
  echo "$token"
}

# bench_pick_ids_queries: WORK/ids.txt (up to 20,000 random case ids) and WORK/queries.txt
# (family names in kana as a caseworker types them, 2-character words, phrases), one a line.
bench_pick_ids_queries() {
  q 'SELECT id FROM cases ORDER BY random() LIMIT 20000' >"$work/ids.txt"
  {
    q "SELECT t FROM (SELECT DISTINCT substr(name_kana, 1, $FIRST_NAME_SQL - 1) AS t FROM people
       WHERE $FIRST_NAME_SQL > 0) AS names ORDER BY random() LIMIT 100"
    printf '%s\n' 欠席 登校 面談 通告 訪問 保育 体重 夜間 受診 警察 泣き声 ネグレクト 家庭訪問 乳幼児健診 \
      学校から連絡 母と面談 要保護児童 一時保護
  } >"$work/queries.txt"
}

# bench_cleanup: the EXIT trap of the scripts that use the helpers above (and nginx's).
bench_cleanup() {
  [ -n "${spid:-}" ] && kill "$spid" 2>/dev/null
  [ "$BACKEND" = postgres ] && scripts/pg-test-cluster.sh stop "$work/pg"
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  rm -rf "$work" "${NGINX_WWW:-}"
}
