#!/usr/bin/env bash
# Fails when the built WebAssembly module outgrows its budget. Run after build-wasm.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

# Budgets in bytes: what an admin on a slow intranet link downloads (gzip) and what the
# browser compiles (raw). Raise them only with a reason in the commit message.
# Measured parts (wasm-opt -Os, gzip -9): CSV core 390 KB / 176 KB; readiness report and
# runbook +248 KB / +96 KB; DNS (hickory-proto zone and wire code) +434 KB / +160 KB;
# passwords (banned list, matcher) +99 KB / +43 KB. Total about 1,170 KB / 478 KB.
# Issues 11 and 12 added the directory comparison (+66 KB / +26 KB) and the hardening
# (caps, keyed hash tables, date range checks, SPF sender parsing: about +55 KB / +21 KB),
# to 1,310 KB / 534 KB. The page's first view is to shrink by loading the DNS and
# readiness code lazily (issue 14), not by squeezing this budget.
# Issue 15 (the report as a document: grouping, executive summary, SVG pictures, progress
# since an earlier report) measured +98 KB / +36 KB (main 1,315,943 / 535,807 bytes;
# with it 1,414,024 / 572,074).
# Issue 17 (one set of answers: the date parser, assessment v2 with errors in the admin's
# words and a template dated from now; the Windows zone reader; the stepped DNS script;
# grouped fix changes; the runbook's file list and waves) and the probe's rules measured
# +80 KB / +31 KB, to 1,494,319 / 602,773 bytes. Issue 14 splits the module so the first
# view loads at most 250 KB gzipped; until then this budget only stops unnoticed growth.
RAW_BUDGET=1520000
GZIP_BUDGET=615000

wasm=pkg/migration_preflight_bg.wasm
raw=$(stat -c %s "$wasm")
gz=$(gzip -9c "$wasm" | wc -c)
echo "wasm: $raw bytes raw (budget $RAW_BUDGET), $gz gzipped (budget $GZIP_BUDGET)"
if [ "$raw" -gt "$RAW_BUDGET" ] || [ "$gz" -gt "$GZIP_BUDGET" ]; then
  echo "wasm size budget exceeded" >&2
  exit 1
fi
