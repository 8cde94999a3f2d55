#!/usr/bin/env bash
# Size of the shipped tablet app (web/dist), raw and gzip -9 (what the server sends to a browser
# that accepts gzip). Target (issue: Tablet app): JS + CSS <= 250 KB compressed.
# The render figure (case detail with 200 timeline entries) comes from the e2e run:
# build/debug/e2e-output/e2e-results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-web.sh >/dev/null  # on the project's Node.js (build/tools/node), like every web step
total=0
for f in web/dist/index.html web/dist/assets/*; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -n -c "$f" | wc -c)
  printf '%-40s %8d B raw %8d B gzip\n' "${f#web/dist/}" "$raw" "$gz"
  case "$f" in *.js|*.css) total=$((total + gz)) ;; esac
done
printf 'JS + CSS, gzip: %d B (%.1f KB)\n' "$total" "$(echo "$total / 1024" | bc -l)"
