#!/usr/bin/env bash
# Builds the WebAssembly core into pkg/: an ES module for browsers without a bundler
# (wasm-bindgen --target web), optimised for size, with its package.json.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build -q --lib --release --target wasm32-unknown-unknown
rm -rf pkg/*.js pkg/*.ts pkg/*.wasm pkg/package.json pkg/README.md
wasm-bindgen --target web --out-dir pkg --out-name migration_preflight \
  target/wasm32-unknown-unknown/release/migration_preflight.wasm
wasm_opt=scripts/tools/node_modules/.bin/wasm-opt
if [ -x "$wasm_opt" ]; then
  "$wasm_opt" -Os --strip-debug --strip-producers \
    pkg/migration_preflight_bg.wasm -o pkg/migration_preflight_bg.wasm
else
  echo "[build-wasm] wasm-opt not installed (run scripts/setup.sh): module left unoptimised" >&2
fi

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
  "files": [
    "migration_preflight.js",
    "migration_preflight.d.ts",
    "migration_preflight_bg.wasm",
    "migration_preflight_bg.wasm.d.ts"
  ],
  "sideEffects": false,
  "keywords": ["exchange", "exchange-online", "migration", "csv", "webassembly"]
}
JSON
raw=$(stat -c %s pkg/migration_preflight_bg.wasm)
gz=$(gzip -9c pkg/migration_preflight_bg.wasm | wc -c)
echo "[build-wasm] pkg/migration_preflight_bg.wasm: $raw bytes, $gz gzipped"
