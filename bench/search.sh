#!/usr/bin/env bash
# Search benchmark (issue 16), on the release build with dummy data: GET /api/v1/cases?q=...
# (limit 50) per query class — family names in kana, 1 character, 2 characters, rare phrase,
# common phrase, a word found nowhere, case number, birth date (ISO and 和暦) — at 1 and at 8
# connections, p50/p95/p99 each. Target: p95 ≤ 50 ms in every class on both backends.
# Appends a markdown table to build/release/bench/results.md (BENCH_RESULTS=file), for the search
# section of docs/performance.md.
#   BENCH_CASES (100000), BENCH_NOTES (10 per case), BENCH_SECONDS (10 per class and width),
#   BENCH_DATA=dir keeps the generated data between runs, BENCH_BACKEND=postgres.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
BIN=build/release/yorisoi
CASES=${BENCH_CASES:-100000}
NOTES=${BENCH_NOTES:-10}
DUR=${BENCH_SECONDS:-10}
BACKEND=${BENCH_BACKEND:-sqlite}
work=$(mktemp -d /tmp/yorisoi-searchbench.XXXXXX)
trap bench_cleanup EXIT
data=${BENCH_DATA:-$work/data}
bench_prepare_data
notes=$(q 'SELECT count(*) FROM notes')
cases=$(q 'SELECT count(*) FROM cases')
size=$(db_size)
echo "data: $cases cases, $notes notes ($size)"

enroll_bench_tablet "$BIN" "$data" bench "$work"
bench_start_server
token=$(bench_login "$CERT" "$KEY" worker)
bench_pick_ids_queries  # ids.txt (loadgen wants it) and the mixed queries

# One query file per class, from the data where the class needs it.
mkdir -p "$work/classes"
c="$work/classes"
q "SELECT t FROM (SELECT DISTINCT substr(name_kana, 1, $FIRST_NAME_SQL - 1) AS t FROM people
   WHERE $FIRST_NAME_SQL > 3) AS names ORDER BY random() LIMIT 100" >"$c/names"
printf '%s\n' 泣 梟 鰐 母 訪 学 欠 夜 >"$c/1char"
printf '%s\n' 欠席 登校 面談 えび 鰐皮 保育 受診 夜間 >"$c/2char"
printf '%s\n' 乳幼児健診 要保護児童 学校から連絡 一時保護 >"$c/rare_phrase"
printf '%s\n' 家庭訪問 母と面談 ネグレクト 泣き声 >"$c/common_phrase"
printf '%s\n' えびふらいや 鰐皮の鞄 ちくわぶ天国 >"$c/absent"
q 'SELECT number FROM cases ORDER BY random() LIMIT 100' >"$c/number"
q "SELECT birth_date FROM people WHERE birth_date IS NOT NULL AND birth_date <> ''
   ORDER BY random() LIMIT 100" >"$c/date"
# The same dates as 和暦 (令和 from 2019-05-01, 平成 from 1989-01-08).
awk -F- '{y=$1+0; m=$2+0; d=$3+0; v=sprintf("%04d%02d%02d", y, m, d)
  if (v >= "20190501") printf "令和%d年%d月%d日\n", y - 2018, m, d
  else if (v >= "19890108") printf "H%d.%d.%d\n", y - 1988, m, d}' "$c/date" >"$c/wareki"

classes=(names 1char 2char rare_phrase common_phrase absent number date wareki)
rows=()
for cls in "${classes[@]}"; do
  [ -s "$c/$cls" ] || { echo "no queries for $cls" >&2; continue; }
  for conns in 1 8; do
    loadgen_run "$work/lg.out" "https://localhost:$port" search "$conns" "$DUR" --token "$token" \
      --ids "$work/ids.txt" --queries "$c/$cls"
    p50=$(awk '$1 == "p50_ms" {print $2}' "$work/lg.out")
    echo "$cls, $conns conns: $RPS req/s, p50 $p50 ms, p95 $P95 ms, p99 $P99 ms ($N answered, $UNF unanswered)"
    rows+=("| $cls | $conns | $RPS | $p50 | $P95 | $P99 | $N ($UNF unanswered) |")
  done
done

cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
out=${BENCH_RESULTS:-build/release/bench/results.md}
mkdir -p "$(dirname "$out")"
{
  echo
  echo "#### Search run $(date -u '+%Y-%m-%d %H:%M UTC'), $cpu, $(nproc) cores, $cases cases / $notes notes ($BACKEND, $size), ${DUR}s each, limit 50"
  echo
  echo "| class | conns | req/s | p50 ms | p95 ms | p99 ms | answered |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
} | tee -a "$out"
echo "appended to $out"
