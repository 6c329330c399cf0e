// The DNS side of the npm package and of www/dns-lookup.js, in Node against the built
// pkg/: real results type-check against the TypeScript declarations, and a live
// DNS-over-HTTPS look-up through www/dns-lookup.js returns what the zone holds.
//
// The look-up needs the loopback servers (scripts/dns-test-servers.sh start) and
// DNS_TEST_DOH_URL; without it that test is skipped unless DNS_REQUIRE_SERVERS=1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync, copyFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { lookUp, resolverUrl, ask, base64url } from "../../www/dns-lookup.js";

const pkg = fileURLToPath(new URL("../../pkg/", import.meta.url));
const tsc = fileURLToPath(new URL("node_modules/typescript/bin/tsc", import.meta.url));
const before = readFileSync(fileURLToPath(new URL("../fixtures/dns/contoso-before.zone", import.meta.url)), "utf8");
const input = { domains: [{ name: "contoso.com", verification: "MS=ms12345678" }], initialDomain: "contoso" };

const wasm = await import(join(pkg, "migration_preflight_plan.js"));
wasm.initSync({ module: readFileSync(join(pkg, "migration_preflight_plan_bg.wasm")) });

test("DNS results type-check against the declarations", () => {
  const samples = {
    DnsPlan: wasm.dnsPlan({ ...input, onPremisesSenders: ["203.0.113.10"], firstBatch: "2025-03-03", cutover: "2025-03-31 18:00 +02:00" }),
    DnsComparison: wasm.dnsCompare(input, before),
    "DnsQuestion[]": wasm.dnsLookupQuestions(input),
    Failed: wasm.dnsCompareAnswers(input, [{ name: "contoso.com", type: "MX", error: "timeout" }], "https://resolver.example/dns-query"),
  };
  assert.ok(samples.DnsComparison.changes.length > 10);
  const dir = mkdtempSync(join(tmpdir(), "mp-dns-types-"));
  copyFileSync(join(pkg, "migration_preflight_plan.d.ts"), join(dir, "migration_preflight_plan.d.ts"));
  const lines = ['import type { DnsPlan, DnsComparison, DnsQuestion } from "./migration_preflight_plan";'];
  for (const [type, value] of Object.entries(samples)) {
    const declared = type === "Failed" ? "DnsComparison" : type;
    lines.push(`export const sample${type.replace(/\W/g, "")}: ${declared} = ${JSON.stringify(value)};`);
  }
  writeFileSync(join(dir, "check.ts"), lines.join("\n"));
  try {
    execFileSync(process.execPath, [tsc, "--strict", "--noEmit", "--target", "es2020", "--moduleResolution", "node", join(dir, "check.ts")], { encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc rejected the real DNS results:\n${e.stdout}`);
  }
});

test("resolver URLs: HTTPS, or plain HTTP to this machine only", () => {
  assert.equal(resolverUrl(" https://dns.example/dns-query?dns=x#y ").href, "https://dns.example/dns-query");
  assert.equal(resolverUrl("http://127.0.0.1:15380/dns-query").protocol, "http:");
  assert.throws(() => resolverUrl("http://dns.example/dns-query"), /https/);
  assert.throws(() => resolverUrl("https://user:pw@dns.example/"), /password/);
  assert.throws(() => resolverUrl("not a url"), /not a URL/);
  assert.equal(base64url(new Uint8Array([0xfb, 0xff, 0xfe, 0])), "-__-AA");
});

test("a resolver that never answers is a timeout, a refused request a network error", async () => {
  const url = resolverUrl("https://resolver.example/dns-query");
  const never = (request, { signal }) =>
    new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
  // Node does not keep the process alive for AbortSignal.timeout alone.
  const alive = setInterval(() => {}, 1000);
  const late = await ask(wasm, url, { name: "contoso.com", type: "MX" }, { timeoutMs: 50, fetch: never });
  clearInterval(alive);
  assert.deepEqual(late, { name: "contoso.com", type: "MX", error: "timeout" });
  const refused = async () => { throw new TypeError("Failed to fetch"); };
  const comparison = await lookUp(wasm, url, input, { fetch: refused });
  assert.equal(comparison.findings[0].code, "DNS045");
  assert.match(comparison.findings[0].message, /^https:\/\/resolver\.example\/dns-query could not be reached/);
  let asked = null;
  const spy = async (request, init) => { asked = { url: String(request), init }; return new Response(null, { status: 502 }); };
  await ask(wasm, url, { name: "contoso.com", type: "MX" }, { fetch: spy });
  assert.match(asked.url, /^https:\/\/resolver\.example\/dns-query\?dns=AAABAAABAAAAAAAB/);
  assert.equal(asked.init.headers.accept, "application/dns-message");
  assert.equal(asked.init.credentials, "omit");
});

test("a DNS-over-HTTPS look-up returns what the zone holds", { skip: !process.env.DNS_TEST_DOH_URL && !process.env.DNS_REQUIRE_SERVERS && "DNS_TEST_DOH_URL not set (scripts/dns-test-servers.sh start)" }, async () => {
  assert.ok(process.env.DNS_TEST_DOH_URL, "DNS_TEST_DOH_URL is not set");
  const live = await lookUp(wasm, process.env.DNS_TEST_DOH_URL, input);
  const fromZone = wasm.dnsCompare(input, before);
  assert.deepEqual(live.changes, fromZone.changes);
  assert.deepEqual(live.findings, fromZone.findings);
});

test("lookUp sends exactly the questions it is given (what the admin confirmed)", async () => {
  const sent = [];
  const spy = async (request) => {
    sent.push(String(request));
    return new Response(null, { status: 502 });
  };
  const confirmed = [{ name: "contoso.com", type: "MX" }];
  const comparison = await lookUp(wasm, "https://resolver.example/dns-query", input, { fetch: spy, questions: confirmed });
  assert.equal(sent.length, 1);
  assert.match(sent[0], /^https:\/\/resolver\.example\/dns-query\?dns=/);
  assert.ok(comparison.findings.some((f) => f.code === "DNS045"));
});
