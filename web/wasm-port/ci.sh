#!/usr/bin/env bash
# CI steps of the WASM/JS port, called by .ci/run (via run-tests.sh) after the Java build:
#   npm ci → build (wabt: src/pool.wat → dist/) → npm test (node:test) → headless-Chromium end-to-end test
#   → the npm package as a user meets it (npm pack → install into an empty project → Node, browser, workerd emulated and real).
# Expects Debian's chromium at /usr/bin/chromium (or $CHROMIUM) and, for tokenizer parity with Java,
# MICROEMBED_IDS_FILE pointing at the output of `microembed spec ids` for the shipped model (a missing file
# is a loud warning, or a failure with MICROEMBED_IDS_REQUIRED=1).
# Without a shipped model in vocab/ the tests and the demo use a fixture model built from mBERT's vocabulary.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
step() { printf '\n---- wasm-port: %s (%s)\n' "$*" "$(date +%H:%M:%S)"; }
fail() { echo "wasm-port ci: $*" >&2; exit 1; }

command -v node >/dev/null || fail "node is missing"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' || fail "needs Node >= 18, found $(node --version)"
chromium="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || fail "$chromium not found (apt-get install -y chromium)"

step "npm ci"
# onnxruntime-node (dev dependency of the transformers.js benchmark) would download GPU extras from outside the registry
ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund || fail "npm ci failed"

step "build (wabt)"
npm run build || fail "build failed"

if [ ! -f ../../vocab/config.json ] && [ -z "${MICROEMBED_MODEL:-}" ]; then
  step "fixture model (no shipped model in vocab/)"
  node scripts/make-fixture.mjs target/fixture-model || fail "fixture model failed"
  package_model="$PWD/target/fixture-model"
fi
if [ -n "${MICROEMBED_IDS_FILE:-}" ] && [ ! -s "$MICROEMBED_IDS_FILE" ]; then
  echo "WARNING: MICROEMBED_IDS_FILE=$MICROEMBED_IDS_FILE is missing or empty: tokenizer parity with Java will NOT be checked" >&2
  echo "         (set MICROEMBED_IDS_REQUIRED=1 to make that a failure)" >&2
fi

step "bundle the default model (model/default.bin, what npm pack ships; npm test checks it)"
MICROEMBED_MODEL="${MICROEMBED_MODEL:-${package_model:-}}" node scripts/pack-model.mjs || fail "pack-model failed"

step "npm test"
npm test || fail "node tests failed"

step "browser end-to-end (headless Chromium)"
CHROMIUM="$chromium" npm run test:browser || fail "browser end-to-end test failed"

step "npm package: pack, install into an empty project, embed in Node, Chromium, a workerd emulation and workerd"
MICROEMBED_MODEL="${MICROEMBED_MODEL:-${package_model:-}}" CHROMIUM="$chromium" node test-package/package-test.mjs || fail "package test failed"
step "ok"
