#!/usr/bin/env bash
# Installs the Debian packages Yorisoi needs to build, test and benchmark.
# Idempotent: only what is missing is installed, so a second run costs one dpkg query.
# Usage: scripts/install-deps.sh [build|test|bench|fuzz]...   (default: build test)
set -euo pipefail

groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(build test)

pkgs=()
for g in "${groups[@]}"; do
  case "$g" in
    build)
      # Node.js and npm build the tablet app (web/); a machine that already has a newer Node.js
      # (e.g. from NodeSource) keeps it.
      command -v node >/dev/null && command -v npm >/dev/null || pkgs+=(nodejs npm)
      pkgs+=(gzip)
      pkgs+=(build-essential g++ cmake ninja-build ccache pkg-config git
             libboost-dev libssl-dev openssl libsodium-dev libsqlite3-dev sqlite3
             nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev libicu-dev libpq-dev) ;;
    test)
      # chromium + CJK fonts: the tablet app's end-to-end tests (Playwright drives Debian's
      # Chromium; without the fonts Japanese renders as boxes in the screenshots).
      # PostgreSQL 15 (server, client, pg_dump): the PostgreSQL runs of the conformance and
      # functional suites start a throwaway cluster of it (scripts/pg-test-cluster.sh).
      pkgs+=(libgtest-dev libgmock-dev clang-format chromium fonts-noto-cjk
             postgresql-15 postgresql-client-15 python3) ;;  # python3: make test-failover's client
    bench)
      pkgs+=(wrk nginx-light libbenchmark-dev curl postgresql-15) ;;  # pg_test_fsync: the fsync reference
    fuzz)
      pkgs+=(clang libclang-rt-14-dev) ;;
    *) echo "install-deps: unknown group '$g' (build, test, bench, fuzz)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  SUDO=sudo
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
