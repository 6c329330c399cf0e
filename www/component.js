// <migration-preflight>: the CSV check as a custom element for a portal. One script tag
// and one line of markup:
//
//   <script type="module" src="/preflight/www/component.js"></script>
//   <migration-preflight domains="contoso.com fabrikam.com" organisation="Contoso" adfs></migration-preflight>
//
// Shadow DOM, themed through CSS custom properties (component.css: --mp-accent, --mp-font,
// --mp-bg, --mp-fg, --mp-muted, --mp-line, --mp-error, --mp-warning, --mp-info, --mp-radius).
// It checks in the page's Web Worker (check-client.js), draws the grouped findings with
// findings-view.js, and fires `preflight-report` (bubbles, composed) with the report.
// No inline script or style: it runs under a portal's strict CSP (README, "Embedding in a
// portal"). The check asks for no local values, so the report it fires holds no cell.

import { check } from "./check-client.js";
import { renderFindings } from "./findings-view.js";
import { batchesText, count } from "./count.js";

// Literal URLs, so the offline build (scripts/build-offline.mjs) can find and inline them.
const STYLES = [new URL("./component.css", import.meta.url).href, new URL("./findings.css", import.meta.url).href];

const VERDICT_TEXT = {
  ready: "Ready: no errors, no warnings.",
  warnings: "Warnings: the batch can run, but read the warnings first.",
  blocked: "Blocked: fix the errors before creating the batch.",
};

/** The shadow root's markup: static text only, never a value from the host page or a file. */
const MARKUP = `
<section class="mp" part="panel">
  <div class="dropzone" part="dropzone" tabindex="0" role="button" aria-describedby="mp-dz-note">
    <strong>Drop CSV files here or choose files</strong>
    <input class="file-input" type="file" accept=".csv,.txt,text/csv,text/plain" multiple hidden>
  </div>
  <p id="mp-dz-note" class="note">Several files are checked as one migration. Nothing leaves this page.</p>
  <label class="paste-label" for="mp-text">Or paste the CSV text</label>
  <textarea id="mp-text" class="paste" rows="5" spellcheck="false" autocomplete="off"></textarea>
  <div class="buttons">
    <button class="check-text" type="button">Check the text</button>
  </div>
  <div class="running" hidden>
    <label for="mp-progress" class="progress-label">Checking…</label>
    <progress id="mp-progress" class="progress"></progress>
    <button class="cancel" type="button">Cancel</button>
  </div>
  <p class="config" role="alert" hidden></p>
  <p class="error" role="alert" hidden></p>
  <div class="result" aria-live="polite" hidden>
    <p class="verdict" part="verdict"></p>
    <p class="summary" part="summary"></p>
    <div class="findings"></div>
  </div>
</section>`;

/** The `domains` attribute as a list: names separated by spaces or commas. */
function parseDomains(text) {
  return (text ?? "").split(/[\s,;]+/).filter(Boolean);
}

/** A name that can be a domain: dot-separated labels of letters, digits and inner hyphens. */
const DOMAIN = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)(\.(?!-)[\p{L}\p{N}-]{1,63}(?<!-))+\.?$/u;

/** The names of a `domains` list that cannot be domains (the portal's typing, never a file's). */
export function invalidDomains(names) {
  return names.filter((name) => !DOMAIN.test(name));
}

/** The summary line: "3 mailboxes in 1 file (1 batch needed) · 1 error, 0 warnings, 0 info". */
export function summaryLine(summary) {
  return (
    `${count(summary.mailboxes, "mailbox", "mailboxes")} in ${count(summary.files, "file")}` +
    ` (${batchesText(summary.batchesNeeded)}) · ` +
    `${count(summary.errors, "error")}, ${count(summary.warnings, "warning")}, ${count(summary.infos, "info", "info")}`
  );
}

/** The `<migration-preflight>` element (see component.d.ts for its typed surface). */
export class MigrationPreflight extends HTMLElement {
  static observedAttributes = ["domains", "organisation", "adfs"];

  #files = null;
  #report = null;
  #abort = null;
  #queued = false;
  #view = null;
  #ui = {};

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    for (const href of STYLES) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      root.append(link);
    }
    const template = document.createElement("template");
    template.innerHTML = MARKUP;
    root.append(template.content);
    const $ = (selector) => root.querySelector(selector);
    this.#ui = {
      dropzone: $(".dropzone"),
      fileInput: $(".file-input"),
      text: $(".paste"),
      checkText: $(".check-text"),
      running: $(".running"),
      progress: $(".progress"),
      progressLabel: $(".progress-label"),
      cancel: $(".cancel"),
      error: $(".error"),
      config: $(".config"),
      result: $(".result"),
      verdict: $(".verdict"),
      summary: $(".summary"),
      findings: $(".findings"),
    };
    this.#wire();
  }

  /** The tenant's verified domains (the `domains` attribute, space separated). */
  get domains() {
    return parseDomains(this.getAttribute("domains"));
  }

  set domains(list) {
    const names = Array.isArray(list) ? list.map(String) : parseDomains(String(list ?? ""));
    if (names.length) this.setAttribute("domains", names.join(" "));
    else this.removeAttribute("domains");
  }

  /** The organisation's name, a banned password term (the `organisation` attribute). */
  get organisation() {
    return this.getAttribute("organisation") ?? "";
  }

  set organisation(name) {
    if (name) this.setAttribute("organisation", String(name));
    else this.removeAttribute("organisation");
  }

  /** AD FS single sign-on is deployed (the boolean `adfs` attribute). */
  get adfs() {
    return this.hasAttribute("adfs");
  }

  set adfs(on) {
    this.toggleAttribute("adfs", Boolean(on));
  }

  /** The last report, or null before the first check. */
  get report() {
    return this.#report;
  }

  /** The check options the attributes give. */
  get options() {
    const options = { federated: this.adfs };
    if (this.domains.length) options.domains = this.domains;
    if (this.organisation.trim()) options.tenantName = this.organisation.trim();
    return options;
  }

  /** Checks these files (`{name, bytes}`), as a drop does; resolves to the report. */
  checkFiles(files) {
    return this.#check(files.map((f) => ({ name: f.name, bytes: f.bytes })));
  }

  /** Checks pasted CSV text, as the "Check the text" button does; resolves to the report. */
  checkText(text) {
    this.#ui.text.value = text;
    return this.checkFiles([{ name: "mailboxes.csv", bytes: new TextEncoder().encode(text) }]);
  }

  disconnectedCallback() {
    // A removed element stops its check; put back, it re-checks on the next change.
    this.#abort?.abort();
  }

  connectedCallback() {
    // A property a portal set before this script defined the element sits on the instance
    // and hides the accessor: move it through the setter.
    for (const name of ["domains", "organisation", "adfs"]) {
      if (Object.hasOwn(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
    this.#showConfig();
  }

  attributeChangedCallback(name, before, after) {
    if (name === "domains") this.#showConfig();
    if (before === after || !this.#files) return;
    // Several properties set in one go re-check once; a check started meanwhile (it reads
    // the attributes as they are then) makes the queued one unnecessary.
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      if (!this.#queued) return;
      this.#run().catch(() => {});
    });
  }

  /** Says which names of the `domains` attribute are not domains: they match no address. */
  #showConfig() {
    const bad = invalidDomains(this.domains);
    this.#ui.config.hidden = bad.length === 0;
    this.#ui.config.textContent = bad.length
      ? `The domains attribute holds ${bad.length === 1 ? "a name that is not a domain" : "names that are not domains"}` +
        ` (${bad.map((n) => JSON.stringify(n)).join(", ")}): no address can match ${bad.length === 1 ? "it" : "them"}.`
      : "";
  }

  #wire() {
    const ui = this.#ui;
    ui.dropzone.addEventListener("click", (e) => e.target !== ui.fileInput && ui.fileInput.click());
    ui.dropzone.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        ui.fileInput.click();
      }
    });
    ui.dropzone.addEventListener("dragover", (e) => {
      e.preventDefault();
      ui.dropzone.classList.add("over");
    });
    ui.dropzone.addEventListener("dragleave", () => ui.dropzone.classList.remove("over"));
    ui.dropzone.addEventListener("drop", (e) => {
      e.preventDefault();
      ui.dropzone.classList.remove("over");
      this.#readFiles(e.dataTransfer?.files ?? []);
    });
    ui.dropzone.addEventListener("paste", (e) => {
      const files = e.clipboardData?.files;
      if (files?.length) this.#readFiles(files);
      else if (e.clipboardData) this.checkText(e.clipboardData.getData("text")).catch(() => {});
      e.preventDefault();
    });
    ui.fileInput.addEventListener("change", () => {
      this.#readFiles(ui.fileInput.files ?? []);
      ui.fileInput.value = "";
    });
    ui.checkText.addEventListener("click", () => this.checkText(ui.text.value).catch(() => {}));
    ui.cancel.addEventListener("click", () => this.#abort?.abort());
  }

  /** Dropped or chosen files: the worker reads them (check-client.js), never this thread. */
  #readFiles(list) {
    const files = [...list].map((f) => ({ name: f.name, blob: f }));
    if (files.length) this.#check(files).catch(() => {});
  }

  #check(files) {
    this.#files = files;
    return this.#run();
  }

  async #run() {
    const ui = this.#ui;
    this.#queued = false;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    ui.error.hidden = true;
    ui.running.hidden = false;
    ui.progress.removeAttribute("value");
    ui.progressLabel.textContent = "Checking…";
    // The worker takes the bytes (transferred): keep our own copy for the next re-check.
    // A File is passed as it is; the worker reads it, again at each re-check.
    const files = this.#files.map((f) => (f.blob ? { name: f.name, blob: f.blob } : { name: f.name, bytes: f.bytes.slice() }));
    const onProgress = (rowsRead, rowsTotal) => {
      ui.progress.max = Math.max(rowsTotal, 1);
      ui.progress.value = Math.min(rowsRead, rowsTotal);
      ui.progressLabel.textContent = `Checking: ${count(rowsRead, "row")} of ${count(rowsTotal, "row")}`;
    };
    try {
      const report = await check(files, this.options, { onProgress, signal: abort.signal });
      if (this.#abort !== abort) return report;
      this.#show(report);
      this.dispatchEvent(new CustomEvent("preflight-report", { bubbles: true, composed: true, detail: report }));
      return report;
    } catch (e) {
      if (this.#abort === abort && e?.name !== "AbortError") {
        ui.error.textContent = `Could not check: ${e?.message ?? e}`;
        ui.error.hidden = false;
      }
      throw e;
    } finally {
      if (this.#abort === abort) {
        ui.running.hidden = true;
        this.#abort = null;
      }
    }
  }

  #show(report) {
    const ui = this.#ui;
    this.#report = report;
    ui.result.dataset.verdict = report.verdict;
    ui.verdict.className = `verdict ${report.verdict}`;
    ui.verdict.textContent = VERDICT_TEXT[report.verdict] ?? report.verdict;
    ui.summary.textContent = summaryLine(report.summary);
    this.#view?.destroy?.();
    ui.findings.replaceChildren();
    this.#view = renderFindings(ui.findings, report, {});
    ui.result.hidden = false;
  }
}

if (!customElements.get("migration-preflight")) customElements.define("migration-preflight", MigrationPreflight);
