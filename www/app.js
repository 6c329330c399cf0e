// The page: reads CSV input, calls the WebAssembly core, shows the report. Four numbered
// steps (check, fix and split, plan DNS, report and runbook) share one state: the
// assessment (state.js). Everything runs locally; nothing is sent anywhere except the live
// DNS look-up the admin asks for (dns-panel.js), to the resolver they choose.

import init, { checkCsv, checkFiles, exampleCsv, version } from "../pkg/migration_preflight.js";
import { assessmentForm } from "./assessment.js";
import { directoryLine, directoryOptions, hasDirectories, wireDirectories } from "./directory-panel.js";
import { wireDns } from "./dns-panel.js";
import { download } from "./download.js";
import { plan } from "./plan.js";
import { batchesText, count } from "./count.js";
import { wireFiles, inputLine } from "./files.js";
import { wireReport } from "./report-panel.js";
import * as state from "./state.js";

const $ = (id) => document.getElementById(id);
const encoder = new TextEncoder();

/** What was last checked, so changing an answer re-runs the same input. */
let lastInput = null;

/** The files as checked: dropped files by name; pasted text as mailboxes.csv. */
export function inputFiles() {
  if (!lastInput) return [];
  return lastInput.files ?? [{ name: lastInput.name ?? "mailboxes.csv", bytes: lastInput.bytes, pasted: !lastInput.name }];
}

function run(input) {
  const fresh = input !== lastInput;
  lastInput = input;
  $("error").hidden = true;
  $("input-files").textContent = inputLine(inputFiles());
  document.dispatchEvent(new CustomEvent("inputchange", { detail: { fresh } }));
  if (hasDirectories()) {
    // The directory comparison is in the plan module (plan.js), loaded on first use.
    plan().then(
      (planModule) => input === lastInput && check(input, planModule),
      (e) => {
        $("error").textContent = `Could not load the directory comparison: ${e.message ?? e}`;
        $("error").hidden = false;
      },
    );
    return;
  }
  check(input, null);
}

/** Checks the input; with directory exports through the plan module's checkFiles. */
function check(input, planModule) {
  try {
    const started = performance.now();
    const options = { ...state.checkOptions(), localValues: true };
    // With directory exports, findings name the export or the CSV: always checkFiles.
    // localValues: the offending cell comes back beside the finding, for this screen only.
    const report = planModule
      ? planModule.checkFiles(inputFiles(), { ...options, ...directoryOptions() })
      : input.files
        ? checkFiles(input.files, options)
        : checkCsv(input.bytes, options);
    const ms = performance.now() - started;
    render(report, ms, Boolean(planModule) || (input.files ? input.files.length > 1 : false));
  } catch (e) {
    $("error").textContent = `Could not check: ${e.message ?? e}`;
    $("error").hidden = false;
  }
}

const VERDICT_TEXT = {
  ready: "Ready: no errors, no warnings.",
  warnings: "Warnings: the batch can run, but read the warnings first.",
  blocked: "Blocked: fix the errors before creating the batch.",
};

function render(report, ms, manyFiles) {
  const s = report.summary;
  const verdict = $("verdict");
  verdict.className = `verdict ${report.verdict}`;
  verdict.textContent = VERDICT_TEXT[report.verdict];
  $("result").dataset.verdict = report.verdict;
  $("result").dataset.errors = String(s.errors);
  $("summary").textContent =
    `${count(s.mailboxes, "mailbox", "mailboxes")} in ${count(s.files, "file")}` +
    ` (${batchesText(s.batchesNeeded)}) · ` +
    `${count(s.errors, "error")}, ${count(s.warnings, "warning")}, ${count(s.infos, "info", "info")}` +
    ` · checked in ${ms.toFixed(1)} ms`;
  $("summary").dataset.ms = ms.toFixed(3);
  $("directory-summary").hidden = !report.directory;
  $("directory-summary").textContent = report.directory ? directoryLine(report.directory) : "";

  const body = $("findings").tBodies[0];
  body.replaceChildren(
    ...report.findings.map((f) => {
      const tr = document.createElement("tr");
      tr.className = f.severity;
      tr.dataset.code = f.code;
      tr.dataset.severity = f.severity;
      for (const text of [f.severity, f.file ?? "", f.row ?? "", f.column ?? "", f.code, f.message, f.help]) {
        const td = document.createElement("td");
        td.textContent = String(text); // never innerHTML: cells hold file content
        tr.append(td);
      }
      if (f.localValue != null) tr.cells[5].append(localValue(f.localValue));
      return tr;
    }),
  );
  $("findings").classList.toggle("many-files", manyFiles);
  $("findings").hidden = report.findings.length === 0;
  $("no-findings").hidden = report.findings.length !== 0;
  applyFilters();
  $("result").hidden = false;
}

/**
 * The offending cell, behind a click: it may be a password from a shifted column, so it
 * is shown only on this screen, on request, and never goes into a download.
 */
function localValue(value) {
  const details = document.createElement("details");
  details.className = "local-value";
  const summary = document.createElement("summary");
  summary.textContent = "Show the cell (this screen only)";
  const code = document.createElement("code");
  code.textContent = JSON.stringify(value); // quotes make spaces and empty text visible
  details.append(summary, code);
  return details;
}

function applyFilters() {
  const shown = new Set(
    [...document.querySelectorAll(".filters input:checked")].map((i) => i.dataset.severity),
  );
  for (const tr of $("findings").tBodies[0].rows) tr.hidden = !shown.has(tr.dataset.severity);
}

async function readFiles(fileList) {
  const files = await Promise.all(
    [...fileList].map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
  if (files.length === 0) return;
  $("csv-text").value = "";
  run(files.length === 1 ? { name: files[0].name, bytes: files[0].bytes } : { files });
}

function checkText() {
  run({ bytes: encoder.encode($("csv-text").value) });
}

/** Shows (or clears, with null) why a typed answer cannot be read, beside its input. */
function fieldError(input, message) {
  const id = `${input.id || input.dataset.path.replaceAll(".", "-")}-error`;
  let note = document.getElementById(id);
  if (!message) {
    note?.remove();
    input.removeAttribute("aria-invalid");
    return;
  }
  if (!note) {
    note = document.createElement("span");
    note.id = id;
    note.className = "field-error";
    note.setAttribute("role", "alert");
    input.closest("label").after(note);
  }
  note.textContent = message;
  input.setAttribute("aria-invalid", "true");
  input.setAttribute("aria-describedby", id);
}

function showAnswersNote(text) {
  $("assessment-result").hidden = !text;
  $("assessment-result").textContent = text ?? "";
}

function wireAnswers() {
  // The schema version the answers are written with comes from the plan module's
  // template, set when plan.js loads it (DNS, report, Save and Load all wait for it).
  assessmentForm($("assessment"));
  // The time zone of every date: one choice, the browser's offset until chosen.
  const zoneSelect = $("dns-zone-offset");
  for (const [value, label] of state.offsetChoices()) zoneSelect.append(new Option(label, value));
  const showZone = () => {
    const zone = state.zone();
    if (![...zoneSelect.options].some((o) => o.value === zone)) zoneSelect.append(new Option(`UTC${zone}`, zone));
    zoneSelect.value = zone;
    for (const label of document.querySelectorAll(".zone-label")) label.textContent = `UTC${zone}`;
  };
  zoneSelect.addEventListener("change", () => state.setZone(zoneSelect.value));
  state.onChange((path) => (path === null || path === "utcOffset") && showZone());
  for (const root of document.querySelectorAll(".answers")) state.bind(root, fieldError);
  state.restore();
  showZone();

  // The CSV check reads these answers: re-run it when one changes.
  const CHECK_PATHS = ["tenant.verifiedDomains", "tenant.federatedSso", "tenant.customBannedPasswords", "organisation"];
  let timer;
  state.onChange((path) => {
    if (path !== null && !CHECK_PATHS.includes(path)) return;
    clearTimeout(timer);
    timer = setTimeout(() => lastInput && run(lastInput), 150);
  });

  $("assessment-example").addEventListener("click", async () => {
    let planModule;
    try {
      planModule = await plan();
    } catch (e) {
      showAnswersNote(`Cannot load the example answers: ${e.message ?? e}`);
      return;
    }
    // The template's mailbox count is the example's, not this CSV's: the page never asks it.
    const example = JSON.parse(planModule.assessmentTemplate());
    delete example.tenant?.mailboxCount;
    state.replace(example);
    showAnswersNote("Example answers loaded: replace them with yours.");
  });
  $("assessment-save").addEventListener("click", async () => {
    // Saved with this build's schema version, which the plan module knows.
    await plan().catch(() => {});
    download("assessment.json", state.toJson(), "application/json");
    showAnswersNote("Saved assessment.json. Load it here (or give it to the command line with --assessment) to go on.");
  });
  $("assessment-clear").addEventListener("click", () => {
    state.clear();
    showAnswersNote("Every answer is forgotten, on this page and in this browser.");
  });
  $("assessment-file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (!file) return;
    try {
      const text = await file.text();
      // The core reads it as the report will, so a file it refuses is refused here, in its words.
      (await plan()).readinessReport([], text, {});
      state.replace(JSON.parse(text));
      showAnswersNote(`Loaded the answers from ${file.name}.`);
    } catch (err) {
      showAnswersNote(`Cannot read ${file.name}: ${err.message ?? err}`);
    }
  });
}

function wire() {
  const zone = $("dropzone");
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    readFiles(e.dataTransfer.files);
  });
  zone.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") $("file-input").click();
  });
  $("file-input").addEventListener("change", (e) => readFiles(e.target.files));

  let timer;
  $("csv-text").addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(checkText, 250);
  });
  $("example").addEventListener("click", () => {
    $("csv-text").value = exampleCsv();
    checkText();
  });
  for (const box of document.querySelectorAll(".filters input")) box.addEventListener("change", applyFilters);
  wireAnswers();
  wireFiles(inputFiles);
  wireReport();
  wireDns();
  wireDirectories(() => lastInput && run(lastInput));
  // Files dropped outside the zone would make the browser open them: catch them too.
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => {
    e.preventDefault();
    if (e.dataTransfer?.files?.length) readFiles(e.dataTransfer.files);
  });
}

async function main() {
  await init();
  $("version").textContent = `migration-preflight ${version()}`;
  wire();
  $("csv-text").value = exampleCsv();
  checkText();
  // Navigation to the example's result on screen, read by tests/e2e/load.test.mjs.
  performance.mark("example-result");
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  $("error").textContent = `The checker could not start: ${e.message ?? e}`;
  $("error").hidden = false;
});
