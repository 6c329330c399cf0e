// The page end to end: it opens with Microsoft's example checked, a dropped CSV with a
// fault shows the finding at its row, and no request leaves the page's own server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve } from "./server.mjs";
import { launch } from "./browser.mjs";
import { readFindings } from "./findings.mjs";

let server, browser, page;
const foreign = [];

before(async () => {
  server = await serve();
  browser = await launch();
  page = await browser.newPage();
  page.on("request", (r) => {
    if (!r.url().startsWith(server.origin) && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  await page.goto(`${server.origin}/www/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Drops files on the drop zone the way a browser does: a DataTransfer in a drop event. */
async function drop(files) {
  await page.evaluate((files) => {
    const transfer = new DataTransfer();
    for (const { name, text } of files) transfer.items.add(new File([text], name, { type: "text/csv" }));
    document.getElementById("dropzone").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
}

/** The findings as objects, one per row, every group expanded. */
function findings() {
  return readFindings(page);
}

test("opens with Microsoft's example already checked", async () => {
  const text = await page.inputValue("#csv-text");
  assert.match(text, /^EmailAddress,Password,ForceChangePassword/);
  assert.match(await page.textContent("#summary"), /3 mailboxes in 1 file/);
  const verdict = await page.getAttribute("#result", "data-verdict");
  assert.ok(["ready", "warnings", "blocked"].includes(verdict), verdict);
  assert.equal((await findings()).filter((f) => f.code.startsWith("CSV")).length, 0);
});

test("a dropped CSV with a bad address shows the finding at its row", async () => {
  await drop([{ name: "batch1.csv", text: "EmailAddress\r\npilarp@contoso.com\r\ntobyn.contoso.com\r\n" }]);
  await page.waitForSelector("#findings .pf-group[data-code=CSV202]");
  const found = (await findings()).find((f) => f.code === "CSV202");
  assert.equal(found.row, "3");
  assert.equal(found.column, "EmailAddress");
  assert.equal(found.severity, "error");
  assert.equal(await page.getAttribute("#result", "data-verdict"), "blocked");
});

test("a password shifted into the address column is never in a message, only behind a click", async () => {
  await drop([{ name: "shifted.csv", text: "EmailAddress,Password,ForceChangePassword\r\npilarp@contoso.com;Sommer2024\u00e4!;True\r\n" }]);
  await page.waitForSelector("#findings .pf-group[data-code=CSV210]");
  const found = (await findings()).find((f) => f.code === "CSV210");
  assert.doesNotMatch(found.message, /Sommer/i);
  const row = page.locator("#findings tr.pf-finding[data-code=CSV210]").first();
  const details = row.locator("details.local-value");
  assert.equal(await details.count(), 1);
  assert.equal(await details.evaluate((d) => d.open), false);
  await details.locator("summary").click();
  assert.match(await details.locator("code").textContent(), /Sommer2024/);
});

test("two dropped files are one migration: a duplicate across them is found", async () => {
  await drop([
    { name: "a.csv", text: "EmailAddress\na@contoso.com\n" },
    { name: "b.csv", text: "EmailAddress\nb@contoso.com\nA@Contoso.com\n" },
  ]);
  await page.waitForSelector("#findings .pf-group[data-code=CSV207]");
  const dup = (await findings()).find((f) => f.code === "CSV207");
  assert.equal(dup.file, "b.csv");
  assert.equal(dup.row, "3");
  assert.match(dup.message, /row 2 of a\.csv/);
});

test("pasted text is checked, and verified domains apply", async () => {
  await page.fill("#domains", "contoso.com");
  await page.fill("#csv-text", "EmailAddress\r\nx@fabrikam.com\r\n");
  await page.waitForSelector("#findings .pf-group[data-code=CSV208]");
  const found = (await findings()).find((f) => f.code === "CSV208");
  assert.equal(found.row, "2");
  await page.fill("#domains", "");
});

test("markup in the file is shown as text, never run", async () => {
  await page.fill("#csv-text", 'EmailAddress\r\n"<img src=x onerror=window.pwned=1>@contoso.com"\r\n');
  await page.waitForSelector("#findings .pf-group[data-code=CSV202]");
  await findings(); // every row drawn
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.$$eval("#findings img", (imgs) => imgs.length), 0);
});


test("the corrected CSV downloads with the fixes and the passwords untouched", async () => {
  await page.fill("#csv-text", "emailaddress;Password\r\n a@contoso.com ;Kx8#q,z4<\r\n");
  await page.waitForSelector("#findings .pf-group[data-code=CSV005]");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#fix")]);
  assert.equal(download.suggestedFilename(), "mailboxes-corrected.csv");
  const path = await download.path();
  const text = (await import("node:fs")).readFileSync(path, "utf8");
  assert.equal(text, 'EmailAddress,Password\r\na@contoso.com,"Kx8#q,z4<"\r\n');
  assert.match(await page.textContent("#fix-result"), /changes? made/);
});

test("a list splits into named batch files", async () => {
  const rows = Array.from({ length: 5 }, (_, i) => `u${i}@contoso.com`).join("\r\n");
  await page.fill("#csv-text", `EmailAddress\r\n${rows}\r\n`);
  await page.waitForFunction(() => document.querySelector("#summary").textContent.startsWith("5 mailboxes"));
  await page.fill("#split-size", "2");
  await page.fill("#split-prefix", "Wave 1");
  await page.click("#split");
  await page.waitForSelector("#batches li");
  const names = await page.$$eval("#batches a", (as) => as.map((a) => a.textContent));
  assert.deepEqual(names, ["Wave-1-01.csv", "Wave-1-02.csv", "Wave-1-03.csv"]);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#batches a >> nth=2")]);
  const text = (await import("node:fs")).readFileSync(await download.path(), "utf8");
  assert.equal(text, "EmailAddress\r\nu4@contoso.com\r\n");
});

test("the readiness report downloads with the answers given, escaped and without passwords", async () => {
  await page.fill("#csv-text", 'EmailAddress,Password\r\n"<b>x</b>"@contoso.com,S3cr3t<i>pw\r\npilarp@contoso.com,Hq3$rLp9@zWe\r\n');
  await page.waitForSelector("#findings .pf-group[data-code=CSV202]");
  await page.click("#assessment-details summary");
  await page.selectOption("[data-path='source.exchangeVersion']", "2010");
  await page.fill("[data-path='organisation']", "Contoso <Ltd>");
  await page.dispatchEvent("[data-path='organisation']", "change");
  await page.selectOption("#report-format", "html");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#report")]);
  assert.equal(download.suggestedFilename(), "readiness-report.html");
  const html = (await import("node:fs")).readFileSync(await download.path(), "utf8");
  assert.match(html, /ENV001/, "Exchange 2010 is reported");
  assert.match(html, /Contoso (&lt;|&#60;)Ltd(&gt;|&#62;)/);
  assert.ok(!html.includes("<b>x</b>"), "markup from the CSV is escaped");
  assert.ok(!html.includes("S3cr3t") && !html.includes("Hq3$rLp9@zWe"), "no password in the report");
});

test("assessments save and load, and the runbook downloads", async () => {
  const [saved] = await Promise.all([page.waitForEvent("download"), page.click("#assessment-save")]);
  const json = JSON.parse((await import("node:fs")).readFileSync(await saved.path(), "utf8"));
  assert.equal(json.source.exchangeVersion, "2010");
  assert.equal(json.organisation, "Contoso <Ltd>");
  await page.click("#assessment-example");
  assert.equal(await page.inputValue("[data-path='source.exchangeVersion']"), "2007");
  // The core writes no runbook for a file with errors (the one above has a bad address):
  // the runbook is made from a file without them.
  await page.fill("#csv-text", "EmailAddress,Password\r\npilarp@contoso.com,Hq3$rLp9@zWe\r\n");
  await page.waitForFunction(() => document.querySelector("#summary").textContent.startsWith("1 mailbox in"));
  const [book] = await Promise.all([page.waitForEvent("download"), page.click("#runbook")]);
  const script = (await import("node:fs")).readFileSync(await book.path(), "utf8");
  assert.match(script, /New-MigrationBatch/);
  assert.match(script, /Get-Credential/);
  assert.ok(!script.includes("Hq3$rLp9@zWe"), "no password in the runbook");
});

test("weak passwords are reported by row, never shown, and replaced only in the corrected CSV", async () => {
  await page.fill("#banned-terms", "hockey");
  await page.fill("#csv-text", "EmailAddress,Password\r\npilarp@contoso.com,Hockey24!\r\ntobyn@contoso.com,Kx8#qTz4!mWv\r\n");
  await page.waitForSelector("#findings .pf-group[data-code=PWD005]");
  const found = (await findings()).find((f) => f.code === "PWD005");
  assert.equal(found.row, "2");
  assert.ok(!(await page.textContent("#findings")).includes("Hockey24!"), "the password is not shown");
  await page.check("#generate-passwords");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#fix")]);
  const text = (await import("node:fs")).readFileSync(await download.path(), "utf8");
  const rows = text.trim().split("\r\n").map((l) => l.split(","));
  assert.notEqual(rows[1][1], "Hockey24!", "the refused password was replaced");
  assert.equal(rows[1][1].length, 16);
  assert.equal(rows[2][1], "Kx8#qTz4!mWv", "a good password is kept");
  assert.ok(!(await page.textContent("#fix-result")).includes(rows[1][1]), "the new password is not shown");
  await page.uncheck("#generate-passwords");
  await page.fill("#banned-terms", "");
});

test("the DNS panel plans the records and compares them with a pasted zone", async () => {
  await page.fill("#domains", "contoso.com");
  await page.fill("#dns-spf", "v=spf1 mx -all");
  await page.fill("#dns-senders", "");
  await page.click("#dns-plan");
  await page.waitForSelector("#dns-records");
  const records = await page.$$eval("#dns-records tbody tr", (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  const mx = records.find((r) => r[2] === "MX");
  assert.equal(mx[3], "contoso-com.mail.protection.outlook.com");
  const spf = records.find((r) => r[2] === "TXT" && r[3].startsWith("v=spf1"));
  assert.match(spf[3], /^v=spf1 mx include:spf\.protection\.outlook\.com -all$/);

  const zone = (await import("node:fs")).readFileSync(new URL("../fixtures/dns/contoso-before.zone", import.meta.url), "utf8");
  await page.click("#dns-compare-details summary");
  await page.fill("#dns-zone", zone);
  await page.click("#dns-compare");
  await page.waitForSelector("#dns-changes");
  const actions = await page.$$eval("#dns-changes tbody tr", (rows) => rows.map((r) => r.dataset.action));
  assert.ok(actions.includes("change") || actions.includes("add"), actions.join(","));
});

test("no request left the page's own server", () => {
  assert.deepEqual(foreign, []);
  assert.ok(server.requests.some((u) => u.endsWith(".wasm")), "the wasm module was loaded");
});


test("a live look-up is sent only after the admin sees where, and only there", { skip: !process.env.DNS_TEST_DOH_URL && "DNS_TEST_DOH_URL not set (scripts/dns-test-servers.sh)" }, async () => {
  // The CSP lets the page reach only the resolvers it offers: the loopback test server
  // answers for Cloudflare here, and nothing goes out to the network.
  const resolver = "https://cloudflare-dns.com/dns-query";
  await page.route((url) => url.href.startsWith(`${resolver}?dns=`), async (route) => {
    const query = new URL(route.request().url()).search;
    const answer = await fetch(`${process.env.DNS_TEST_DOH_URL}${query}`, { headers: { accept: "application/dns-message" } });
    await route.fulfill({
      status: answer.status,
      headers: { "access-control-allow-origin": "*", "content-type": "application/dns-message" },
      body: Buffer.from(await answer.arrayBuffer()),
    });
  });
  const before = foreign.length;
  await page.selectOption("#dns-resolver", resolver);
  await page.click("#dns-lookup");
  // The confirmation is drawn once the plan module and the look-up code are loaded.
  await page.waitForSelector("#dns-confirm:not([hidden])");
  const text = await page.textContent("#dns-confirm-text");
  assert.ok(text.includes(resolver), text);
  assert.equal(foreign.length, before, "nothing is sent before Send");
  await page.click("#dns-send");
  await page.waitForSelector("#dns-changes");
  const sent = foreign.slice(before);
  assert.ok(sent.length > 0 && sent.every((u) => u.startsWith(resolver + "?dns=")), sent.join("\n"));
});
