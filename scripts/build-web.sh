#!/usr/bin/env bash
# Builds the tablet app (web/ → web/dist), which CMake then embeds into the yorisoi binary.
# Runs on the project's own Node.js (scripts/node-env.sh), whatever node is in PATH.
# npm packages are installed from package-lock.json (npm ci) only when the lock file or the Node.js
# version changed since the last install, so a second run costs only the Vite build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
cd web
stamp=node_modules/.yorisoi-lock-stamp
want_stamp="$(node --version) $(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want_stamp" ]; then
  echo "build-web: npm ci (web/package-lock.json, node $(node --version))"
  # --engine-strict: a package whose engines field this Node.js does not satisfy fails the
  # install here, loudly, instead of failing a test later (EBADENGINE).
  # --ignore-scripts: no package needs one (esbuild and rollup ship their binaries as optional
  # dependencies), and no third-party script runs on the build machine.
  npm ci --engine-strict --ignore-scripts --no-audit --no-fund --loglevel=warn
  echo "$want_stamp" > "$stamp"
fi
npm run --silent build
