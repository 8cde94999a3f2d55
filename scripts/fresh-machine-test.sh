#!/usr/bin/env bash
# The README's promise, checked where nothing hides a missing install step: a fresh Debian 12
# root (debootstrap --variant=minbase bookworm) gets `git archive HEAD` of this checkout, then as
# root inside it: `apt-get install -y make`, `make test`, then `make run` until it prints
# "listening". Passes only if ctest's summary says 100% and the server reaches "listening".
#
#   sudo scripts/fresh-machine-test.sh        # 15-30 min on 2 cores; not part of `make test`
#
# Run it when the install or build files change (scripts/install-*.sh, scripts/node/, Makefile,
# CMake, web/package*.json). Needs root (debootstrap, chroot, mounts) and the network to Debian's
# mirror and the npm registry. Design: shared/design/fresh-machine.md.
#
# Environment:
#   FRESH_WORK   where the root is made (default /var/tmp/yorisoi-fresh); removed afterwards
#                unless FRESH_KEEP=1
#   FRESH_CACHE  tarball of the pristine root, made on the first run and reused
#                (default /var/tmp/yorisoi-fresh-bookworm-minbase.tar.gz; delete it to start over)
#   FRESH_MIRROR Debian mirror (default: the one this machine's apt uses)
#   FRESH_RUN_TIMEOUT seconds `make run` may take to reach "listening" (default 2400: it builds
#                the release binary first)
set -euo pipefail

checkout=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "fresh-machine-test: run as root (debootstrap, chroot, mount)" >&2; exit 2; }
work=${FRESH_WORK:-/var/tmp/yorisoi-fresh}
cache=${FRESH_CACHE:-/var/tmp/yorisoi-fresh-bookworm-minbase.tar.gz}
run_timeout=${FRESH_RUN_TIMEOUT:-2400}
root="$work/root"
log() { echo "fresh-machine-test: $*"; }

# --- the mirrors this machine's apt uses (deb822 .sources or one-line sources.list) -----------
apt_uris() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && sed -n 's/^URIs: *//p' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && sed -n 's/^deb \(\[[^]]*\] \)\?\([^ ]*\) .*/\2/p' "$f"
  done
  return 0
}
uris=$(apt_uris | tr ' ' '\n')
mirror=${FRESH_MIRROR:-$(grep -E '/debian/?$' <<<"$uris" | head -1 || true)}
mirror=${mirror:-http://deb.debian.org/debian}
security=$(grep -E '/debian-security/?$' <<<"$uris" | head -1 || true)
security=${security:-http://deb.debian.org/debian-security}

# --- mounts, always undone ---------------------------------------------------------------------
mounted=()
chroot_pids() {  # processes whose root is the fresh root (started by this script inside it)
  local p
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && echo "${p#/proc/}"
  done
  return 0
}
cleanup() {
  local rc=$? pids i
  set +e
  pids=$(chroot_pids)
  if [ -n "$pids" ]; then
    kill $pids 2>/dev/null; sleep 3
    pids=$(chroot_pids); [ -n "$pids" ] && kill -9 $pids 2>/dev/null; sleep 1
  fi
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}"
  done
  if [ "${FRESH_KEEP:-0}" != 1 ] && [ -d "$root" ]; then
    if [ -z "$(findmnt -rn -o TARGET | grep -F "$root" || true)" ]; then
      rm -rf --one-file-system "$root"
    else
      echo "fresh-machine-test: mounts remain under $root; not removing it" >&2
    fi
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mount_in() {  # mount_in TARGET mount-args...
  local target="$root/$1"; shift
  mkdir -p "$target"
  mount "$@" "$target"
  mounted+=("$target")
}

# --- a pristine Debian 12 root --------------------------------------------------------------
mkdir -p "$work"
if [ -d "$root" ]; then
  [ -z "$(findmnt -rn -o TARGET | grep -F "$root" || true)" ] ||
    { echo "fresh-machine-test: $root has mounts (another run?)" >&2; exit 1; }
  rm -rf --one-file-system "$root"
fi
mkdir -p "$root"
if [ -f "$cache" ]; then
  log "pristine root from $cache"
  tar -C "$root" -xzf "$cache"
else
  command -v debootstrap >/dev/null || {
    log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  }
  log "debootstrap --variant=minbase bookworm ($mirror)"
  debootstrap --variant=minbase bookworm "$root" "$mirror" > "$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  cat > "$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
EOF
  tar -C "$root" -czf "$cache.tmp" . && mv "$cache.tmp" "$cache"
  log "pristine root kept in $cache"
fi

# --- what this machine needs to reach the registries (a real fresh machine needs none of it) --
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp /etc/hosts "$root/etc/hosts"
# This machine's apt settings for reaching its mirror (proxies, release-date checks), if any.
apt-config dump 2>/dev/null | grep -iE '^Acquire::([a-z]+::Proxy|Check-Valid-Until|Check-Date) ' \
  > "$root/etc/apt/apt.conf.d/00host-network" || true
# Where this machine reaches the registries through a TLS-inspecting proxy, the root needs its CA
# certificates. They go to /usr/local/share/ca-certificates, which Debian's ca-certificates takes
# in when the project installs it: so the root still fails, as a fresh machine would, if the
# project forgets to install ca-certificates.
shopt -s nullglob
local_cas=(/usr/local/share/ca-certificates/*.crt)
shopt -u nullglob
if [ ${#local_cas[@]} -gt 0 ]; then
  log "this machine trusts ${#local_cas[@]} local CA certificate(s) (a TLS-inspecting proxy?): copied into the root"
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp "${local_cas[@]}" "$root/usr/local/share/ca-certificates/"
fi
# The CA and proxy variables this machine's environment sets, passed on as they are (they name
# /etc/ssl/certs/ca-certificates.crt, which exists in the root once ca-certificates is in).
envs=(HOME=/root TERM=dumb PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
for v in NODE_EXTRA_CA_CERTS SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE REQUESTS_CA_BUNDLE \
         GIT_SSL_CAINFO http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
  [ -n "${!v:-}" ] && envs+=("$v=${!v}")
done
# npm: the registry and CA file this machine's npm uses, if it is not npm's default.
if command -v npm >/dev/null; then
  reg=$(npm config get registry 2>/dev/null || true)
  [ -n "$reg" ] && [ "$reg" != "https://registry.npmjs.org/" ] && envs+=("npm_config_registry=$reg")
  cafile=$(npm config get cafile 2>/dev/null || true)
  [ -n "$cafile" ] && [ "$cafile" != null ] && [ "$cafile" != undefined ] && envs+=("npm_config_cafile=$cafile")
fi

# --- the project, as a clone would have it ----------------------------------------------------
# /root/w/yorisoi with /root/w/shared beside it (CI's layout).
rev=$(git -C "$checkout" rev-parse --short HEAD)
log "project: git archive HEAD ($rev)"
mkdir -p "$root/root/w/yorisoi"
git -C "$checkout" archive HEAD | tar -x -C "$root/root/w/yorisoi"
for s in "$checkout/../shared" /work/shared; do
  if [ -d "$s" ]; then cp -r "$s" "$root/root/w/shared"; break; fi
done

mount_in proc -t proc proc
mount_in sys -t sysfs sysfs
mount_in dev --bind /dev
mount_in dev/pts --bind /dev/pts
mount_in dev/shm -t tmpfs tmpfs

in_root() { env -i "${envs[@]}" chroot "$root" /bin/bash -c "$1"; }

# --- the README's two commands ----------------------------------------------------------------
start=$SECONDS
log "apt-get install -y make"
in_root 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make >/dev/null'
log "make test (output: $work/make-test.log)"
set +e
in_root 'cd /root/w/yorisoi && make test' 2>&1 | tee "$work/make-test.log"
test_rc=${PIPESTATUS[0]}
set -e
test_minutes=$(( (SECONDS - start) / 60 ))
summary=$(grep -E '^[0-9]+% tests passed' "$work/make-test.log" | tail -1 || true)
log "make test: exit $test_rc after $test_minutes min: ${summary:-no ctest summary}"

log "make run until \"listening\" (output: $work/make-run.log)"
: > "$work/make-run.log"
start=$SECONDS
in_root 'cd /root/w/yorisoi && exec make run' >> "$work/make-run.log" 2>&1 &
run_pid=$!
listening=0
while kill -0 "$run_pid" 2>/dev/null && [ $((SECONDS - start)) -lt "$run_timeout" ]; do
  if grep -q '^listening' "$work/make-run.log"; then listening=1; break; fi
  sleep 5
done
grep -q '^listening' "$work/make-run.log" && listening=1
kill "$run_pid" 2>/dev/null || true   # the server inside goes with the rest in cleanup
run_line=$(grep -E '^listening' "$work/make-run.log" | head -1 || true)
if [ $listening -eq 1 ]; then
  log "make run: \"$run_line\" after $(( (SECONDS - start) / 60 )) min"
else
  log "make run: no \"listening\" after $(( (SECONDS - start) / 60 )) min; its last lines:"
  tail -20 "$work/make-run.log"
fi

if [ "$test_rc" -eq 0 ] && [[ "$summary" == 100%* ]] && [ $listening -eq 1 ]; then
  log "PASS: make test ($summary) and make run (listening) on a fresh Debian 12 ($rev)"
  exit 0
fi
log "FAIL: make test exit $test_rc (${summary:-no summary}), make run listening=$listening ($rev)"
exit 1
