// The page as one workflow (issue 17): one state for every answer, the grouped assessment
// form, fix and split, the runbook from the files really uploaded, the page's layout bugs,
// and the report's optional files. With UPDATE_SCREENSHOTS=1 it also takes the README's
// walkthrough screenshots (www/screenshots/*.png).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdirSync } from "node:fs";
import { serve } from "./server.mjs";
import { launch } from "./browser.mjs";

const SHOTS = process.env.UPDATE_SCREENSHOTS ? new URL("../../www/screenshots/", import.meta.url) : null;
let server, browser, context, page;

// Wraps the package's readiness functions to record the options the page passes them.
// wasm-bindgen writes them as `export function`: reassigning the binding inside the module
// changes what every importer sees.
const SPY = `
globalThis.__readinessCalls = [];
renderReport = ((orig) => function (...args) { globalThis.__readinessCalls.push(["renderReport", args[3]]); return orig(...args); })(renderReport);
runbook = ((orig) => function (...args) { globalThis.__readinessCalls.push(["runbook", args[2]]); return orig(...args); })(runbook);
`;

before(async () => {
  server = await serve();
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1200, height: 900 }, timezoneId: "Europe/Berlin" });
  await context.route("**/pkg/migration_preflight_plan.js", async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: (await response.text()) + SPY });
  });
  page = await context.newPage();
  await page.goto(`${server.origin}/www/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A screenshot of a step for the README, at most `maxHeight` pixels high (its top). */
async function shot(selector, name, maxHeight = 1300) {
  if (!SHOTS) return;
  const box = await page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
  });
  await page.screenshot({ path: new URL(name, SHOTS).pathname, fullPage: true, clip: { ...box, height: Math.min(box.height, maxHeight) } });
}

/** Drops files on the CSV drop zone the way a browser does. */
async function drop(files) {
  await page.evaluate((files) => {
    const transfer = new DataTransfer();
    for (const { name, text } of files) transfer.items.add(new File([text], name, { type: "text/csv" }));
    document.getElementById("dropzone").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
}

async function downloadText(click) {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), "utf8") };
}

async function setFile(selector, name, text) {
  await page.setInputFiles(selector, { name, mimeType: "application/json", buffer: Buffer.from(text) });
}

async function pageErrors() {
  return Number(await page.getAttribute("#result", "data-errors"));
}

// 300 mailboxes: passwords Microsoft refuses (errors unless AD FS is deployed) and some
// addresses outside the verified domain.
const ROWS = Array.from({ length: 300 }, (_, i) =>
  `user${i}@${i % 100 === 7 ? "fabrikam.com" : "contoso.com"};${i % 3 === 0 ? "pass" : "Kx8#qTz4!mWv"};TRUE`);
const EXPORT = `EmailAddress;Password;ForceChangePassword\r\n${ROWS.join("\r\n")}\r\n`;

test("one state: domains and AD FS at the top and the TTL in the DNS panel give the report the same errors", async () => {
  await page.fill("#csv-text", EXPORT);
  await page.waitForFunction(() => document.querySelector("#summary").textContent.startsWith("300 mailboxes"));
  const unanswered = await pageErrors();
  await page.fill("#domains", "contoso.com");
  await page.selectOption("#federated", "yes");
  await page.fill("#dns-ttl", "3600");
  await page.waitForFunction((before) => Number(document.querySelector("#result").dataset.errors) !== before, unanswered);
  const shown = await pageErrors();
  assert.ok(shown > 0, "the addresses outside contoso.com are errors");
  // Taller than the others: the grouped findings come below the directory panel.
  await shot("#step-check", "step-1-check.png", 1700);

  await page.selectOption("#report-format", "json");
  const { text } = await downloadText(() => page.click("#report"));
  const report = JSON.parse(text);
  assert.equal(report.summary.errors, shown, "the page and the report count the same errors");
  assert.equal(report.counts.bySeverity.error, shown);
  assert.doesNotMatch(text, /federatedSso is not answered/);
  assert.doesNotMatch(text, /verifiedDomains is empty/);
  assert.doesNotMatch(text, /mxTtlSeconds is not answered/);
  assert.ok(report.findings.some((f) => f.code === "ENV018" && /federatedSso is "yes"/.test(f.message)), "AD FS reached the report");
  assert.ok(report.dns.records.some((r) => r.name.endsWith("contoso.com")), "the domains reached the report");
  assert.match(text, /The MX TTL is 3600 seconds now/, "the TTL reached the report");

  // The same answers are the assessment file, and are there again after a reload.
  const saved = JSON.parse((await downloadText(() => page.click("#assessment-save"))).text);
  assert.deepEqual(saved.tenant.verifiedDomains, ["contoso.com"]);
  assert.equal(saved.tenant.federatedSso, "yes");
  assert.equal(saved.dns.mxTtlSeconds, 3600);
  assert.ok(saved.schemaVersion >= 1);
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert.equal(await page.inputValue("#domains"), "contoso.com");
  assert.equal(await page.inputValue("#federated"), "yes");
  assert.equal(await page.inputValue("#dns-ttl"), "3600");
  const kept = await page.evaluate(() => localStorage.getItem("migration-preflight.assessment"));
  assert.ok(!kept.includes("Kx8#qTz4!mWv") && !kept.includes("user0@"), "no password or CSV content is kept");

  // Forget, then load the saved file: the answers come back from it.
  await page.click("#assessment-clear");
  assert.equal(await page.inputValue("#domains"), "");
  await setFile("#assessment-file", "assessment.json", JSON.stringify(saved));
  await page.waitForFunction(() => document.querySelector("#domains").value === "contoso.com");
  assert.equal(await page.inputValue("#dns-ttl"), "3600");
});

test("the assessment form follows the procedure, in Exchange words, with dates in a chosen zone", async () => {
  await page.click("#assessment-details summary");
  const legends = await page.$$eval("#assessment legend", (ls) => ls.map((l) => l.textContent));
  assert.deepEqual(legends.map((l) => l.split(" ")[0]), ["On-premises", "Microsoft", "DNS", "Schedule", "Progress"]);
  const labels = await page.$$eval("#assessment label span:first-child", (ss) => ss.map((s) => s.textContent));
  assert.ok(labels.every((l) => !/\b(tenant|source|dns|schedule|progress)\./.test(l)), labels.join("\n"));
  assert.equal(await page.locator("[data-path='tenant.mailboxCount']").count(), 0, "the CSV answers the mailbox count");
  for (const path of ["tenant.verifiedDomains", "tenant.federatedSso", "dns.mxTtlSeconds", "schedule.plannedStart", "organisation"]) {
    assert.equal(await page.locator(`[data-path='${path}']`).count(), 1, `${path} is asked once`);
  }
  // Every input has a label whose visible text names it.
  const unlabelled = await page.$$eval("[data-path]", (is) => is.filter((i) => !i.labels?.[0]?.textContent.trim()).map((i) => i.dataset.path));
  assert.deepEqual(unlabelled, []);

  // Dates: a picker, the zone shown beside it (the browser's by default), RFC 3339 with offset.
  assert.equal(await page.getAttribute("#dns-first-batch", "type"), "datetime-local");
  assert.equal(await page.inputValue("#dns-zone-offset"), "+01:00", "Europe/Berlin in November");
  await page.fill("#dns-first-batch", "2026-12-01T18:00");
  await page.selectOption("#dns-zone-offset", "+02:00");
  assert.match(await page.textContent("#dns-first-batch + .zone-label"), /UTC\+02:00/);
  await page.fill("[data-path='schedule.usersCreatedAt']", "2026-11-30T08:30");
  const saved = JSON.parse((await downloadText(() => page.click("#assessment-save"))).text);
  assert.equal(saved.schedule.plannedStart, "2026-12-01T18:00:00+02:00", "the time stays as typed, in the zone chosen");
  assert.equal(saved.schedule.usersCreatedAt, "2026-11-30T08:30:00+02:00");
  assert.equal(saved.utcOffset, "+02:00");

  // An answer that cannot be read is said in the admin's words, and not stored.
  await page.fill("#dns-ttl", "1 hour");
  assert.match(await page.textContent("#dns-ttl-error"), /Current MX TTL \(seconds\): write a whole number/);
  await page.fill("#dns-ttl", "3600");
  assert.equal(await page.locator("#dns-ttl-error").count(), 0);
  await setFile("#assessment-file", "broken.json", '{"tenant": {"federatedSso": "maybe"}}');
  await page.waitForSelector("#assessment-result:not([hidden])");
  assert.match(await page.textContent("#assessment-result"), /^Cannot read broken\.json: /);
  assert.equal(await page.inputValue("#dns-ttl"), "3600", "a refused file changes nothing");

  // Example answers come from the core's template.
  await page.click("#assessment-example");
  assert.equal(await page.inputValue("[data-path='source.exchangeVersion']"), "2007");
  assert.equal(await page.inputValue("#dns-spf"), "v=spf1 mx -all");
  await shot("#step-report", "step-4-report.png");
});

test("fix: the changes grouped, the text agrees with the checkbox, a file per dropped file", async () => {
  assert.match(await page.textContent("#fix-passwords"), /copied unchanged/);
  await page.check("#generate-passwords");
  assert.match(await page.textContent("#fix-passwords"), /replaced by generated/);
  assert.doesNotMatch(await page.textContent("#fix-passwords"), /^Passwords are copied unchanged/);
  await page.uncheck("#generate-passwords");

  const first = `EmailAddress;Password;ForceChangePassword\r\na@contoso.com;Kx8#qTz4!mWv;TRUE\r\nb@contoso.com;Kx8#qTz4!mWv;TRUE\r\n c@contoso.com ;Kx8#qTz4!mWv;TRUE\r\n`;
  const second = `EmailAddress,Password,ForceChangePassword\r\nd@contoso.com,Kx8#qTz4!mWv,False\r\n`;
  await drop([{ name: "wave1.csv", text: first }, { name: "wave2.csv", text: second }]);
  await page.waitForFunction(() => document.querySelector("#summary").textContent.startsWith("4 mailboxes in 2 files"));
  assert.match(await page.textContent("#input-files"), /wave1\.csv .*wave2\.csv/, "the dropped files are named");
  const names = [];
  page.on("download", (d) => names.push(d.suggestedFilename()));
  await page.click("#fix");
  await page.waitForFunction(() => document.querySelectorAll("#fix-result .fixed-file").length === 2);
  for (let i = 0; i < 20 && names.length < 2; i++) await page.waitForTimeout(100);
  assert.deepEqual(names.sort(), ["wave1-corrected.csv", "wave2-corrected.csv"]);
  const groups = await page.$$eval("#fix-result .fixed-file:first-child .change-groups li", (ls) => ls.map((l) => l.textContent));
  assert.ok(groups.some((g) => /^3 × .*True/.test(g)), groups.join("\n"));
  assert.match(await page.textContent("#upload-files"), /corrected files: wave1-corrected\.csv, wave2-corrected\.csv/);
  await shot("#step-fix", "step-2-fix.png");
});

test("the runbook follows the files really uploaded: split batches, pasted text, refusals", async () => {
  const rows = Array.from({ length: 5 }, (_, i) => `u${i}@contoso.com,Kx8#qTz4!mWv,False`).join("\r\n");
  await page.fill("#csv-text", `EmailAddress,Password,ForceChangePassword\r\n${rows}\r\n`);
  await page.waitForFunction(() => document.querySelector("#summary").textContent.startsWith("5 mailboxes"));
  assert.match(await page.textContent("#input-files"), /pasted text/);

  // Pasted text: the runbook names mailboxes.csv, and the page offers that file beside it.
  const book = await downloadText(() => page.click("#runbook"));
  assert.match(book.text, /mailboxes\.csv/);
  const offered = await downloadText(() => page.click("#report-result .runbook-files a"));
  assert.equal(offered.name, "mailboxes.csv");
  assert.equal(await page.getAttribute("#report-result .runbook-files a", "data-source"), "pasted", "named by the core's runbookFiles");
  assert.match(offered.text, /^EmailAddress,Password,ForceChangePassword\r?\nu0@contoso\.com/);

  // After Split: the batch files, by name, and not the original.
  await page.fill("#split-size", "2");
  await page.fill("#split-prefix", "Wave1");
  await page.click("#split");
  await page.waitForSelector("#batches li");
  const split = (await downloadText(() => page.click("#runbook"))).text;
  for (const name of ["Wave1-01.csv", "Wave1-02.csv", "Wave1-03.csv"]) assert.ok(split.includes(name), name);
  assert.ok(!split.includes("mailboxes.csv"), "the original is not uploaded");
  const links = await page.$$eval("#report-result .runbook-files a", (as) => as.map((a) => a.textContent));
  assert.deepEqual(links, ["Wave1-01.csv", "Wave1-02.csv", "Wave1-03.csv"]);
  const calls = await page.evaluate(() => globalThis.__readinessCalls.filter((c) => c[0] === "runbook").length);
  assert.ok(calls >= 2);

  // Refused by the core: a clear message, and nothing downloaded.
  await drop([
    { name: "wave.csv", text: "EmailAddress\r\na@contoso.com\r\n" },
    { name: "wave.csv", text: "EmailAddress\r\nb@contoso.com\r\n" },
  ]);
  await page.waitForFunction(() => document.querySelector("#summary").textContent.startsWith("2 mailboxes in 2 files"));
  let downloaded = false;
  const onDownload = () => (downloaded = true);
  page.on("download", onDownload);
  await page.click("#runbook");
  await page.waitForTimeout(300);
  page.off("download", onDownload);
  assert.equal(downloaded, false);
  assert.match(await page.textContent("#report-result"), /^Cannot make the runbook: .*No runbook was downloaded\.$/);
});

test("the DNS tables keep their Name and Phase columns, TTLs do not wrap, the steps are numbered", async () => {
  await page.fill("#domains", "contoso.com");
  await page.fill("#dns-initial", "contoso.onmicrosoft.com");
  await page.click("#dns-plan");
  await page.waitForSelector("#dns-records");
  const visible = (table, n) => page.$eval(`${table} th:nth-child(${n})`, (th) => getComputedStyle(th).display !== "none" && th.getBoundingClientRect().width > 0);
  assert.equal(await visible("#dns-records", 2), true, "Name");
  const names = await page.$$eval("#dns-records tbody td:nth-child(2)", (tds) => tds.map((t) => t.textContent));
  assert.ok(names.some((n) => n.startsWith("selector1._domainkey")), names.join());
  const ttl = page.locator("#dns-records tbody tr:first-child td:nth-child(6)");
  assert.equal(await ttl.evaluate((td) => getComputedStyle(td).whiteSpace), "nowrap");
  const lines = await ttl.evaluate((td) => {
    const range = document.createRange();
    range.selectNodeContents(td);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });
  assert.equal(lines, 1, "the TTL is on one line");
  await shot("#step-dns", "step-3-dns.png");

  const zone = readFileSync(new URL("../fixtures/dns/contoso-before.zone", import.meta.url), "utf8");
  await page.click("#dns-compare-details summary");
  await page.fill("#dns-zone", zone);
  await page.click("#dns-compare");
  await page.waitForSelector("#dns-changes");
  assert.equal(await visible("#dns-changes", 2), true, "Phase");

  // The example loader is beside the paste box, not in the Tenant answers.
  assert.equal(await page.$eval("#example", (b) => b.closest("fieldset")), null);
  const headings = await page.$$eval(".step > h2", (hs) => hs.map((h) => h.textContent.replace(/\s+/g, " ").trim()));
  assert.deepEqual(headings, ["1 Check", "2 Fix and split", "3 Plan DNS", "4 Report and runbook"]);
});

test("the report takes an earlier JSON report as `since` and probe results as `probe`", async () => {
  await page.fill("#csv-text", "EmailAddress\r\na@contoso.com\r\n");
  await page.waitForFunction(() => document.querySelector("#summary").textContent.startsWith("1 mailbox"));
  assert.match(await page.textContent("#step-report"), /cannot open connections to the on-premises server/);
  await page.selectOption("#report-format", "json");
  const earlier = (await downloadText(() => page.click("#report"))).text;
  await setFile("#since-file", "previous.json", earlier);
  const probe = '{"host": "mail.contoso.com", "findings": []}';
  await setFile("#probe-file", "probe.json", probe);
  await page.waitForFunction(() => /probe/.test(document.querySelector("#extra-files").textContent));
  assert.match(await page.textContent("#extra-files"), /earlier report previous\.json and the probe results probe\.json/);
  await page.evaluate(() => (globalThis.__readinessCalls.length = 0));
  await page.click("#report");
  await page.click("#runbook");
  const calls = await page.evaluate(() => globalThis.__readinessCalls);
  assert.equal(calls.length, 2);
  for (const [name, options] of calls) {
    assert.equal(options.since, earlier, `${name} gets since`);
    assert.equal(options.probe, probe, `${name} gets probe`);
  }
  // Without the files, the options do not name them at all.
  await page.setInputFiles("#since-file", []);
  await page.setInputFiles("#probe-file", []);
  await page.evaluate(() => (globalThis.__readinessCalls.length = 0));
  await page.click("#runbook");
  const [[, options]] = await page.evaluate(() => globalThis.__readinessCalls);
  assert.ok(!("since" in options) && !("probe" in options), JSON.stringify(options));
});

test("answers kept in this browser that cannot be read never stop the page", async () => {
  for (const kept of ["null", "[1]", "{not json", '{"schedule": {"plannedStart": "9999-12-31T23:30:00-05:00"}, "utcOffset": "+14:00"}']) {
    await page.evaluate((kept) => localStorage.setItem("migration-preflight.assessment", kept), kept);
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    assert.equal(await page.isHidden("#error"), true, kept);
    assert.match(await page.textContent("#summary"), /3 mailboxes in 1 file/, kept);
  }
  // The date past the year 9999 in the chosen zone shows empty; the answer is kept as it was.
  assert.equal(await page.inputValue("#dns-first-batch"), "");
  await page.selectOption("#dns-zone-offset", "+01:00");
  const saved = JSON.parse((await downloadText(() => page.click("#assessment-save"))).text);
  assert.equal(saved.schedule.plannedStart, "9999-12-31T23:30:00-05:00");
  await page.click("#assessment-clear");
});

test("a file with blocking findings gets no runbook, only the reason", async () => {
  await page.fill("#csv-text", "EmailAddress\r\nnot-an-address\r\n");
  await page.waitForSelector("#findings .pf-group[data-code=CSV202]");
  let downloaded = false;
  const onDownload = () => (downloaded = true);
  page.on("download", onDownload);
  await page.click("#runbook");
  await page.waitForTimeout(300);
  page.off("download", onDownload);
  assert.equal(downloaded, false);
  assert.match(await page.textContent("#report-result"), /^Cannot make the runbook: .*No runbook was downloaded\.$/);
  assert.doesNotMatch(await page.textContent("#report-result"), /not-an-address/, "no cell content in the message");
});

test("the summary counts as the core does: thousands separators, and past 100 batches that only 100 can exist", async () => {
  const files = Array.from({ length: 101 }, (_, f) => ({
    name: `wave-${f}.csv`,
    text: `EmailAddress\r\n${Array.from({ length: 10 }, (_, i) => `u${f}-${i}@contoso.com`).join("\r\n")}\r\n`,
  }));
  await drop(files);
  await page.waitForFunction(() => document.querySelector("#summary").textContent.includes("101 files"));
  assert.match(
    await page.textContent("#summary"),
    /^1,010 mailboxes in 101 files \(101 batches needed; only 100 batches can exist at once: create, start and remove them in waves\) · /,
  );
});
