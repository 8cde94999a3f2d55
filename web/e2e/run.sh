#!/usr/bin/env bash
# Runs the end-to-end tests. One data folder is initialised first and used as the template of
# every installation the tests make, so they all share its CA — which Node must know at start
# (NODE_EXTRA_CA_CERTS) for Playwright's client-certificate (mTLS) connections to verify the
# server.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${YORISOI_BIN:?YORISOI_BIN must name the yorisoi binary}"
template=$(mktemp -d "${TMPDIR:-/tmp}/yorisoi-e2e-template-XXXXXX")
trap 'rm -rf "$template"' EXIT
"$YORISOI_BIN" init --data "$template/data" >/dev/null
export E2E_TEMPLATE="$template/data"
export NODE_EXTRA_CA_CERTS="$template/data/tls/ca.crt.pem"
# The files by name: Node.js 22 takes --test arguments as files or globs, not folders. Each test
# and hook has a timeout of its own (not --test-timeout: that one also bounds a whole file), so a
# hang fails the test by name long before ctest's timeout of the suite.
# --test-force-exit: a test that timed out leaves its browser open (its finally never ran), and
# that must not keep the run alive after the last test.
node --test --test-concurrency=1 --test-force-exit e2e/*.test.mjs  # not exec: the trap removes the template afterwards
