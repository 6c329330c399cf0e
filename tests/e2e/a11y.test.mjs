// Accessibility: axe-core finds no serious or critical violation in any state of the page
// a visitor can reach (empty, results, errors shown, filters, each step opened: fix and
// split, DNS, the assessment form, the report), in the light and in the dark colour
// scheme. The findings checks stay generic (page-scale's findings view replaces the
// table): whatever #findings draws is checked as it is.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve } from "./server.mjs";
import { launch } from "./browser.mjs";
import { seriousViolations } from "./axe.mjs";

let server, browser, page;

before(async () => {
  server = await serve();
  browser = await launch();
  page = await browser.newPage({ acceptDownloads: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The violations in both colour schemes, each prefixed with its scheme. */
async function bothSchemes() {
  const found = [];
  for (const colorScheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme });
    for (const v of await seriousViolations(page)) found.push(`${colorScheme}: ${v}`);
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

/** Drops files on the drop zone the way a browser does. */
async function drop(files) {
  await page.evaluate((files) => {
    const transfer = new DataTransfer();
    for (const { name, text } of files) transfer.items.add(new File([text], name, { type: "text/csv" }));
    document.getElementById("dropzone").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
}

test("empty: the page as first drawn, before the checker has started", async () => {
  // Hold the wasm back until axe has looked at the page without results.
  let release;
  const held = new Promise((r) => (release = r));
  await page.route("**/migration_preflight_bg.wasm", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${server.origin}/www/`, { waitUntil: "domcontentloaded" });
  assert.equal(await page.isHidden("#result"), true, "no results yet");
  const found = await bothSchemes();
  release();
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  await page.unroute("**/migration_preflight_bg.wasm");
  assert.deepEqual(found, []);
});

test("results: Microsoft's example checked", async () => {
  await page.click("#example");
  await page.waitForSelector("#result:not([hidden])");
  assert.deepEqual(await bothSchemes(), []);
});

test("errors shown: a file with faults, its findings expanded, and a field that cannot be read", async () => {
  await drop([
    {
      name: "batch1.csv",
      text: "EmailAddress,Password,ForceChangePassword\r\npilarp@contoso.com;Sommer2024!;True\r\ntobyn.contoso.com,short,Yes\r\ntobyn.contoso.com,Another1!pass,True\r\n",
    },
  ]);
  await page.waitForFunction(() => document.querySelector("#result")?.dataset.verdict === "blocked");
  // Open whatever the findings offer to open: details, and buttons that expand.
  await page.evaluate(() => {
    for (const d of document.querySelectorAll("#findings details")) d.open = true;
    for (const b of document.querySelectorAll("#findings [aria-expanded=false]")) b.click();
  });
  await page.fill("#dns-ttl", "an hour");
  await page.locator("#dns-ttl").blur();
  await page.waitForSelector("[aria-invalid=true]");
  assert.deepEqual(await bothSchemes(), []);
  await page.fill("#dns-ttl", "");
  await page.locator("#dns-ttl").blur();
});

test("filters: one severity hidden", async () => {
  const box = page.locator(".filters input[type=checkbox]").first();
  if ((await box.count()) > 0) await box.uncheck();
  assert.deepEqual(await bothSchemes(), []);
  if ((await box.count()) > 0) await box.check();
});

test("fix and split: the corrected file's changes and the batches listed", async () => {
  await page.click("#example");
  await page.waitForFunction(() => document.querySelector("#result")?.dataset.verdict !== "blocked");
  const download = page.waitForEvent("download");
  await page.click("#fix");
  await download;
  await page.waitForSelector("#fix-result:not([hidden])");
  await page.click("#split");
  await page.waitForSelector("#batches li");
  assert.deepEqual(await bothSchemes(), []);
});

test("DNS: the plan drawn and the comparison opened", async () => {
  await page.fill("#domains", "contoso.com");
  await page.locator("#domains").blur();
  await page.click("#dns-plan");
  await page.waitForSelector("#dns-output table");
  await page.click("#dns-compare-details summary");
  await page.fill("#dns-zone", "$ORIGIN contoso.com.\n@ 3600 IN MX 10 mail.contoso.com.\n");
  await page.click("#dns-compare");
  await page.waitForFunction(() => document.querySelector("#dns-output")?.textContent.length > 0);
  assert.deepEqual(await bothSchemes(), []);
});

test("assessment: the form opened with the example answers", async () => {
  await page.click("#assessment-details summary");
  await page.click("#assessment-example");
  await page.waitForSelector("#assessment-result:not([hidden])");
  assert.deepEqual(await bothSchemes(), []);
});

test("report: the report made and its note shown", async () => {
  const download = page.waitForEvent("download");
  await page.click("#report");
  await download;
  await page.waitForSelector("#report-result:not([hidden])");
  assert.deepEqual(await bothSchemes(), []);
});
