# Sourced by bench/run.sh and bench/case_file.sh (after nginx_reference.sh): the device
# certificate the server requires, and bench/loadgen (which presents it; wrk cannot).
LOADGEN=${LOADGEN:-build/release/bench/loadgen}
[ -x "$LOADGEN" ] || { echo "$LOADGEN missing: cmake --preset release -DYORISOI_BENCH=ON && ninja -C build/release loadgen" >&2; exit 1; }

# enroll_bench_tablet BIN DATA TENANT WORK: enrolls a tablet of its own for this run (a fresh
# name each time, so a kept BENCH_DATA works again) and sets CERT and KEY.
enroll_bench_tablet() {
  local bin=$1 data=$2 tenant=$3 work=$4
  local name
  name="bench-tablet-$(date +%s)-$$"
  "$bin" device enroll --data "$data" --tenant "$tenant" --name "$name" --kind tablet \
    --out "$work/$name" >/dev/null
  CERT=$work/$name.crt.pem
  KEY=$work/$name.key.pem
}

# loadgen_run OUT URL MODE CONNS SECONDS [loadgen args...]: sets RPS, P95 and P99 (ms; they
# count the requests unanswered at the end at their age then), N (requests answered), UNF
# (unanswered at the end) and BYTES (mean body size).
# Uses CA, CERT, KEY (and the caller's --token/--ids/--queries). Fails on any non-2xx answer
# or connection error, showing loadgen's output.
loadgen_run() {
  local out=$1 url=$2 mode=$3 conns=$4 secs=$5
  shift 5
  "$LOADGEN" --url "$url" --ca "$CA" --cert "$CERT" --key "$KEY" --connections "$conns" \
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
