// The DNS panel: plan the records for the migration, compare them with a pasted zone
// file, and (only when the admin asks, after seeing where) look them up live through
// DNS-over-HTTPS.
import { download } from "./download.js";
import { plan, whenShown } from "./plan.js";
import { toJson } from "./state.js";

const $ = (id) => document.getElementById(id);

/**
 * The plan input (DnsPlanInput), from the answers by the core's one mapping (the CLI's
 * `dns --assessment` and the report use it too): the domains are step 1's verified domains.
 */
function input(wasm) {
  const plan = wasm.dnsPlanInputFromAssessment(toJson());
  if (plan.domains.length === 0) {
    throw new Error("Give the domains first: step 1, Tenant, Verified domains.");
  }
  return plan;
}

function cells(row, values, numeric) {
  for (const [i, value] of values.entries()) {
    const td = document.createElement("td");
    td.textContent = value == null ? "" : String(value);
    if (numeric.includes(i)) td.className = "number";
    row.append(td);
  }
  return row;
}

/** A table; the columns at the indexes in `numeric` hold numbers (never wrapped). */
function table(id, head, numeric, rows) {
  const t = document.createElement("table");
  t.id = id;
  const tr = document.createElement("tr");
  for (const h of head) {
    const th = document.createElement("th");
    th.textContent = h;
    tr.append(th);
  }
  t.createTHead().append(tr);
  const body = t.createTBody();
  for (const r of rows) body.append(cells(document.createElement("tr"), r, numeric));
  return t;
}

function findingsList(findings) {
  const ul = document.createElement("ul");
  ul.className = "dns-findings";
  for (const f of findings) {
    const li = document.createElement("li");
    li.className = f.severity;
    li.dataset.code = f.code;
    li.textContent = `${f.severity} ${f.code}: ${f.message} ${f.help}`;
    ul.append(li);
  }
  return ul;
}

function show(...nodes) {
  $("dns-output").replaceChildren(...nodes);
}

function showPlan(plan) {
  const records = table(
    "dns-records",
    ["Phase", "Name", "Type", "Value", "Priority", "TTL", "Why"],
    [4, 5],
    plan.records.map((r) => [r.phase, r.name, r.type, r.value, r.priority, r.ttl, r.purpose]),
  );
  const steps = document.createElement("ol");
  for (const s of plan.steps) {
    const li = document.createElement("li");
    li.textContent = s.when ? `${s.when}: ${s.text}` : s.text;
    steps.append(li);
  }
  show(findingsList(plan.findings), records, steps);
}

function showComparison(comparison, source) {
  const heading = document.createElement("p");
  heading.className = "note";
  heading.textContent = `Compared with ${source}.`;
  const changes = table(
    "dns-changes",
    ["Action", "Phase", "Name", "Type", "Published now", "Wanted", "Why"],
    [],
    comparison.changes.map((c) => [
      c.action,
      c.phase,
      c.name,
      c.type,
      c.current ? `${c.current.value} (TTL ${c.current.ttl})` : "",
      c.wanted ? c.wanted.value : "",
      c.reason,
    ]),
  );
  for (const [i, c] of comparison.changes.entries()) changes.tBodies[0].rows[i].dataset.action = c.action;
  show(heading, findingsList(comparison.findings), changes);
}

function guard(fn) {
  return async () => {
    try {
      await fn();
    } catch (e) {
      const p = document.createElement("p");
      p.className = "alert";
      p.textContent = e.message ?? String(e);
      show(p);
    }
  };
}

/**
 * Wires the panel to the plan module (plan.js), which is loaded when the section comes
 * into view or a button of it is pressed.
 */
export function wireDns() {
  whenShown($("step-dns"));
  $("dns-plan").addEventListener(
    "click",
    guard(async () => {
      const wasm = await plan();
      showPlan(wasm.dnsPlan(input(wasm)));
    }),
  );
  $("dns-download").addEventListener(
    "click",
    guard(async () => {
      const wasm = await plan();
      const format = $("dns-format").value;
      const ext = { zone: "zone", powershell: "ps1", table: "txt" }[format];
      download(`dns-records.${ext}`, wasm.dnsRender(input(wasm), format));
    }),
  );
  $("dns-compare").addEventListener(
    "click",
    guard(async () => {
      const wasm = await plan();
      showComparison(wasm.dnsCompare(input(wasm), $("dns-zone").value), "the pasted zone file");
    }),
  );
  // Live look-up: first say exactly what would be sent where, then send only on "Send",
  // and send exactly that: the questions, the form they were made from and the resolver
  // are kept as they were at confirmation, whatever is edited before "Send".
  let confirmed = null;
  $("dns-lookup").addEventListener(
    "click",
    guard(async () => {
      confirmed = null;
      $("dns-confirm").hidden = true;
      const [wasm, { resolverUrl }] = await Promise.all([plan(), import("./dns-lookup.js")]);
      const url = resolverUrl($("dns-resolver").value);
      const form = input(wasm);
      const questions = wasm.dnsLookupQuestions(form);
      $("dns-confirm-text").textContent =
        `This sends ${questions.length} DNS queries (${questions.map((q) => `${q.type} ${q.name}`).join(", ")}) ` +
        `to ${url.href}. Nothing else leaves the page.`;
      confirmed = Object.freeze({ url, form: structuredClone(form), questions: structuredClone(questions) });
      $("dns-confirm").hidden = false;
      $("dns-confirm").dataset.url = url.href;
    }),
  );
  $("dns-send").addEventListener(
    "click",
    guard(async () => {
      const sending = confirmed;
      confirmed = null;
      $("dns-confirm").hidden = true;
      if (!sending) return;
      const { url, form, questions } = sending;
      // The look-up code loads only when asked for (not in the first view).
      const [wasm, { lookUp }] = await Promise.all([plan(), import("./dns-lookup.js")]);
      showComparison(await lookUp(wasm, url, form, { questions }), `the answers from ${url.href}`);
    }),
  );
  $("dns-cancel").addEventListener("click", () => {
    confirmed = null;
    $("dns-confirm").hidden = true;
  });
}
