// Benchmark of the WebAssembly build in headless Chromium (not a test: prints figures).
// Usage: scripts/build-wasm.sh && node tests/e2e/bench.mjs
// Generates staged-migration CSVs of 2,000, 100,000 and 1,000,000 rows in the page and
// times checkCsv on each (best of several runs), as an admin's browser would run it.
import { serve } from "./server.mjs";
import { launch } from "./browser.mjs";

const server = await serve();
const browser = await launch();
const page = await browser.newPage();
await page.goto(`${server.origin}/www/`);
await page.waitForSelector("body[data-ready=true]");

const results = await page.evaluate(async () => {
  const wasm = await import("/pkg/migration_preflight.js");
  await wasm.default();
  const out = [];
  for (const rows of [2_000, 100_000, 1_000_000]) {
    const parts = ["EmailAddress,Password,ForceChangePassword\r\n"];
    for (let i = 0; i < rows; i++) {
      const n = String(i).padStart(7, "0");
      parts.push(`user${n}.mailbox@contoso.com,Kq${(i * 7919) % 10007}#vZ${i % 97}m!Lp,${i % 3 ? "False" : "True"}\r\n`);
    }
    const bytes = new TextEncoder().encode(parts.join(""));
    const runs = rows > 100_000 ? 5 : 10;
    let best = Infinity;
    let report;
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      report = wasm.checkCsv(bytes, {});
      best = Math.min(best, performance.now() - t);
    }
    out.push({ rows, mb: bytes.length / 1e6, ms: best, findings: report.findings.length, verdict: report.verdict });
  }
  return out;
});

console.log("rows        size_MB   best_ms   MB/s   findings  (wasm in headless Chromium)");
for (const r of results) {
  console.log(
    `${String(r.rows).padEnd(11)} ${r.mb.toFixed(1).padStart(7)}  ${r.ms.toFixed(1).padStart(8)}  ${(r.mb / (r.ms / 1000)).toFixed(0).padStart(5)}   ${r.findings}`,
  );
}
await browser.close();
await server.close();
