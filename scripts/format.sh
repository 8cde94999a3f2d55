#!/usr/bin/env bash
# clang-format over the project's C++ (src, tests, bench, fuzz): `check` fails on any file that
# differs from .clang-format, `fix` rewrites them. Lists the files with find, not git, so it
# checks the same files in a git checkout, an unpacked `git archive` or a CI copy; finding none
# is an error, never a pass.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?usage: scripts/format.sh check|fix}
mapfile -t files < <(find src tests bench fuzz -type f \( -name '*.cpp' -o -name '*.hpp' \) | sort)
if [ ${#files[@]} -eq 0 ]; then
  echo "format: no C++ files found under src tests bench fuzz (run from the checkout)" >&2
  exit 1
fi
case "$mode" in
  check)
    clang-format --dry-run --Werror "${files[@]}"
    echo "format-check: ${#files[@]} files formatted" ;;
  fix) clang-format -i "${files[@]}" ;;
  *) echo "usage: scripts/format.sh check|fix" >&2; exit 2 ;;
esac
