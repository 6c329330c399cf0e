// Benchmark of the WebAssembly build in headless Chromium on real-shaped data (issue 14).
// Not a test: prints figures. Usage: scripts/build-wasm.sh && node tests/e2e/bench.mjs
// (add row counts to run only those: node tests/e2e/bench.mjs 200 1000000).
//
// Generates real-shaped staged-migration CSVs (tests/e2e/data.mjs: first.last addresses
// over three domains, random 10-16 character passwords, about 1% faults) of 200, 2,000,
// 100,000 and 1,000,000 rows in the page and times checkCsv and checkFiles (one file) on
// each, per call, as an admin's browser runs them: warm-up calls first, then the median
// of several runs. The native figures on the same data: cargo bench --bench real_shaped.
import { serve } from "./server.mjs";
import { launch } from "./browser.mjs";

const SIZES = [200, 2_000, 100_000, 1_000_000];
const TARGET_MS = { 200: 0.3, 2000: 2, 100000: 50, 1000000: 500 };
const only = process.argv.slice(2).map(Number).filter((n) => n > 0);
const sizes = only.length ? only : SIZES;
// Another build to compare with, served from the repository: BENCH_PKG=/target/pkg-before
const pkg = process.env.BENCH_PKG ?? "/pkg";

const server = await serve();
const browser = await launch();
const page = await browser.newPage();
await page.goto(`${server.origin}/www/`);
await page.waitForSelector("body[data-ready=true]");

const results = await page.evaluate(async ({ sizes, pkg }) => {
  const wasm = await import(`${pkg}/migration_preflight.js`);
  await wasm.default();
  const { realShapedCsv } = await import("/tests/e2e/data.mjs");
  const median = (times) => {
    const sorted = [...times].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  // Time `call` `runs` times after `warm` warm-up calls; tiny calls are timed in
  // groups, since performance.now() is coarse (0.1 ms in a page without isolation).
  const time = (call, runs, warm, group) => {
    for (let i = 0; i < warm; i++) call();
    const times = [];
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      for (let g = 0; g < group; g++) call();
      times.push((performance.now() - t) / group);
    }
    return { median: median(times), min: Math.min(...times) };
  };
  const out = [];
  for (const rows of sizes) {
    const bytes = new TextEncoder().encode(realShapedCsv(rows, 1));
    const files = [{ name: "real-shaped.csv", bytes }];
    const runs = rows >= 1_000_000 ? 7 : rows >= 100_000 ? 11 : 21;
    const warm = rows >= 1_000_000 ? 1 : 3;
    const group = rows <= 200 ? 50 : rows <= 2_000 ? 10 : 1;
    let report;
    const csv = time(() => (report = wasm.checkCsv(bytes, {})), runs, warm, group);
    const many = time(() => wasm.checkFiles(files, {}), runs, warm, group);
    out.push({ rows, mb: bytes.length / 1e6, csv, many, findings: report.findings.length, verdict: report.verdict });
  }
  return out;
}, { sizes, pkg });

const pad = (s, n) => String(s).padStart(n);
console.log(`Real-shaped data (tests/e2e/data.mjs, seed 1), ${pkg} in headless Chromium, per call:`);
console.log("rows        size_MB  checkCsv_ms (min)   checkFiles_ms (min)  target_ms  findings");
for (const r of results) {
  const ms = (t) => `${t.median.toFixed(t.median < 10 ? 3 : 1)} (${t.min.toFixed(t.min < 10 ? 3 : 1)})`;
  console.log(
    `${String(r.rows).padEnd(11)} ${pad(r.mb.toFixed(2), 7)}  ${pad(ms(r.csv), 18)}  ${pad(ms(r.many), 19)}  ${pad(TARGET_MS[r.rows] ?? "-", 9)}  ${pad(r.findings, 8)}`,
  );
}
await browser.close();
await server.close();
