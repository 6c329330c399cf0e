#!/usr/bin/env bash
# Runs every test: native unit, integration and CLI tests; the same CSV cases through
# the WebAssembly build in headless Chromium; the page end to end in Chromium; and the
# wasm size budget. Installs whatever is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --browser

echo "== loopback DNS test servers (Knot, dnsdist)"
scripts/dns-test-servers.sh start >/dev/null
trap 'scripts/dns-test-servers.sh stop >/dev/null 2>&1 || true' EXIT
eval "$(scripts/dns-test-servers.sh env)"
# Fail, rather than skip, the tests that need the servers and named-checkzone.
export DNS_REQUIRE_SERVERS=1 DNS_REQUIRE_TOOLS=1
# Fail, rather than skip, the source probe tests that start nginx on loopback.
export PROBE_REQUIRE_NGINX=1

echo "== native tests (unit, integration, CLI)"
cargo test --all-features

echo "== wasm tests in headless Chromium"
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver} \
WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/tests/webdriver.json" \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test 'wasm*'
# The page's first module (feature check-only) on its own.
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver} \
WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/tests/webdriver.json" \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --features check-only --test wasm_check_only

echo "== page end to end in headless Chromium"
scripts/build-wasm.sh
(cd tests/e2e && node --test)

echo "== size budget"
scripts/check-size.sh
