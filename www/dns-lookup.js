// Live DNS look-ups from the page: DNS-over-HTTPS (RFC 8484) GET requests to a resolver
// the admin chose. This is the only place the tool talks to the network, and only
// when lookUp() is called: show the resolver URL (resolverUrl() normalises it) and let
// the admin confirm before calling it. The WebAssembly module builds the queries and
// reads the answers; this module only carries the bytes.
//
//   import init, * as wasm from "../pkg/migration_preflight.js";
//   import { lookUp, resolverUrl } from "./dns-lookup.js";
//   await init();
//   const url = resolverUrl("https://cloudflare-dns.com/dns-query"); // show url.href first
//   const comparison = await lookUp(wasm, url, { domains: [{ name: "contoso.com" }] });
//   // comparison: DnsComparison { plan, changes, findings }, as dnsCompare returns.

/** Default wait for each answer, in milliseconds. */
export const TIMEOUT_MS = 5000;

/**
 * Checks a resolver URL typed by the admin and returns it as a URL. HTTPS is required,
 * except plain HTTP to this machine (127.0.0.1, ::1, localhost) for local resolvers and
 * tests. Throws an Error saying what is wrong.
 * @param {string | URL} text
 * @returns {URL}
 */
export function resolverUrl(text) {
  let url;
  try {
    url = new URL(String(text).trim());
  } catch {
    throw new Error(`"${text}" is not a URL; a DNS-over-HTTPS resolver looks like https://cloudflare-dns.com/dns-query`);
  }
  const loopback = ["127.0.0.1", "[::1]", "localhost"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new Error(`${url.href}: use https:// (plain http:// only to this machine)`);
  }
  if (url.username || url.password) {
    throw new Error(`${url.href}: a resolver URL carries no user name or password`);
  }
  url.hash = "";
  url.searchParams.delete("dns");
  return url;
}

/** Bytes as base64url without padding (RFC 4648 section 5), as RFC 8484 wants. */
export function base64url(bytes) {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Sends one question and returns what came back, in the shape dnsCompareAnswers takes:
 * `{ name, type, bytes }`, or `{ name, type, error }` with error "timeout" or a reason.
 * @param {object} wasm  the initialised module (needs dnsQuery)
 * @param {URL} url      from resolverUrl()
 * @param {{name: string, type: string}} question
 * @param {{timeoutMs?: number, fetch?: typeof fetch}} [options]
 */
export async function ask(wasm, url, { name, type }, { timeoutMs = TIMEOUT_MS, fetch: fetchFn = globalThis.fetch } = {}) {
  const request = new URL(url);
  request.searchParams.set("dns", base64url(wasm.dnsQuery(name, type)));
  try {
    const response = await fetchFn(request, {
      method: "GET",
      headers: { accept: "application/dns-message" },
      credentials: "omit",
      referrerPolicy: "no-referrer",
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      return { name, type, error: `HTTP ${response.status} ${response.statusText}`.trim() };
    }
    return { name, type, bytes: new Uint8Array(await response.arrayBuffer()) };
  } catch (e) {
    if (e && (e.name === "TimeoutError" || e.name === "AbortError")) {
      return { name, type, error: "timeout" };
    }
    // Browsers report refused connections and CORS refusals alike as a TypeError.
    return { name, type, error: `network error (${e && e.message ? e.message : e}); check the URL, and that the resolver allows requests from web pages (CORS)` };
  }
}

/**
 * Looks up what the plan needs (MX, TXT, Autodiscover, DKIM) and compares it with the
 * plan. Queries run in parallel; failures become findings, not exceptions.
 * @param {object} wasm   the initialised module
 * @param {URL | string} resolver  the resolver URL the admin confirmed
 * @param {object} input  DnsPlanInput
 * @param {{timeoutMs?: number, fetch?: typeof fetch, questions?: {name: string, type: string}[]}} [options]
 *   `questions`: exactly what to send, as shown to the admin (default:
 *   wasm.dnsLookupQuestions(input))
 * @returns {Promise<object>} DnsComparison
 */
export async function lookUp(wasm, resolver, input, options = {}) {
  const url = resolver instanceof URL ? resolver : resolverUrl(resolver);
  const questions = options.questions ?? wasm.dnsLookupQuestions(input);
  const answers = await Promise.all(questions.map((q) => ask(wasm, url, q, options)));
  return wasm.dnsCompareAnswers(input, answers, url.href);
}
