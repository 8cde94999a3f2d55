#!/usr/bin/env bash
# Installs the Debian packages Yorisoi needs to build, run, test and benchmark, then (group build)
# the project's own Node.js from the npm registry (scripts/install-node.sh).
# Idempotent: only what is missing is installed, so a second run costs one dpkg query.
# Usage: scripts/install-deps.sh [build|run|test|bench|fuzz]...   (default: build run test)
set -euo pipefail

groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(build run test)

pkgs=()
for g in "${groups[@]}"; do
  case "$g" in
    build)
      # npm only bootstraps the project's own Node.js 22 (scripts/install-node.sh), which builds
      # the tablet app (web/); Debian's Node.js 18 runs nothing else. Any npm will do, so a
      # machine that already has one keeps it.
      command -v npm >/dev/null || pkgs+=(nodejs npm)
      # ca-certificates: npm reaches the registry over HTTPS (minbase Debian has no CA bundle).
      pkgs+=(gzip ca-certificates)
      pkgs+=(build-essential g++ cmake ninja-build ccache pkg-config git
             libboost-dev libssl-dev openssl libsodium-dev libsqlite3-dev sqlite3
             nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev libicu-dev libpq-dev) ;;
    run)
      pkgs+=(curl jq) ;;  # the README's example calls against `make run`
    test)
      # chromium + CJK fonts: the tablet app's end-to-end tests (Playwright drives Debian's
      # Chromium; without the fonts Japanese renders as boxes in the screenshots).
      # PostgreSQL 15 (server, client, pg_dump): the PostgreSQL runs of the conformance and
      # functional suites start a throwaway cluster of it (scripts/pg-test-cluster.sh).
      pkgs+=(libgtest-dev libgmock-dev clang-format chromium fonts-noto-cjk
             postgresql-15 postgresql-client-15 python3) ;;  # python3: make test-failover's client
    bench)
      # postgresql-15: pg_test_fsync, the fsync reference; bc: bench/web_size.sh sums sizes.
      pkgs+=(wrk nginx-light libbenchmark-dev curl bc postgresql-15) ;;
    fuzz)
      pkgs+=(clang libclang-rt-14-dev) ;;
    *) echo "install-deps: unknown group '$g' (build, run, test, bench, fuzz)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

node_step() {
  case " ${groups[*]} " in
    *" build "*) "$(dirname "$0")/install-node.sh" ;;
  esac
}

if [ ${#missing[@]} -eq 0 ]; then
  node_step
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  SUDO=sudo
fi
start=$SECONDS
echo "install-deps: Debian packages for ${groups[*]}: ${#missing[@]} missing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: apt-get update"
$SUDO apt-get update -qq
echo "install-deps: apt-get install (with their dependencies; minutes on a fresh machine)"
# Quiet, but not silent: a line every 25 packages downloaded, unpacked and set up, so a long
# install shows it is moving (a fresh machine gets several hundred with their dependencies).
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" | awk '
  /newly installed/ { total = $3; print "  " total " packages to install"; fflush() }
  function step(what) { n[what]++; if (n[what] % 25 == 0 || n[what] == total)
                          { printf "  %s %d of %d\n", what, n[what], total; fflush() } }
  /^Get:/ { step("downloaded") }
  /^Unpacking / { step("unpacked") }
  /^Setting up / { step("set up") }' || true
# The install's own exit status is lost to the filter above: check the result instead.
still=()
for p in "${missing[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || still+=("$p")
done
if [ ${#still[@]} -ne 0 ]; then
  echo "install-deps: apt-get did not install: ${still[*]}" >&2
  exit 1
fi
echo "install-deps: Debian packages done in $((SECONDS - start)) s"
node_step
