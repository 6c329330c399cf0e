// The findings of a check, grouped by code (the core's grouping, report.groups): one line
// per code with its severity, title, count, place and help, expandable to its rows.
// Filters (severity, code, column) and a search over the messages; the counts stay in
// view ("12 of 3,511 findings shown"). Rows are drawn a page at a time (200, then "Show
// more"), so 10,000 findings draw as fast as 10.
//
// It takes a container element and touches nothing outside it (no document.getElementById,
// ids made unique per view), so it works in the page and in a shadow root; its styles are
// findings.css. Cell content reaches the DOM only as text, never as markup.

import { count, thousands } from "./count.js";

/** Rows drawn per expanded group before "Show more". */
export const PAGE_SIZE = 200;

/** Debounce of the search box, so typing in a long list stays smooth. */
const SEARCH_DELAY_MS = 120;

const SEVERITIES = [
  ["error", "Errors", "Error"],
  ["warning", "Warnings", "Warning"],
  ["info", "Info", "Info"],
];

let views = 0;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("data-") || key.startsWith("aria-") || key === "role" || key === "for") node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children);
  return node;
}

/**
 * The offending cell, behind a click: it may be a password from a shifted column, so it
 * is shown only on this screen, on request, and never goes into a download.
 */
function localValue(value) {
  const details = el("details", { class: "local-value" });
  const summary = el("summary", { text: "Show the cell (this screen only)" });
  // Quotes make spaces and empty text visible.
  details.append(summary, el("code", { text: JSON.stringify(value) }));
  return details;
}

/** Where a group's findings are: "rows 2–14, 20; EmailAddress" (the core's lists). */
function place(group) {
  const parts = [];
  if (group.files?.length && !(group.rows ?? "").includes(": ")) {
    parts.push(group.files.join(", ") + (group.moreFiles ? ` and up to ${count(group.moreFiles, "more file")}` : ""));
  }
  if (group.rows) parts.push(`${/^\d+$/.test(group.rows) ? "row" : "rows"} ${group.rows}`);
  if (group.columns?.length) {
    parts.push(group.columns.join(", ") + (group.moreColumns ? ` and up to ${count(group.moreColumns, "more column")}` : ""));
  }
  return parts.join("; ");
}

/**
 * Draws `report.groups` (and the rows of `report.findings`) into `container`, replacing
 * what it held. `onChange({ shown, total })` is called after the first draw and after
 * every filter change. Returns the view: `{ element, shown(), expand(code), filter(f) }`
 * where `filter({ severities, code, column, search })` sets filters as a person would.
 */
export function renderFindings(container, report, { onChange } = {}) {
  const prefix = `pf${++views}`;
  const findings = report.findings ?? [];
  const groups = report.groups ?? [];
  const manyFiles = findings.some((f) => f.file != null);

  // The findings of each code, in report order (one pass).
  const byCode = new Map(groups.map((g) => [g.code, []]));
  for (const f of findings) {
    if (!byCode.has(f.code)) byCode.set(f.code, []);
    byCode.get(f.code).push(f);
  }
  const severityCount = { error: 0, warning: 0, info: 0 };
  const columns = new Map();
  for (const f of findings) {
    severityCount[f.severity] = (severityCount[f.severity] ?? 0) + 1;
    if (f.column != null) columns.set(f.column, (columns.get(f.column) ?? 0) + 1);
  }
  let lowered = null; // messages in lower case, made on the first search

  const filters = { severities: new Set(SEVERITIES.map(([s]) => s)), code: "", column: "", search: "" };
  const matches = (f) =>
    filters.severities.has(f.severity) &&
    (!filters.code || f.code === filters.code) &&
    (!filters.column || f.column === filters.column) &&
    (!filters.search || lowered.get(f).includes(filters.search));

  // ---- Filters --------------------------------------------------------------------
  const severityBoxes = SEVERITIES.map(([severity, plural]) => {
    const box = el("input", { type: "checkbox", checked: true, value: severity, "data-severity": severity });
    return { box, label: el("label", { class: `pf-severity-filter pf-${severity}` }, box, ` ${plural} (${thousands(severityCount[severity] ?? 0)})`) };
  });
  const codeSelect = el("select", { class: "pf-code-filter", id: `${prefix}-code` }, el("option", { value: "", text: "All codes" }));
  for (const g of groups) codeSelect.append(el("option", { value: g.code, text: `${g.code} ${g.title} (${thousands(g.count)})` }));
  const columnSelect = el("select", { class: "pf-column-filter", id: `${prefix}-column` }, el("option", { value: "", text: "All columns" }));
  for (const [name, n] of columns) columnSelect.append(el("option", { value: name, text: `${name} (${thousands(n)})` }));
  const search = el("input", { type: "search", class: "pf-search", id: `${prefix}-search`, autocomplete: "off", spellcheck: false });

  const filterBar = el(
    "div",
    // "filters": the page's own name for it too (style.css hides it in print).
    { class: "pf-filters filters" },
    el("fieldset", { class: "pf-severities" }, el("legend", { text: "Severity" }), ...severityBoxes.map((s) => s.label)),
    el("label", { class: "pf-field", for: codeSelect.id }, el("span", { text: "Code" }), codeSelect),
    el("label", { class: "pf-field", for: columnSelect.id }, el("span", { text: "Column" }), columnSelect),
    el("label", { class: "pf-field", for: search.id }, el("span", { text: "Search the messages" }), search),
  );
  const shownLine = el("p", { class: "pf-shown", role: "status" });
  const list = el("ul", { class: "pf-groups" });

  // ---- Groups ---------------------------------------------------------------------
  const items = groups.map((group, index) => {
    const rowsId = `${prefix}-rows-${index}`;
    const countText = el("span", { class: "pf-count" });
    const toggle = el(
      "button",
      { type: "button", class: "pf-toggle", "aria-expanded": "false", "aria-controls": rowsId },
      el("span", { class: "pf-severity", text: SEVERITIES.find(([s]) => s === group.severity)?.[2] ?? group.severity }),
      " ",
      el("span", { class: "pf-code", text: group.code }),
      " ",
      el("span", { class: "pf-title", text: group.title || group.message }),
      " ",
      countText,
    );
    const body = el("tbody");
    const head = el("tr");
    for (const name of [...(manyFiles ? ["File"] : []), "Row", "Column", "Finding"]) head.append(el("th", { scope: "col", text: name }));
    const more = el("button", { type: "button", class: "pf-more" });
    const moreLine = el("p", { class: "pf-more-line" }, more);
    const rows = el("div", { class: "pf-rows", id: rowsId, hidden: true }, el("table", { class: "pf-table" }, el("thead", {}, head), body), moreLine);
    const where = place(group);
    const li = el(
      "li",
      { class: `pf-group pf-${group.severity}`, "data-code": group.code, "data-severity": group.severity },
      toggle,
      ...(where ? [el("p", { class: "pf-place", text: where })] : []),
      ...(group.count === 1 || !group.title ? [el("p", { class: "pf-message", text: group.message })] : []),
      el("p", { class: "pf-help" }, el("span", { class: "pf-help-label", text: "How to fix: " }), group.help),
    );
    li.append(rows);
    const item = { group, li, toggle, countText, body, rows, more, moreLine, matched: [], drawn: 0 };
    toggle.addEventListener("click", () => setExpanded(item, toggle.getAttribute("aria-expanded") !== "true"));
    more.addEventListener("click", () => drawMore(item));
    return item;
  });
  list.append(...items.map((i) => i.li));

  function row(f) {
    const tr = el("tr", { class: `pf-finding pf-${f.severity}`, "data-code": f.code, "data-severity": f.severity });
    if (manyFiles) tr.append(el("td", { class: "pf-file", text: f.file ?? "" }));
    tr.append(
      el("td", { class: "pf-row", text: f.row == null ? "" : String(f.row) }),
      el("td", { class: "pf-column", text: f.column ?? "" }),
    );
    const message = el("td", { class: "pf-message" }, el("span", { text: f.message }));
    if (f.localValue != null) message.append(localValue(f.localValue));
    tr.append(message);
    return tr;
  }

  function drawMore(item) {
    const next = item.matched.slice(item.drawn, item.drawn + PAGE_SIZE);
    item.body.append(...next.map(row));
    item.drawn += next.length;
    const left = item.matched.length - item.drawn;
    item.moreLine.hidden = left <= 0;
    item.more.textContent = `Show ${thousands(Math.min(left, PAGE_SIZE))} more (${thousands(item.drawn)} of ${thousands(item.matched.length)} shown)`;
  }

  function setExpanded(item, open) {
    item.toggle.setAttribute("aria-expanded", String(open));
    item.rows.hidden = !open;
    item.li.classList.toggle("pf-open", open);
    if (open && item.drawn === 0) drawMore(item);
    if (!open) {
      item.body.replaceChildren();
      item.drawn = 0;
    }
  }

  let shown = 0;
  function apply() {
    if (filters.search && !lowered) lowered = new Map(findings.map((f) => [f, f.message.toLowerCase()]));
    shown = 0;
    for (const item of items) {
      const all = byCode.get(item.group.code) ?? [];
      item.matched = all.filter(matches);
      shown += item.matched.length;
      item.li.hidden = item.matched.length === 0;
      item.countText.textContent =
        item.matched.length === all.length
          ? count(all.length, "finding")
          : `${thousands(item.matched.length)} of ${count(all.length, "finding")}`;
      if (item.toggle.getAttribute("aria-expanded") === "true") {
        item.body.replaceChildren();
        item.drawn = 0;
        drawMore(item);
      }
    }
    shownLine.textContent = `${thousands(shown)} of ${count(findings.length, "finding")} shown`;
    onChange?.({ shown, total: findings.length });
  }

  for (const { box } of severityBoxes) {
    box.addEventListener("change", () => {
      if (box.checked) filters.severities.add(box.value);
      else filters.severities.delete(box.value);
      apply();
    });
  }
  codeSelect.addEventListener("change", () => ((filters.code = codeSelect.value), apply()));
  columnSelect.addEventListener("change", () => ((filters.column = columnSelect.value), apply()));
  let timer;
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      filters.search = search.value.trim().toLowerCase();
      apply();
    }, SEARCH_DELAY_MS);
  });

  const element = el("div", { class: `pf-findings${manyFiles ? " pf-many-files" : ""}` }, filterBar, shownLine, list);
  container.replaceChildren(element);
  apply();

  return {
    element,
    /** `{ shown, total }`: the findings the filters let through, and all of them. */
    shown: () => ({ shown, total: findings.length }),
    /** Expands (or with `open` false collapses) the group of `code`. */
    expand(code, open = true) {
      const item = items.find((i) => i.group.code === code);
      if (item) setExpanded(item, open);
    },
    /** Sets filters at once (severities: an array); the others keep their values. */
    filter({ severities, code, column, search: text } = {}) {
      if (severities) {
        filters.severities = new Set(severities);
        for (const { box } of severityBoxes) box.checked = filters.severities.has(box.value);
      }
      if (code !== undefined) filters.code = codeSelect.value = code;
      if (column !== undefined) filters.column = columnSelect.value = column;
      if (text !== undefined) {
        search.value = text;
        filters.search = text.trim().toLowerCase();
      }
      apply();
    },
  };
}
