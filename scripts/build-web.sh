#!/usr/bin/env bash
# Builds the tablet app (web/ → web/dist), which CMake then embeds into the yorisoi binary.
# npm packages are installed from package-lock.json (npm ci) only when the lock file changed
# since the last install, so a second run costs only the Vite build.
set -euo pipefail
cd "$(dirname "$0")/../web"
stamp=node_modules/.yorisoi-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "build-web: npm ci"
  # --ignore-scripts: no package needs one (esbuild and rollup ship their binaries as optional
  # dependencies), and no third-party script runs on the build machine.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
npm run --silent build
