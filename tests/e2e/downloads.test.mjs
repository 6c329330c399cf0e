// Every file the page saves, downloaded (playwright's download event), opened and read:
// the corrected CSV, the split batches as one zip (unzipped here, each entry's CRC
// checked), the readiness report, the runbook and the DNS records.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { serve } from "./server.mjs";
import { launch } from "./browser.mjs";
import { realShapedCsv } from "./data.mjs";
import { unzip } from "./unzip.mjs";

const ROWS = 4_500;
const HEADER = "EmailAddress,Password,ForceChangePassword";
let server, browser, page;

before(async () => {
  server = await serve();
  browser = await launch();
  page = await browser.newPage({ acceptDownloads: true });
  await page.goto(`${server.origin}/www/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function drop(name, text) {
  const drawn = await page.getAttribute("#result", "data-drawn");
  await page.evaluate(
    ({ name, text }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], name, { type: "text/csv" }));
      document.getElementById("dropzone").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { name, text },
  );
  await page.waitForFunction((drawn) => document.querySelector("#result").dataset.drawn !== drawn, drawn, { timeout: 60_000 });
}

/** Clicks `selector` and returns the file saved: { name, bytes }. */
async function saved(selector) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

const lines = (text) => text.split("\r\n").filter((l) => l !== "");

/**
 * `rows` real-shaped rows without the faults that are errors (an address without @, a
 * repeated address, a weak password, Yes), so the batches can get a runbook.
 */
function cleanCsv(rows, seed) {
  const seen = new Set();
  const kept = lines(realShapedCsv(rows + rows / 10, seed))
    .slice(1)
    .filter((line) => {
      const [address, password, force] = line.split(",");
      const ok = address.includes("@") && !seen.has(address) && !/^[a-z]+$/.test(password) && force !== "Yes";
      seen.add(address);
      return ok;
    });
  return `${HEADER}\r\n${kept.slice(0, rows).join("\r\n")}\r\n`;
}

test("the corrected CSV: every row kept, Yes in ForceChangePassword made True", async () => {
  const text = realShapedCsv(ROWS, 3);
  const yes = lines(text).filter((l) => l.endsWith(",Yes")).length;
  assert.ok(yes > 0, "the file has a Yes to correct");
  await drop("wave.csv", text);
  const file = await saved("#fix");
  assert.equal(file.name, "wave-corrected.csv");
  const out = lines(file.bytes.toString("utf8"));
  assert.equal(out[0], HEADER);
  assert.equal(out.length, ROWS + 1);
  assert.equal(out.filter((l) => l.endsWith(",Yes")).length, 0);
  assert.equal(out.filter((l) => l.endsWith(",True")).length, lines(text).filter((l) => l.endsWith(",True") || l.endsWith(",Yes")).length);
  assert.match(await page.textContent("#fix-result"), new RegExp(`${yes} × `));
});

test("the split batches download as one zip: each ≤ 2,000 rows with the header, all rows once", async () => {
  const text = cleanCsv(ROWS, 4);
  assert.equal(lines(text).length, ROWS + 1);
  await drop("clean.csv", text);
  // Its only error: more rows than one batch may hold, which the split is for.
  const codes = await page.$$eval("#findings .pf-group[data-severity=error]", (g) => g.map((li) => li.dataset.code));
  assert.deepEqual(codes, ["CSV009"]);
  await page.fill("#split-size", "2000");
  await page.fill("#split-prefix", "Batch");
  await page.click("#split");
  await page.waitForSelector("#batches-zip:not([hidden])");
  assert.equal(await page.textContent("#batches-zip"), "Download all 3 batch files as one zip");
  const zip = await saved("#batches-zip");
  assert.equal(zip.name, "batches.zip");
  const entries = unzip(zip.bytes);
  assert.deepEqual(entries.map((e) => e.name), ["Batch-01.csv", "Batch-02.csv", "Batch-03.csv"]);
  const rows = [];
  for (const entry of entries) {
    const [header, ...body] = lines(entry.bytes.toString("utf8"));
    assert.equal(header, HEADER, entry.name);
    assert.ok(body.length > 0 && body.length <= 2000, `${entry.name}: ${body.length} rows`);
    rows.push(...body);
  }
  assert.deepEqual(rows, lines(text).slice(1), "every row once, in order");
  assert.match(await page.textContent("#batches-zip-result"), /^Saved batches\.zip: 3 batch files, [\d,]+ bytes\.$/);
});

test("the readiness report and the runbook are made from the batches", async () => {
  await page.selectOption("#report-format", "json");
  const report = JSON.parse((await saved("#report")).bytes.toString("utf8"));
  assert.equal(report.summary.mailboxes, ROWS);
  assert.equal(report.summary.files, 3, "the report is about the three batch files");
  const book = await saved("#runbook");
  assert.equal(book.name, "staged-migration.ps1");
  const script = book.bytes.toString("utf8");
  for (const name of ["Batch-01.csv", "Batch-02.csv", "Batch-03.csv"]) assert.ok(script.includes(name), name);
  assert.match(script, /New-MigrationBatch/);
});

test("the DNS records download as a zone file with the Exchange Online MX", async () => {
  await page.fill("#domains", "contoso.com");
  await page.selectOption("#dns-format", "zone");
  const zone = await saved("#dns-download");
  assert.equal(zone.name, "dns-records.zone");
  const text = zone.bytes.toString("utf8");
  assert.match(text, /\bMX\b.*contoso-com\.mail\.protection\.outlook\.com/);
  assert.match(text, /v=spf1 .*include:spf\.protection\.outlook\.com/);
  await page.fill("#domains", "");
});
