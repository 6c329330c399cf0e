// <migration-preflight> in the example portal (www/embed.html), under its strict CSP: the
// attributes and properties decide the findings and re-check, the preflight-report event
// carries the report and never a password of the CSV, the theme's custom properties reach
// inside the shadow root, axe-core finds nothing serious and the keyboard reaches the drop
// zone. With UPDATE_SCREENSHOTS=1 it takes the README's screenshot www/screenshots/embed.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { serve } from "./server.mjs";
import { launch } from "./browser.mjs";
import { seriousViolations } from "./axe.mjs";

const SHOTS = process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL("../../www/screenshots/", import.meta.url)) : null;

// Passwords planted in the CSV: one in its column, one shifted into a column of its own by
// an extra cell, one made of the organisation's name (set later). None may reach the event.
const SECRETS = ["Plant3d!Secret#Q9", "Shift3d$Secret%W4", "Northwind!1"];
const CSV =
  "EmailAddress,Password,ForceChangePassword\r\n" +
  `pilarp@contoso.com,${SECRETS[0]},False\r\n` +
  `tobyn@northwind.com,x,${SECRETS[1]},False\r\n` +
  `briant@contoso.com,${SECRETS[2]},False\r\n`;

let server, browser, page;
const foreign = [];
const violations = [];

before(async () => {
  server = await serve();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  // File choosers are intercepted from the start (as in keyboard.test.mjs): one that
  // opens before a test's waitForEvent has switched interception on would be a real
  // dialog, never reported.
  page.on("filechooser", () => {});
  page.on("request", (r) => !r.url().startsWith(server.origin) && !r.url().startsWith("data:") && foreign.push(r.url()));
  page.on("console", (m) => /Content Security Policy|Refused to/i.test(m.text()) && violations.push(m.text()));
  page.on("pageerror", (e) => violations.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    window.reports = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`Refused (CSP ${e.violatedDirective}): ${e.blockedURI}`),
    );
    // The portal's side: every event as it arrives, as JSON (what a portal would forward).
    document.addEventListener("preflight-report", (e) =>
      window.reports.push({ json: JSON.stringify(e.detail), bubbles: e.bubbles, composed: e.composed }),
    );
  });
  await page.goto(`${server.origin}/www/embed.html`);
  await page.evaluate(() => customElements.whenDefined("migration-preflight"));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The codes of the last event's report, after waiting for event number `n` (1-based). */
async function reportNumber(n) {
  await page.waitForFunction((n) => window.reports.length >= n, n, { timeout: 30_000 });
  const { json } = await page.evaluate((n) => window.reports[n - 1], n);
  return JSON.parse(json);
}

const codes = (report) => new Set(report.findings.map((f) => f.code));

/** The codes the element draws in its shadow root. */
function drawnCodes() {
  return page.$eval("#preflight", (el) => [...el.shadowRoot.querySelectorAll("[data-code]")].map((e) => e.dataset.code));
}

test("the attributes decide the check: a domain not in `domains` is CSV208, adfs gives PWD011", async () => {
  await page.$eval("#preflight", (el, csv) => el.checkText(csv), CSV);
  const report = await reportNumber(1);
  const northwind = report.findings.filter((f) => f.code === "CSV208");
  assert.deepEqual(northwind.map((f) => f.row), [3], "northwind.com is not in domains=\"contoso.com fabrikam.com\"");
  assert.ok(codes(report).has("PWD011"), "adfs: the passwords are not checked, said once");
  assert.equal(report.summary.mailboxes, 3);
  assert.ok((await drawnCodes()).includes("CSV208"), "the element draws the finding");
  assert.match(await page.textContent("#last-report"), /^Blocked: 3 mailboxes in 1 file \(1 batch needed\)/);
  assert.deepEqual(await page.$eval("#preflight", (el) => el.domains), ["contoso.com", "fabrikam.com"]);
});

test("property changes re-check and are reflected to the attributes", async () => {
  await page.$eval("#preflight", (el) => {
    el.domains = ["contoso.com", "fabrikam.com", "northwind.com"];
    el.adfs = false;
  });
  // Both properties set in one task: one re-check.
  const report = await reportNumber(2);
  assert.equal(codes(report).has("CSV208"), false);
  assert.equal(codes(report).has("PWD011"), false);
  assert.equal(await page.$eval("#preflight", (el) => el.getAttribute("domains")), "contoso.com fabrikam.com northwind.com");
  assert.equal(await page.$eval("#preflight", (el) => el.hasAttribute("adfs")), false);
  assert.equal(await page.evaluate(() => window.reports.length), 2);

  // The organisation's name is a banned password term: "Northwind!1" (row 4, a contoso.com
  // address) is flagged once the organisation is Northwind, not while it is Contoso.
  const pwd005 = (r) => r.findings.filter((f) => f.code === "PWD005" && f.row === 4).length;
  assert.equal(pwd005(report), 0);
  await page.$eval("#preflight", (el) => (el.organisation = "Northwind"));
  const named = await reportNumber(3);
  assert.equal(await page.$eval("#preflight", (el) => el.getAttribute("organisation")), "Northwind");
  assert.equal(pwd005(named), 1);
});

test("the event bubbles out of the shadow root with the report, and no password of the CSV", async () => {
  const events = await page.evaluate(() => window.reports);
  assert.ok(events.length >= 3);
  for (const e of events) {
    assert.equal(e.bubbles, true);
    assert.equal(e.composed, true);
    for (const secret of SECRETS) assert.equal(e.json.includes(secret), false, `the event holds ${secret}`);
    assert.equal(e.json.includes("localValue"), false);
    const report = JSON.parse(e.json);
    assert.ok(Array.isArray(report.groups) && report.groups.length > 0, "the report's groups come along");
  }
  // The element's `report` property is the same report.
  const last = await page.$eval("#preflight", (el) => JSON.stringify(el.report));
  assert.equal(last, events.at(-1).json);
});

test("a file dropped on the drop zone is checked", async () => {
  const n = await page.evaluate(() => window.reports.length);
  await page.$eval("#preflight", (el) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(["EmailAddress\r\nnot-an-address\r\n"], "wave1.csv", { type: "text/csv" }));
    el.shadowRoot.querySelector(".dropzone").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  });
  const report = await reportNumber(n + 1);
  assert.deepEqual(report.findings.filter((f) => f.code === "CSV202").map((f) => f.row), [2]);
  assert.ok((await drawnCodes()).includes("CSV202"));
});

test("a large file: Cancel stops the check (no event), the next one counts with separators", async () => {
  const n = await page.evaluate(() => window.reports.length);
  const rows = (count) => {
    const lines = ["EmailAddress"];
    for (let i = 0; i < count; i++) lines.push(`user${i}@contoso.com`);
    return lines.join("\r\n");
  };
  const cancelled = await page.$eval(
    "#preflight",
    (el, text) => {
      const done = el.checkText(text).then(() => "finished", (e) => e.name);
      const running = !el.shadowRoot.querySelector(".running").hidden;
      el.shadowRoot.querySelector(".cancel").click();
      return done.then((outcome) => ({ outcome, running, hiddenAfter: el.shadowRoot.querySelector(".running").hidden }));
    },
    rows(400_000),
  );
  assert.deepEqual(cancelled, { outcome: "AbortError", running: true, hiddenAfter: true });
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.reports.length), n, "a cancelled check fires no event");
  const report = await page.$eval("#preflight", (el, text) => el.checkText(text), rows(250_000));
  assert.equal(report.summary.mailboxes, 250_000);
  const summary = await page.$eval("#preflight", (el) => el.shadowRoot.querySelector(".summary").textContent);
  assert.match(summary, /^250,000 mailboxes in 1 file \(125 batches needed; only 100 batches can exist at once/);
  assert.equal(await page.evaluate(() => window.reports.length), n + 1);
});

test("names in the domains attribute that are not domains are named in the element", async () => {
  const before = await page.$eval("#preflight", (el) => el.getAttribute("domains"));
  const config = () => page.$eval("#preflight", (el) => {
    const note = el.shadowRoot.querySelector(".config");
    return note.hidden ? null : note.textContent;
  });
  assert.equal(await config(), null);
  await page.$eval("#preflight", (el) => el.setAttribute("domains", "contoso.com exa mple..com -bad-.com bücher.de"));
  assert.equal(
    await config(),
    'The domains attribute holds names that are not domains ("exa", "mple..com", "-bad-.com"): no address can match them.',
  );
  const report = await page.$eval("#preflight", (el) => el.checkText("EmailAddress\r\na@contoso.com\r\nb@bücher.de\r\n"));
  assert.deepEqual(report.findings.filter((f) => f.code === "CSV208"), []);
  await page.$eval("#preflight", (el, v) => el.setAttribute("domains", v), before);
  assert.equal(await config(), null);
});

test("properties a portal sets before the script defines the element are not lost", async () => {
  const early = await browser.newPage();
  try {
    // Any page of the same origin without the element's script: the server's 404 page.
    await early.goto(`${server.origin}/www/not-here.html`);
    const seen = await early.evaluate(async () => {
      const el = document.createElement("migration-preflight");
      el.domains = ["contoso.com", "northwind.com"];
      el.adfs = true;
      document.body.append(el);
      await import("/www/component.js");
      await customElements.whenDefined("migration-preflight");
      return { domains: el.getAttribute("domains"), adfs: el.hasAttribute("adfs"), list: el.domains };
    });
    assert.deepEqual(seen, { domains: "contoso.com northwind.com", adfs: true, list: ["contoso.com", "northwind.com"] });
  } finally {
    await early.close();
  }
});

test("the theme's custom properties reach inside the shadow root", async () => {
  const colour = () => page.$eval("#preflight", (el) => getComputedStyle(el.shadowRoot.querySelector(".check-text")).backgroundColor);
  const font = () => page.$eval("#preflight", (el) => getComputedStyle(el.shadowRoot.querySelector(".paste-label")).fontFamily);
  assert.equal(await colour(), "rgb(59, 47, 99)", "embed.css sets --mp-accent: #3b2f63");
  assert.match(await font(), /^Georgia/);
  await page.$eval("#preflight", (el) => el.style.setProperty("--mp-accent", "rgb(0, 90, 60)"));
  assert.equal(await colour(), "rgb(0, 90, 60)");
  await page.$eval("#preflight", (el) => el.style.removeProperty("--mp-accent"));
  // Without the portal's theme: the defaults.
  await page.$eval("#preflight", (el) => el.classList.remove("themed"));
  assert.equal(await colour(), "rgb(31, 95, 168)");
  await page.$eval("#preflight", (el) => el.classList.add("themed"));
});

test("axe-core finds no serious violation, empty and with results drawn", async () => {
  // axe-core injects its own script and styles, which the page's CSP refuses (rightly): it
  // runs in a context of its own that bypasses the CSP, so the CSP test above stays clean.
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } });
  try {
    const axePage = await context.newPage();
    await axePage.goto(`${server.origin}/www/embed.html`);
    await axePage.evaluate(() => customElements.whenDefined("migration-preflight"));
    assert.deepEqual(await seriousViolations(axePage), []);
    await axePage.$eval("#preflight", (el, csv) => el.checkText(csv), CSV);
    assert.ok((await axePage.$eval("#preflight", (el) => el.shadowRoot.querySelectorAll("[data-code]").length)) > 0);
    assert.deepEqual(await seriousViolations(axePage), []);
    // A group expanded to its rows, by keyboard-free click on its toggle.
    await axePage.$eval("#preflight", (el) => el.shadowRoot.querySelector("button[aria-expanded=false]").click());
    assert.equal(await axePage.$eval("#preflight", (el) => el.shadowRoot.querySelectorAll("button[aria-expanded=true]").length), 1);
    assert.deepEqual(await seriousViolations(axePage), []);
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await axePage.screenshot({ path: `${SHOTS}embed.png`, fullPage: true });
    }
  } finally {
    await context.close();
  }
});

test("keyboard: Tab reaches the drop zone, Enter opens the file chooser", async () => {
  // Start the focus navigation from the page's heading, before the element.
  await page.click("h1");
  let focused = null;
  for (let i = 0; i < 10 && focused !== "dropzone"; i++) {
    await page.keyboard.press("Tab");
    focused = await page.$eval("#preflight", (el) => el.shadowRoot.activeElement?.classList[0] ?? null);
  }
  assert.equal(focused, "dropzone");
  const [chooser] = await Promise.all([page.waitForEvent("filechooser", { timeout: 5_000 }), page.keyboard.press("Enter")]);
  assert.equal(chooser.isMultiple(), true);
  const n = await page.evaluate(() => window.reports.length);
  await chooser.setFiles({ name: "typed.csv", mimeType: "text/csv", buffer: Buffer.from("EmailAddress\r\na@@contoso.com\r\n") });
  const report = await reportNumber(n + 1);
  assert.deepEqual(report.findings.filter((f) => f.code === "CSV202").map((f) => f.row), [2]);
});

test("under the strict CSP: no violation, and nothing requested from another origin", () => {
  assert.deepEqual(violations, []);
  assert.deepEqual(foreign, []);
});
