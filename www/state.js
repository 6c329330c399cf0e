// The page's one state: the assessment (the documented assessment JSON). Every answer on
// the page reads from and writes to it, each answer is asked once, and check, fix, split,
// DNS, report and runbook all read it. It holds answers about the organisation only,
// never a password or CSV content, so it is also kept in this browser's localStorage and
// is there again when the page is opened tomorrow.

const STORAGE_KEY = "migration-preflight.assessment";
const target = new EventTarget();
let data = {};

/** The value at a dotted path (`tenant.verifiedDomains`), or undefined. */
export function get(path) {
  return path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), data);
}

/** Sets (or, with undefined, removes) the value at a dotted path, then tells listeners. */
export function set(path, value) {
  const keys = path.split(".");
  const last = keys.pop();
  let o = data;
  for (const k of keys) {
    if (o[k] == null || typeof o[k] !== "object") o[k] = {};
    o = o[k];
  }
  if (value === undefined || value === null) delete o[last];
  else o[last] = value;
  changed(path);
}

/** Replaces the whole state with a parsed assessment (an object). */
export function replace(object) {
  data = object && typeof object === "object" && !Array.isArray(object) ? structuredClone(object) : {};
  changed(null);
}

/** The assessment schema version this build writes (set from the core's template). */
let schemaVersion;

/**
 * Sets the schema version the answers are written with. Later versions only add fields,
 * so answers loaded from an older file are written as this build's version.
 */
export function setSchemaVersion(version) {
  schemaVersion = version;
}

/** The state as assessment JSON text, for the core and for "Save answers". */
export function toJson() {
  const { schemaVersion: loaded, ...answers } = data;
  return JSON.stringify({ schemaVersion: schemaVersion ?? loaded, ...answers }, null, 2);
}

/** Calls `listener(path)` after every change; `path` is null when everything changed. */
export function onChange(listener) {
  target.addEventListener("change", (e) => listener(e.detail));
}

function changed(path) {
  try {
    localStorage.setItem(STORAGE_KEY, toJson());
  } catch {
    // Storage off or full: the answers still work on this page, they are just not kept.
  }
  target.dispatchEvent(new CustomEvent("change", { detail: path }));
}

/** Restores the answers kept in this browser, if any; returns whether there were some. */
export function restore() {
  try {
    const kept = localStorage.getItem(STORAGE_KEY);
    if (!kept) return false;
    const parsed = JSON.parse(kept);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return false;
    data = parsed;
    target.dispatchEvent(new CustomEvent("change", { detail: null }));
    return true;
  } catch {
    return false;
  }
}

/** Forgets every answer, here and in localStorage. */
export function clear() {
  data = {};
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing kept.
  }
  target.dispatchEvent(new CustomEvent("change", { detail: null }));
}

/** The CSV check's options, read from the answers. */
export function checkOptions() {
  return {
    domains: get("tenant.verifiedDomains") ?? [],
    federated: get("tenant.federatedSso") === "yes",
    bannedTerms: get("tenant.customBannedPasswords") ?? [],
    tenantName: get("organisation") || null,
  };
}

// ---- Binding inputs ----------------------------------------------------------------

/** The browser's UTC offset now, as "+01:00". */
export function browserOffset() {
  const minutes = -new Date().getTimezoneOffset();
  return offsetText(minutes);
}

function offsetText(minutes) {
  const sign = minutes < 0 ? "-" : "+";
  const m = Math.abs(minutes);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

function offsetMinutes(text) {
  if (!text || /^z$/i.test(text) || /^utc$/i.test(text)) return 0;
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(text.trim());
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : null;
}

/** The offset dates are written with: the answers' `utcOffset`, else the browser's. */
export function zone() {
  const chosen = get("utcOffset");
  if (typeof chosen !== "string" || offsetMinutes(chosen) == null) return browserOffset();
  return /^(z|utc)$/i.test(chosen.trim()) ? "+00:00" : chosen.trim();
}

/** The offsets a person can choose, "-12:00" … "+14:00", as [value, label]. */
export function offsetChoices() {
  const minutes = [];
  for (let h = -12; h <= 14; h++) minutes.push(h * 60);
  minutes.push(-570, -210, 210, 270, 330, 345, 390, 525, 570, 630, 765, 825);
  return minutes.sort((a, b) => a - b).map((m) => [offsetText(m), `UTC${offsetText(m)}`]);
}

/** An RFC 3339 date shown as a datetime-local value in the chosen zone. */
function toLocal(value) {
  const shifted = new Date(Date.parse(value) + offsetMinutes(zone()) * 60_000);
  // A date the picker cannot show (unreadable, or past the year 9999) shows empty; the
  // answer itself is kept, and the report says what is wrong with it.
  const year = shifted.getUTCFullYear();
  return Number.isFinite(shifted.getTime()) && year >= 1 && year <= 9999 ? shifted.toISOString().slice(0, 16) : "";
}

/** A datetime-local value, read in the chosen zone, as RFC 3339 with offset. */
function fromLocal(local) {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00${zone()}` : undefined;
}

/** Splits a typed list of names at commas, semicolons and spaces. */
export function splitList(text) {
  return text.split(/[\s,;]+/).filter(Boolean);
}

/**
 * Reads what the person typed into the value the assessment holds. Throws an Error in the
 * admin's words when it cannot be read.
 */
function parse(kind, raw, label) {
  const text = raw.trim();
  if (text === "" || text === "unknown") return undefined;
  switch (kind) {
    case "number": {
      if (!/^\d+$/.test(text)) throw new Error(`${label}: write a whole number, e.g. 3600, or leave it empty if you do not know it.`);
      const n = Number(text);
      if (n > 4_294_967_295) throw new Error(`${label}: ${n.toLocaleString("en")} is more than any real value; check the number.`);
      return n;
    }
    case "list":
      return splitList(text);
    case "date": {
      const value = fromLocal(text);
      if (!value) throw new Error(`${label}: choose a date and a time.`);
      return value;
    }
    default:
      return text;
  }
}

function show(input, kind, value) {
  if (kind === "date") input.value = typeof value === "string" ? toLocal(value) : "";
  else if (value == null) input.value = input.tagName === "SELECT" ? "unknown" : "";
  else if (value === true || value === false) input.value = value ? "yes" : "no";
  else input.value = Array.isArray(value) ? value.join(", ") : String(value);
  // A select without the value (a hand-written file): show "unknown" rather than nothing.
  if (input.tagName === "SELECT" && input.selectedIndex < 0) input.value = "unknown";
}

/**
 * Binds every element with `data-path` under `root` to the state: it shows the answer and
 * writes what is typed. `data-kind` is text (default), list, number or date; a select
 * holds its choices. `onError(input, message)` shows a value that cannot be read.
 */
export function bind(root, onError) {
  const inputs = [...root.querySelectorAll("[data-path]")];
  for (const input of inputs) {
    const path = input.dataset.path;
    const kind = input.dataset.kind ?? "text";
    const label = input.dataset.label ?? input.closest("label")?.querySelector("span")?.textContent ?? path;
    const write = () => {
      try {
        const value = parse(kind, input.value, label.trim());
        onError(input, null);
        if (JSON.stringify(value) !== JSON.stringify(get(path))) set(path, value);
      } catch (e) {
        onError(input, e.message);
      }
    };
    // Every keystroke counts: an answer typed is used even before the field is left.
    input.addEventListener("input", write);
    input.addEventListener("change", write);
  }
  const refresh = (path) => {
    for (const input of inputs) {
      const p = input.dataset.path;
      const kind = input.dataset.kind ?? "text";
      // The zone changes how every date is shown: refresh them too.
      if (path === null || path === p || (path === "utcOffset" && kind === "date")) {
        if (document.activeElement === input && path === p) continue;
        show(input, kind, get(p));
        if (path === null) onError(input, null);
      }
    }
  };
  onChange(refresh);
  refresh(null);
}

/**
 * Chooses the zone the dates are written in (`utcOffset`), keeping the times as shown:
 * the admin is saying which zone the times they typed are in.
 */
export function setZone(offset) {
  const from = offsetMinutes(zone());
  data.utcOffset = offset;
  const walk = (o, path) => {
    for (const [k, v] of Object.entries(o)) {
      const p = path ? `${path}.${k}` : k;
      if (v && typeof v === "object" && !Array.isArray(v)) walk(v, p);
      else if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$/i.test(v) && from != null) {
        const shifted = new Date(Date.parse(v) + from * 60_000);
        const year = shifted.getUTCFullYear();
        if (Number.isFinite(shifted.getTime()) && year >= 1 && year <= 9999) o[k] = `${shifted.toISOString().slice(0, 16)}:00${zone()}`;
      }
    }
  };
  walk(data, "");
  changed(null);
}
