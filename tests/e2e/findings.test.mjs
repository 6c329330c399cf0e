// The grouped findings (www/findings-view.js) in the page: one line per code, 10,000
// findings drawn with as many DOM elements as 10, filters and search that count as the
// report does (counted here in Node from the report itself), expanding to the rows a
// page at a time, by keyboard too, with no serious accessibility violation in any state.
// With UPDATE_SCREENSHOTS=1 it takes the README's screenshot of grouped findings.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { serve } from "./server.mjs";
import { launch } from "./browser.mjs";
import { seriousViolations } from "./axe.mjs";
import { realShapedCsv } from "./data.mjs";

const SHOTS = process.env.UPDATE_SCREENSHOTS ? new URL("../../www/screenshots/", import.meta.url) : null;
let server, browser, page;

before(async () => {
  server = await serve();
  browser = await launch();
  // bypassCSP: axe-core is added to the page as an inline script.
  page = await browser.newPage({ viewport: { width: 1200, height: 900 }, bypassCSP: true });
  await page.goto(`${server.origin}/www/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Drops a file (or several: name and text as arrays) and waits until the result is drawn. */
async function drop(name, text) {
  const drawn = await page.getAttribute("#result", "data-drawn");
  await page.evaluate(
    ({ name, text }) => {
      const transfer = new DataTransfer();
      const names = [name].flat();
      [text].flat().forEach((t, i) => transfer.items.add(new File([t], names[i], { type: "text/csv" })));
      document.getElementById("dropzone").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { name, text },
  );
  await page.waitForFunction((drawn) => document.querySelector("#result").dataset.drawn !== drawn, drawn, { timeout: 120_000 });
}

/** The report of `text` (or of files { name, text }[]) as the page's checks make it. */
function reportOf(text) {
  return page.evaluate(async (text) => {
    const wasm = await import("/pkg/migration_preflight.js");
    const encode = (t) => new TextEncoder().encode(t);
    return typeof text === "string"
      ? wasm.checkCsv(encode(text), { localValues: true })
      : wasm.checkFiles(text.map((f) => ({ name: f.name, bytes: encode(f.text) })), { localValues: true });
  }, text);
}

/** "12 of 3,511 findings shown" → [12, 3511]. */
async function shown() {
  const text = await page.textContent("#findings .pf-shown");
  const m = /^([\d,]+) of ([\d,]+) findings? shown$/.exec(text);
  assert.ok(m, text);
  return [Number(m[1].replaceAll(",", "")), Number(m[2].replaceAll(",", ""))];
}

/** `rows` addresses of which the first `bad` lack their @ (CSV202). */
const badAddresses = (bad, rows = bad) =>
  `EmailAddress\r\n${Array.from({ length: rows }, (_, i) => `user${i}${i < bad ? "." : "@"}contoso.com`).join("\r\n")}\r\n`;

test("10,000 findings draw with as many elements as 10; expanding shows a page of rows", async () => {
  // The core lists at most 500 findings of a code per file: 20 files of 500 bad addresses
  // give 10,000 findings of CSV202; the same 20 files with 10 bad addresses in all, 10.
  const names = Array.from({ length: 20 }, (_, i) => `wave${i + 1}.csv`);
  const few = names.map((_, i) => badAddresses(i === 0 ? 10 : 0, 500).replaceAll("user", `w${i}u`));
  const many = names.map((_, i) => badAddresses(500, 500).replaceAll("user", `w${i}u`));
  await drop(names, few);
  const small = await page.$$eval("#findings *", (all) => all.length);
  const smallGroups = await page.$$eval("#findings .pf-group", (g) => g.map((li) => li.dataset.code));
  assert.deepEqual(smallGroups, ["CSV202"]);
  assert.match(await page.textContent("#findings .pf-shown"), /^10 of 10 findings shown$/);
  await drop(names, many);
  assert.deepEqual(await page.$$eval("#findings .pf-group", (g) => g.map((li) => li.dataset.code)), smallGroups);
  assert.equal(await page.$$eval("#findings *", (all) => all.length), small, "the same DOM for 10,000 as for 10");
  const report = await reportOf(names.map((name, i) => ({ name, text: many[i] })));
  assert.equal(report.findings.filter((f) => f.code === "CSV202").length, 10_000);
  assert.match(await page.textContent("#findings .pf-group[data-code=CSV202] .pf-count"), /^10,000 findings$/);

  const toggle = page.locator("#findings .pf-group[data-code=CSV202] .pf-toggle");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  const rows = page.locator("#findings .pf-group[data-code=CSV202] tr.pf-finding");
  assert.equal(await rows.count(), 200);
  assert.equal(await rows.first().locator("td.pf-row").textContent(), String(report.findings.find((f) => f.code === "CSV202").row));
  const more = page.locator("#findings .pf-group[data-code=CSV202] .pf-more");
  assert.match(await more.textContent(), /^Show 200 more \(200 of 10,000 shown\)$/);
  await more.click();
  assert.equal(await rows.count(), 400);
  assert.deepEqual(await seriousViolations(page, "#findings"), [], "expanded");
  await toggle.click();
  assert.equal(await rows.count(), 0, "collapsing removes the rows");
});

test("filters and search show the counts the report gives", async () => {
  const text = realShapedCsv(20_000, 7);
  await drop("real.csv", text);
  const report = await reportOf(text);
  const total = report.findings.length;
  assert.ok(report.groups.length >= 3, `several codes: ${report.groups.map((g) => g.code)}`);
  assert.deepEqual(await shown(), [total, total]);
  // One line per code, in the core's order, with the core's count.
  const lines = await page.$$eval("#findings .pf-group", (g) => g.map((li) => [li.dataset.code, li.querySelector(".pf-count").textContent]));
  assert.deepEqual(lines, report.groups.map((g) => [g.code, `${g.count.toLocaleString("en")} finding${g.count === 1 ? "" : "s"}`]));

  const count = (keep) => report.findings.filter(keep).length;
  // Severity: warnings off.
  await page.uncheck("#findings input[data-severity=warning]");
  assert.deepEqual(await shown(), [count((f) => f.severity !== "warning"), total]);
  assert.deepEqual(await seriousViolations(page, "#findings"), [], "filtered by severity");
  await page.check("#findings input[data-severity=warning]");
  // Code: the most frequent one.
  const code = [...report.groups].sort((a, b) => b.count - a.count)[0].code;
  await page.selectOption("#findings .pf-code-filter", code);
  assert.deepEqual(await shown(), [count((f) => f.code === code), total]);
  assert.equal(await page.$$eval("#findings .pf-group:not([hidden])", (g) => g.length), 1);
  await page.selectOption("#findings .pf-code-filter", "");
  // Column.
  await page.selectOption("#findings .pf-column-filter", "Password");
  assert.deepEqual(await shown(), [count((f) => f.column === "Password"), total]);
  assert.deepEqual(await seriousViolations(page, "#findings"), [], "filtered by column");
  // Search, on top of the column filter, case-insensitive.
  const word = report.findings.find((f) => f.column === "Password").message.split(/\s+/).find((w) => w.length > 5);
  await page.fill("#findings .pf-search", word.toUpperCase());
  const expected = count((f) => f.column === "Password" && f.message.toLowerCase().includes(word.toLowerCase()));
  await page.waitForFunction((n) => document.querySelector("#findings .pf-shown").textContent.startsWith(`${n.toLocaleString("en")} of`), expected);
  assert.deepEqual(await shown(), [expected, total]);
  await page.click("#findings .pf-group:not([hidden]) .pf-toggle");
  assert.deepEqual(await seriousViolations(page, "#findings"), [], "searched and expanded");
  // Nothing matches: zero shown, every group hidden.
  await page.fill("#findings .pf-search", "no message says this");
  await page.waitForFunction(() => document.querySelector("#findings .pf-shown").textContent.startsWith("0 of"));
  assert.equal(await page.$$eval("#findings .pf-group:not([hidden])", (g) => g.length), 0);
  await page.fill("#findings .pf-search", "");
  await page.selectOption("#findings .pf-column-filter", "");
  await page.waitForFunction((t) => document.querySelector("#findings .pf-shown").textContent.startsWith(`${t.toLocaleString("en")} of`), total);
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    for (const open of await page.$$("#findings .pf-toggle[aria-expanded=true]")) await open.click();
    await page.click("#findings .pf-group[data-code=CSV202] .pf-toggle");
    // The top of the result: the filters, the groups and the first rows of the open one.
    const box = await page.$eval("#result", (el) => {
      const r = el.getBoundingClientRect(); // page coordinates, as a full-page clip takes them
      return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
    });
    await page.screenshot({ path: new URL("grouped-findings.png", SHOTS).pathname, fullPage: true, clip: { ...box, height: Math.min(box.height, 1000) } });
  }
});

test("the findings work by keyboard: expand with Enter, filter with Space, search by typing", async () => {
  await drop("keys.csv", badAddresses(5));
  const toggle = page.locator("#findings .pf-group[data-code=CSV202] .pf-toggle");
  await toggle.focus();
  await page.keyboard.press("Enter");
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  assert.equal(await page.locator("#findings tr.pf-finding").count(), 5);
  await page.keyboard.press("Space");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  await page.focus("#findings input[data-severity=error]");
  await page.keyboard.press("Space");
  assert.deepEqual(await shown(), [0, 5]);
  await page.keyboard.press("Space");
  await page.focus("#findings .pf-search");
  await page.keyboard.type("user3.");
  await page.waitForFunction(() => document.querySelector("#findings .pf-shown").textContent.startsWith("0 of"));
  assert.deepEqual(await seriousViolations(page, "#findings"), []);
});
