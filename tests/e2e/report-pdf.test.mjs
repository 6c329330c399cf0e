// The HTML readiness report printed to PDF (A4 portrait) in headless Chromium: nothing
// wider than the page, no table row split across pages, severity, code and headers never
// broken inside a word, a bounded page count for Microsoft's example, no request made.
// With UPDATE_SCREENSHOTS=1 it also retakes the README's screenshots of the report and its timeline (docs/).
// Needs pkg/ (scripts/build-wasm.sh).
//
// REPORT_HTML=/path/report.html runs the layout checks on that file instead (to see them
// fail on an older report).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { launch } from "./browser.mjs";

const root = new URL("../../", import.meta.url);
// A4 portrait less the report's 14 mm margins, in CSS pixels (96 per inch).
const MM = 96 / 25.4;
const PAGE_WIDTH = (210 - 2 * 14) * MM;
const PAGE_HEIGHT = (297 - 2 * 14) * MM;
const MAX_EXAMPLE_PAGES = 8;
const NOW = "2025-03-12T09:00:00+01:00";

let m, browser, example, crowded;

before(async () => {
  m = await import(new URL("pkg/migration_preflight_plan.js", root));
  await m.default({ module_or_path: await readFile(new URL("pkg/migration_preflight_plan_bg.wasm", root)) });
  const file = (name, text) => ({ name, bytes: new TextEncoder().encode(text) });
  const assessment = m.assessmentTemplate();
  example = process.env.REPORT_HTML
    ? await readFile(process.env.REPORT_HTML, "utf8")
    : m.renderReport([file("C:\\Users\\jsmith\\Desktop\\example.csv", m.exampleCsv())], assessment, "html", { now: NOW });
  // Many findings with long unbroken values: addresses of 120 characters, long file name.
  let csv = "EmailAddress,Password,ForceChangePassword\r\n";
  for (let i = 0; i < 300; i++) {
    const local = `user${i}`.padEnd(120, "x");
    csv += i % 3 === 0 ? `${local}.contoso.com,Pa$$w0rd,Yes\r\n` : `${local}@contoso.com,Summer2024!,False\r\n`;
  }
  crowded = process.env.REPORT_HTML
    ? example
    : m.renderReport([file("/tmp/a-very-long-directory-name/wave-01-finance-and-accounting-department.csv", csv)], assessment, "html", { now: NOW });
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Opens the HTML at the printable width of A4 in print media; fails on any request. */
async function open(html) {
  const page = await browser.newPage({ viewport: { width: Math.floor(PAGE_WIDTH), height: Math.floor(PAGE_HEIGHT) } });
  const requests = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("data:") && r.url() !== "about:blank") requests.push(r.url());
  });
  await page.emulateMedia({ media: "print" });
  await page.setContent(html, { waitUntil: "load" });
  return { page, requests };
}

/** What does not fit: elements wider than the page, words broken, rows that may split. */
function layout([pageWidth, pageHeight]) {
  const problems = [];
  const name = (el) => `${el.tagName.toLowerCase()}${el.className ? "." + el.className : ""} "${el.textContent.trim().slice(0, 40)}"`;
  if (document.documentElement.scrollWidth > pageWidth + 1) {
    problems.push(`the page is ${document.documentElement.scrollWidth}px wide, more than ${Math.round(pageWidth)}px`);
  }
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > pageWidth + 1) problems.push(`${name(el)} ends at ${Math.round(r.right)}px`);
  }
  // Severity words, codes and column headers: each word on one line.
  const word = /^(error|warning|info|[A-Z]{3}\d{3})$/;
  const candidates = [...document.querySelectorAll("th")].concat(
    [...document.querySelectorAll("td, span, code")].filter((el) => word.test(el.textContent.trim())),
  );
  for (const el of candidates) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) problems.push(`"${match[0]}" in ${name(el)} is broken over ${lines.size} lines`);
      }
    }
  }
  // A row Chromium may split: one without break-inside: avoid, or taller than a page.
  for (const row of document.querySelectorAll("tr, figure")) {
    const style = getComputedStyle(row);
    if (style.breakInside !== "avoid" && style.pageBreakInside !== "avoid") problems.push(`${name(row)} may be split (break-inside: ${style.breakInside})`);
    if (row.getBoundingClientRect().height > pageHeight) problems.push(`${name(row)} is taller than a page`);
  }
  return problems;
}

/** Pages of a PDF: its /Type /Page objects. */
function pages(pdf) {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

for (const [label, html] of [["Microsoft's example", () => example], ["a file with many long findings", () => crowded]]) {
  test(`the report of ${label} fits A4 portrait: nothing wider, no word or row split`, async () => {
    const { page, requests } = await open(html());
    const problems = await page.evaluate(layout, [PAGE_WIDTH, PAGE_HEIGHT]);
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} layout problems`);
    const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
    assert.ok(pages(pdf) >= 1);
    assert.deepEqual(requests, [], "the report loads nothing");
    await page.close();
  });
}

test("Microsoft's example prints on a bounded number of A4 pages and names no directory", async (t) => {
  if (process.env.REPORT_HTML) return t.skip("checks the generated report only");
  assert.doesNotMatch(example, /jsmith|Desktop|C:\\/);
  assert.match(example, /example\.csv/);
  assert.match(example, /<svg[^>]*role="img"[\s\S]*?<title id="timeline-title">/);
  const { page } = await open(example);
  const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
  const count = pages(pdf);
  t.diagnostic(`example report: ${Buffer.byteLength(example)} bytes of HTML, ${count} A4 pages, ${pdf.length} bytes of PDF`);
  assert.ok(count <= MAX_EXAMPLE_PAGES, `${count} pages`);
  await page.close();
});

test("screenshots of the report and its timeline for the README", async (t) => {
  if (process.env.REPORT_HTML) return t.skip("checks the generated report only");
  const page = await browser.newPage({ viewport: { width: 1000, height: 1300 } });
  await page.setContent(example, { waitUntil: "load" });
  // The files are rewritten only on request (UPDATE_SCREENSHOTS=1), so a test run leaves
  // the checkout clean; otherwise the pictures are taken into memory and checked.
  const save = (name) => (process.env.UPDATE_SCREENSHOTS ? { path: new URL(`docs/${name}`, root).pathname } : {});
  assert.ok((await page.screenshot(save("report.png"))).length > 10_000);
  const timeline = page.locator("#timeline");
  assert.equal(await timeline.locator("svg title").textContent(), "Migration timeline");
  assert.ok((await timeline.screenshot(save("timeline.png"))).length > 1_000);
  await page.close();
});
