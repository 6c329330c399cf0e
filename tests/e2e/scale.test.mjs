// A 1,000,000-row real-shaped CSV dropped on the page: the check runs in the worker with
// its progress shown ("123,456 of 1,000,000 rows"), Cancel stops it (the result is never
// drawn, and a new check works after), and the result is drawn. The main thread's long
// tasks from drop to drawn result (Long Tasks API) are printed as a figure, not asserted:
//   scripts/build-wasm.sh && (cd tests/e2e && node --test scale.test.mjs)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "./server.mjs";
import { launch } from "./browser.mjs";
import { realShapedCsv } from "./data.mjs";
import { seriousViolations } from "./axe.mjs";

const ROWS = 1_000_000;
let server, browser, page;

/** The big file, generated once per machine (seeded: always the same bytes). */
function bigCsv() {
  const cached = join(tmpdir(), `migration-preflight-data-mjs-${ROWS}-1.csv`);
  if (existsSync(cached)) return readFileSync(cached);
  const bytes = Buffer.from(realShapedCsv(ROWS, 1));
  writeFileSync(cached, bytes);
  return bytes;
}

before(async () => {
  server = await serve();
  browser = await launch();
  // bypassCSP: axe-core is added to the page as an inline script.
  page = await browser.newPage({ bypassCSP: true });
  const big = bigCsv();
  // The file reaches the page as a download from its own origin, then becomes a File.
  await page.route(`${server.origin}/_test/big.csv`, (route) => route.fulfill({ body: big, contentType: "text/csv" }));
  await page.goto(`${server.origin}/www/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
  await page.evaluate(async () => {
    const blob = await (await fetch("/_test/big.csv")).blob();
    window.__big = new File([blob], "big.csv", { type: "text/csv" });
    // Progress as drawn, and long tasks, from now on.
    window.__progress = [];
    new MutationObserver(() => window.__progress.push(document.querySelector("#check-progress-text").textContent)).observe(
      document.querySelector("#check-progress-text"),
      { childList: true, characterData: true, subtree: true },
    );
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => ({ start: e.startTime, duration: e.duration })))).observe({
      type: "longtask",
      buffered: true,
    });
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Drops the big file; returns the time of the drop (performance.now() in the page). */
function dropBig() {
  return page.evaluate(() => {
    window.__progress.length = 0;
    const transfer = new DataTransfer();
    transfer.items.add(window.__big);
    const at = performance.now();
    document.getElementById("dropzone").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    return at;
  });
}

/** "123,456 of 1,000,000 rows" → [123456, 1000000]. */
const rowsOf = (text) => {
  const m = /^([\d,]+) of ([\d,]+) rows?$/.exec(text);
  return m ? [Number(m[1].replaceAll(",", "")), Number(m[2].replaceAll(",", ""))] : null;
};

test("Cancel stops a check: its result is never drawn, and a new check works after", async () => {
  const drawn = await page.getAttribute("#result", "data-drawn");
  await dropBig();
  await page.waitForSelector("#check-progress:not([hidden])");
  await page.click("#check-cancel");
  assert.equal(await page.isHidden("#check-progress"), true);
  // Long enough for the whole check to have finished, had it not been stopped.
  await page.waitForTimeout(3_000);
  assert.equal(await page.getAttribute("#result", "data-drawn"), drawn, "the cancelled result is not drawn");
  assert.doesNotMatch(await page.textContent("#summary"), /1,000,000 mailboxes/);
  assert.match(await page.textContent("#input-files"), /cancelled/);
  // The progress bar and Cancel as they were shown (axe takes longer than the check).
  await page.evaluate(() => (document.querySelector("#check-progress").hidden = false));
  assert.deepEqual(await seriousViolations(page, "#check-progress"), [], "the progress bar and Cancel");
  await page.evaluate(() => (document.querySelector("#check-progress").hidden = true));
  // A small check after the cancel works (a fresh worker for the next large one).
  await page.fill("#csv-text", "EmailAddress\r\nnot-an-address\r\n");
  await page.waitForSelector("#findings .pf-group[data-code=CSV202]");
});

test("a 1,000,000-row file: progress advances, the result is drawn, and the long tasks are measured", async (t) => {
  const drawn = await page.getAttribute("#result", "data-drawn");
  const start = await dropBig();
  await page.waitForFunction((drawn) => document.querySelector("#result").dataset.drawn !== drawn, drawn, { timeout: 300_000 });
  const end = await page.evaluate(() => performance.now());
  assert.match(await page.textContent("#summary"), /^1,000,000 mailboxes in 1 file \(500 batches needed; only 100 batches can exist at once/);
  assert.ok(await page.isVisible("#findings .pf-group"), "the findings are drawn");

  const tasks = (await page.evaluate(() => window.__longTasks)).filter((x) => x.start >= start && x.start <= end);
  const longest = Math.max(0, ...tasks.map((x) => x.duration));
  const over = tasks.filter((x) => x.duration > 100).length;
  const figure = `1,000,000 rows, drop to drawn result: ${Math.round(end - start)} ms; main-thread long tasks: ${tasks.length}, longest ${Math.round(longest)} ms, ${over} over 100 ms`;
  t.diagnostic(figure);
  console.log(`# ${figure}`);
  const progress = (await page.evaluate(() => window.__progress)).map(rowsOf).filter(Boolean);
  assert.ok(progress.length >= 2, `progress seen: ${JSON.stringify(progress)}`);
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i][0] >= progress[i - 1][0], "rows read only grow");
  assert.ok(progress.at(-1)[0] > progress[0][0], "progress advanced");
  assert.ok(progress.every(([, total]) => total >= ROWS * 0.9 && total <= ROWS * 1.1), "the total is about the file's rows");

});
