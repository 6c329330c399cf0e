#!/usr/bin/env bash
# Builds the WebAssembly core into pkg/: ES modules for browsers without a bundler
# (wasm-bindgen --target web), with their package.json. Two modules
# from the same crate, by feature (Cargo.toml), so the page's first view loads only what
# checking a CSV needs (issue 14):
#   migration_preflight.js + _bg.wasm     checking CSV files (feature check-only): the
#                                         first view and the npm entry (".")
#   migration_preflight_plan.js + _bg.wasm  every export (default features): fix, split,
#                                         directories, DNS, readiness report, runbook;
#                                         "./plan", loaded when a section needs it
# The check module is optimised for speed (profile wasm-check: opt-level 3, wasm-opt -O3),
# the plan module for size (release: opt-level "s", wasm-opt -Os); each profile keeps its
# own build of the dependencies in target/.
set -euo pipefail
cd "$(dirname "$0")/.."

wasm_opt=scripts/tools/node_modules/.bin/wasm-opt
[ -x "$wasm_opt" ] || echo "[build-wasm] wasm-opt not installed (run scripts/setup.sh): modules left unoptimised" >&2
rm -rf pkg/*.js pkg/*.ts pkg/*.wasm pkg/package.json pkg/README.md

# build FEATURES OUT-NAME PROFILE WASM-OPT-LEVEL
build() {
  cargo build -q --lib --profile "$3" --target wasm32-unknown-unknown --no-default-features ${1:+--features "$1"}
  wasm-bindgen --target web --out-dir pkg --out-name "$2" "target/wasm32-unknown-unknown/$3/migration_preflight.wasm"
  if [ -x "$wasm_opt" ]; then
    "$wasm_opt" "$4" --strip-debug --strip-producers "pkg/$2_bg.wasm" -o "pkg/$2_bg.wasm"
  fi
  local raw gz
  raw=$(stat -c %s "pkg/$2_bg.wasm")
  gz=$(gzip -9c "pkg/$2_bg.wasm" | wc -c)
  echo "[build-wasm] pkg/$2_bg.wasm (${1:-default features}): $raw bytes, $gz gzipped"
}
# The check module for speed (Cargo.toml's profile wasm-check), the plan module for size.
build check-only migration_preflight wasm-check -O3
build "" migration_preflight_plan release -Os

version=$(awk -F'"' '/^version = / {print $2; exit}' Cargo.toml)
cat > pkg/package.json <<JSON
{
  "name": "migration-preflight",
  "version": "$version",
  "description": "Pre-flight checks for Exchange 2003/2007 staged migrations to Exchange Online, running in the browser.",
  "license": "MIT",
  "type": "module",
  "main": "migration_preflight.js",
  "module": "migration_preflight.js",
  "types": "migration_preflight.d.ts",
  "exports": {
    ".": {
      "types": "./migration_preflight.d.ts",
      "default": "./migration_preflight.js"
    },
    "./plan": {
      "types": "./migration_preflight_plan.d.ts",
      "default": "./migration_preflight_plan.js"
    },
    "./migration_preflight_bg.wasm": "./migration_preflight_bg.wasm",
    "./migration_preflight_plan_bg.wasm": "./migration_preflight_plan_bg.wasm",
    "./package.json": "./package.json"
  },
  "files": [
    "migration_preflight.js",
    "migration_preflight.d.ts",
    "migration_preflight_bg.wasm",
    "migration_preflight_bg.wasm.d.ts",
    "migration_preflight_plan.js",
    "migration_preflight_plan.d.ts",
    "migration_preflight_plan_bg.wasm",
    "migration_preflight_plan_bg.wasm.d.ts"
  ],
  "sideEffects": false,
  "keywords": ["exchange", "exchange-online", "migration", "csv", "webassembly"]
}
JSON
