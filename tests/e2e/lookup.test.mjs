// The page's promises about what leaves it, in headless Chromium: the CSP lets requests
// go only to the page's own site and to the DNS-over-HTTPS resolvers the page offers;
// the live look-up sends exactly the questions the admin confirmed; the runbook
// downloads as plain ASCII, refuses two files with the same name, and split refuses a
// row that does not match its header. Requests to the resolvers are intercepted
// (page.route) and answered here: nothing goes out to the network.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { serve } from "./server.mjs";
import { launch } from "./browser.mjs";

let server, browser, page;
/** Every request the page made to another host than its own. */
const foreign = [];
/** The questions that reached a resolver: "TYPE name". */
const asked = [];

/** The question of a DNS wire query (RFC 1035 section 4.1.2): "TYPE name". */
function question(bytes) {
  const labels = [];
  let i = 12;
  while (bytes[i] !== 0) {
    labels.push(new TextDecoder().decode(bytes.subarray(i + 1, i + 1 + bytes[i])));
    i += bytes[i] + 1;
  }
  const type = (bytes[i + 1] << 8) | bytes[i + 2];
  return `${{ 1: "A", 5: "CNAME", 15: "MX", 16: "TXT", 28: "AAAA", 33: "SRV" }[type] ?? type} ${labels.join(".")}`;
}

/** The `dns` parameter of a DoH GET, decoded from base64url. */
function query(url) {
  const b64 = new URL(url).searchParams.get("dns").replace(/-/g, "+").replace(/_/g, "/");
  return new Uint8Array(Buffer.from(b64, "base64"));
}

/** Answers a DoH query with NXDOMAIN: the query back with QR set and RCODE 3. */
function nxdomain(bytes) {
  const answer = Uint8Array.from(bytes);
  answer[2] |= 0x80;
  answer[3] = (answer[3] & 0xf0) | 3;
  return Buffer.from(answer);
}

const CORS = { "access-control-allow-origin": "*" };

before(async () => {
  server = await serve();
  browser = await launch();
  page = await browser.newPage();
  page.on("request", (r) => {
    if (!r.url().startsWith(server.origin) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) foreign.push(r.url());
  });
  // If the CSP let a request through, it would be answered: the tests then see it succeed.
  await page.route("https://example.org/**", (route) => route.fulfill({ status: 200, headers: CORS, body: "reached" }));
  await page.route(/^https:\/\/(cloudflare-dns\.com|dns\.google|dns\.quad9\.net)\/dns-query\?dns=/, (route) => {
    const bytes = query(route.request().url());
    asked.push(question(bytes));
    route.fulfill({ status: 200, headers: { ...CORS, "content-type": "application/dns-message" }, body: nxdomain(bytes) });
  });
  await page.goto(`${server.origin}/www/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Fetches `url` from the page: "reached", or "blocked by CSP" with the violation. */
function fetchFromPage(url) {
  return page.evaluate(async (url) => {
    const violations = [];
    const listen = (e) => violations.push(e.blockedURI);
    document.addEventListener("securitypolicyviolation", listen);
    let result;
    try {
      result = await (await fetch(url)).text();
    } catch (e) {
      result = `failed: ${e.message}`;
    }
    await new Promise((r) => setTimeout(r, 50));
    document.removeEventListener("securitypolicyviolation", listen);
    return { result, violations };
  }, url);
}

test("the CSP blocks a request to any other https host", async () => {
  const before = foreign.length;
  const { result, violations } = await fetchFromPage("https://example.org/collect?x=1");
  assert.match(result, /^failed/, "the request must not get through");
  assert.deepEqual(violations, ["https://example.org/collect?x=1"]);
  assert.equal(foreign.length, before, "nothing left the page");
});

test("the CSP allows exactly this site and the resolvers the page offers", async () => {
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  const connect = csp.split(";").map((d) => d.trim().split(/\s+/)).find((d) => d[0] === "connect-src").slice(1);
  const offered = await page.$$eval("#dns-resolver option", (os) => os.map((o) => new URL(o.value).origin));
  assert.ok(offered.length >= 2, offered.join());
  assert.deepEqual(connect, ["'self'", ...offered]);
  assert.ok(!connect.includes("https:") && !connect.some((s) => s.includes("*")), connect.join(" "));
});

/** Chooses a resolver (one of the offered ones). */
async function choose(url) {
  await page.$eval("#dns-resolver", (el, url) => {
    el.value = url;
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }, url);
  assert.equal(await page.inputValue("#dns-resolver"), url);
}

test("the live look-up sends exactly the confirmed questions, to the confirmed resolver", async () => {
  await page.fill("#domains", "contoso.com");
  await page.click("#dns-compare-details summary");
  await choose("https://dns.google/dns-query");
  await page.click("#dns-lookup");
  // The confirmation is drawn once the plan module and the look-up code are loaded.
  await page.waitForSelector("#dns-confirm:not([hidden])");
  const shown = await page.textContent("#dns-confirm-text");
  assert.match(shown, /to https:\/\/dns\.google\/dns-query\./);
  assert.equal(asked.length, 0, "nothing is sent before Send");
  // The admin changes the domain and the resolver after confirming, then sends.
  await page.fill("#domains", "fabrikam.com");
  await choose("https://cloudflare-dns.com/dns-query");
  const before = foreign.length;
  await page.click("#dns-send");
  await page.waitForSelector("#dns-changes");
  const listed = shown.match(/\((.*)\) to/)[1].split(", ");
  assert.ok(listed.some((q) => q === "MX contoso.com"), listed.join());
  assert.deepEqual([...asked].sort(), [...listed].sort(), "exactly the questions shown were sent");
  assert.ok(!asked.some((q) => q.includes("fabrikam")), asked.join());
  const sent = foreign.slice(before);
  assert.equal(sent.length, listed.length);
  assert.ok(sent.every((u) => u.startsWith("https://dns.google/dns-query?dns=")), sent.join("\n"));
  assert.match(await page.textContent("#dns-output"), /answers from https:\/\/dns\.google\/dns-query/);
  assert.equal(await page.isHidden("#dns-confirm"), true, "a new look-up needs a new confirmation");
  await page.fill("#domains", "contoso.com");
});

/** Drops files on the drop zone the way a browser does. */
async function drop(files) {
  await page.evaluate((files) => {
    const transfer = new DataTransfer();
    for (const { name, text } of files) transfer.items.add(new File([text], name, { type: "text/csv" }));
    document.getElementById("dropzone").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
}

test("the runbook downloads as plain ASCII, with non-ASCII names as [char] codes", async () => {
  await drop([{ name: "Migración ESPAÑA.csv", text: "EmailAddress\r\npilarp@contoso.com\r\n" }]);
  await page.waitForFunction(() => document.querySelector("#summary").textContent.startsWith("1 mailbox in 1 file"));
  const [book] = await Promise.all([page.waitForEvent("download"), page.click("#runbook")]);
  const bytes = readFileSync(await book.path());
  assert.ok(bytes.every((b) => b < 0x80), "every byte is ASCII");
  assert.match(bytes.toString("latin1"), /File = \('Migraci' \+ \[char\]0x00F3 \+ 'n ESPA' \+ \[char\]0x00D1 \+ 'A\.csv'\) \}/);
});

test("two files with the same name: the runbook is refused with the reason", async () => {
  await drop([
    { name: "wave.csv", text: "EmailAddress\r\na@contoso.com\r\n" },
    { name: "wave.csv", text: "EmailAddress\r\nb@contoso.com\r\n" },
  ]);
  await page.waitForFunction(() => document.querySelector("#summary").textContent.startsWith("2 mailboxes in 2 files"));
  await page.click("#runbook");
  assert.match(await page.textContent("#report-result"), /^Cannot make the runbook: .*files 1 and 2 are both named wave\.csv; .*rename one/);
});

test("split refuses a row with more cells than the header, and shows none of it", async () => {
  await page.fill("#csv-text", "EmailAddress,Password,ForceChangePassword\r\na@contoso.com,Kq7#vZm,Lp2x!,False\r\n");
  await page.waitForSelector("#findings .pf-group[data-code=CSV012]");
  await page.click("#split");
  await page.waitForSelector("#batches li");
  const text = await page.textContent("#batches");
  assert.match(text, /^Cannot split: mailboxes\.csv: row 2 has more or fewer cells than the header/);
  assert.ok(!/Kq7|Lp2x/.test(text), text);
  assert.equal(await page.$$eval("#batches a", (as) => as.length), 0, "no batch file is offered");
});

test("the DNS records script downloads as plain ASCII too", async () => {
  await page.fill("#domains", "españa.es");
  await page.fill("#dns-spf", "v=spf1 include:correo.españa.es ‘x’ -all");
  await page.selectOption("#dns-format", "powershell");
  const [file] = await Promise.all([page.waitForEvent("download"), page.click("#dns-download")]);
  assert.equal(file.suggestedFilename(), "dns-records.ps1");
  const bytes = readFileSync(await file.path());
  assert.ok(bytes.length > 100 && bytes.every((b) => b < 0x80), "every byte is ASCII");
  assert.match(bytes.toString("latin1"), /Add-DnsServerResourceRecord/);
  await page.fill("#domains", "contoso.com");
  await page.fill("#dns-spf", "");
});
