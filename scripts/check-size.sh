#!/usr/bin/env bash
# Fails when the built WebAssembly module outgrows its budget. Run after build-wasm.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

# Budgets in bytes: what an admin on a slow intranet link downloads (gzip) and what the
# browser compiles (raw). Raise them only with a reason in the commit message.
RAW_BUDGET=1200000
GZIP_BUDGET=500000

wasm=pkg/migration_preflight_bg.wasm
raw=$(stat -c %s "$wasm")
gz=$(gzip -9c "$wasm" | wc -c)
echo "wasm: $raw bytes raw (budget $RAW_BUDGET), $gz gzipped (budget $GZIP_BUDGET)"
if [ "$raw" -gt "$RAW_BUDGET" ] || [ "$gz" -gt "$GZIP_BUDGET" ]; then
  echo "wasm size budget exceeded" >&2
  exit 1
fi
