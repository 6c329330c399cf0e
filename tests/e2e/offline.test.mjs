// The single offline file (scripts/build-offline.mjs → dist/migration-preflight.html),
// opened straight from disk (file://, no server): a pasted CSV is checked and its finding
// shown, nothing is requested but file:, data: and blob: URLs, and its CSP (hashes only)
// reports no violation. The test builds the file when it is missing or older than the
// page, the package or the build script (scripts/test.sh need not build it first).
// The same build of www/embed.html (`--page`) checks in its Web Worker, started from a
// blob: URL with the inlined wasm: the worker path of the build, under the same rules.
// Fix, split and zip run in the page's check worker, which loads the plan module (the
// second wasm, inlined too) with a dynamic import: that works offline as well.
// With UPDATE_SCREENSHOTS=1 it takes the README's screenshot www/screenshots/offline.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launch } from "./browser.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const OFFLINE = join(ROOT, "dist/migration-preflight.html");
const SCRIPT = join(ROOT, "scripts/build-offline.mjs");
const SHOTS = process.env.UPDATE_SCREENSHOTS ? join(ROOT, "www/screenshots") : null;

/** The newest modification time of the files the offline file is made from. */
function newestInput() {
  const files = [SCRIPT];
  for (const dir of ["www", "pkg"]) {
    for (const name of readdirSync(join(ROOT, dir))) if (/\.(html|js|css|wasm)$/.test(name)) files.push(join(ROOT, dir, name));
  }
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

let browser, page;
const requests = [];
const workers = [];
const violations = [];

before(async () => {
  if (!existsSync(OFFLINE) || statSync(OFFLINE).mtimeMs < newestInput()) {
    execFileSync(process.execPath, [SCRIPT], { stdio: "inherit" });
  }
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on("request", (r) => requests.push(r.url()));
  page.on("worker", (w) => workers.push(w.url()));
  page.on("console", (m) => /Content Security Policy|Refused to/i.test(m.text()) && violations.push(m.text()));
  page.on("pageerror", (e) => violations.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Refused to load (CSP ${e.violatedDirective}): ${e.blockedURI}`);
    });
  });
  await page.goto(pathToFileURL(OFFLINE).href);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
});

after(async () => {
  await browser?.close();
});

test("the offline file is one file: no script, style or wasm file beside it is referenced", () => {
  const html = readFileSync(OFFLINE, "utf8");
  assert.doesNotMatch(html, /<script[^>]+src=/);
  assert.doesNotMatch(html, /<link[^>]+rel="?(stylesheet|modulepreload)/);
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval';/);
  assert.doesNotMatch(csp, /unsafe-inline|'self'|https?:/);
  assert.match(csp, /connect-src 'none'/);
});

test("opened from disk, a pasted CSV is checked and its finding shown", async () => {
  await page.fill(
    "#csv-text",
    "EmailAddress,Password,ForceChangePassword\r\npilarp@contoso.com,Kx8#qTz4!mWv,False\r\ntobyn.contoso.com,Hq3$rLp9@zWe,False\r\n",
  );
  const found = await page.waitForSelector('[data-code="CSV202"]', { timeout: 30_000 });
  assert.ok(await found.isVisible());
  assert.match(await page.textContent("#summary"), /2 mailboxes in 1 file/);
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    await page.$eval("#result", (el) => el.scrollIntoView());
    await page.screenshot({ path: join(SHOTS, "offline.png") });
  }
});

test("the DNS plan works offline too (the plan module, when split off, is inline as well)", async () => {
  await page.click('a[href="#step-dns"]');
  await page.fill("#domains", "contoso.com");
  await page.click("#dns-plan");
  await page.waitForSelector("#dns-records tbody tr", { timeout: 30_000 });
  const names = await page.$$eval("#dns-records tbody tr", (rows) => rows.map((r) => r.textContent));
  assert.ok(names.some((t) => /contoso\.com/.test(t)), names.join("\n"));
});

test("fix, split and zip run in the blob: worker with the inlined plan module", async () => {
  await page.click('a[href="#step-fix"]');
  await page.click("#fix");
  await page.waitForSelector("#fix-result[data-changes]:not([aria-busy])", { timeout: 30_000 });
  const fixed = await page.textContent("#fix-result");
  assert.doesNotMatch(fixed, /Cannot correct/);
  assert.match(fixed, /-corrected\.csv: .* made\./);
  await page.click("#split");
  await page.waitForSelector("#batches li", { timeout: 30_000 });
  const batches = await page.textContent("#batches");
  assert.doesNotMatch(batches, /Cannot split/);
  assert.match(batches, /batch .*mailbox/);
  await page.click("#batches-zip");
  await page.waitForFunction(() => document.getElementById("batches-zip-result").textContent !== "", null, { timeout: 30_000 });
  assert.match(await page.textContent("#batches-zip-result"), /Saved batches\.zip: 1 batch file/);
  assert.ok(workers.length > 0 && workers.every((u) => u.startsWith("blob:")), `the jobs ran in blob: workers: ${workers}`);
});

test("nothing but file:, data: and blob: URLs is requested, and no CSP violation", () => {
  assert.ok(requests.some((u) => u.startsWith("file:")), "the page itself is a file: request");
  assert.deepEqual(requests.filter((u) => !/^(file|data|blob):/.test(u)), []);
  assert.deepEqual(violations, []);
});

test("the embed page built offline checks in a blob: worker, under its CSP by hash", async () => {
  const dir = mkdtempSync(join(tmpdir(), "mp-offline-"));
  const file = join(dir, "embed.html");
  try {
    execFileSync(process.execPath, [SCRIPT, "--page", join(ROOT, "www/embed.html"), "--out", file], { stdio: "pipe" });
    const own = await browser.newPage();
    const seen = [];
    const refused = [];
    const workers = [];
    own.on("request", (r) => seen.push(r.url()));
    own.on("worker", (w) => workers.push(w.url()));
    own.on("console", (m) => /Content Security Policy|Refused to/i.test(m.text()) && refused.push(m.text()));
    own.on("pageerror", (e) => refused.push(`page error: ${e.message}`));
    await own.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => console.error(`Refused (CSP ${e.violatedDirective}): ${e.blockedURI}`));
    });
    await own.goto(pathToFileURL(file).href);
    await own.evaluate(() => customElements.whenDefined("migration-preflight"));
    const codes = await own.$eval("#preflight", (el) =>
      el.checkText("EmailAddress\r\nx@northwind.com\r\n").then((r) => r.findings.map((f) => f.code)),
    );
    assert.deepEqual(codes, ["CSV208"]);
    assert.ok(workers.some((u) => u.startsWith("blob:")), `the check ran in a blob: worker: ${workers}`);
    // The shadow root's stylesheet came along (blob: link): the theme's accent is drawn.
    const accent = await own.$eval("#preflight", (el) => getComputedStyle(el.shadowRoot.querySelector(".check-text")).backgroundColor);
    assert.equal(accent, "rgb(59, 47, 99)");
    assert.deepEqual(seen.filter((u) => !/^(file|data|blob):/.test(u)), []);
    assert.deepEqual(refused, []);
    await own.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
