// The page: reads CSV input, calls the WebAssembly core, shows the report.
// Everything runs locally; nothing is sent anywhere except the live DNS look-up the admin
// asks for (dns-panel.js), to the resolver they choose.

import init, * as wasm from "../pkg/migration_preflight.js";
import {
  assessmentTemplate,
  checkCsv,
  checkFiles,
  exampleCsv,
  fixCsv,
  renderReport,
  runbook,
  splitCsv,
  version,
} from "../pkg/migration_preflight.js";
import { assessmentForm } from "./assessment.js";
import { directoryLine, directoryOptions, hasDirectories, wireDirectories } from "./directory-panel.js";
import { wireDns } from "./dns-panel.js";
import { download } from "./download.js";

const $ = (id) => document.getElementById(id);
const encoder = new TextEncoder();

/** The options the admin set in the form. */
function options() {
  const list = (id) => $(id).value.split(/[\s,;]+/).filter(Boolean);
  return {
    domains: list("domains"),
    federated: $("federated").checked,
    bannedTerms: list("banned-terms"),
    tenantName: $("tenant-name").value.trim() || null,
  };
}

/** What was last checked, so changing an option re-runs the same input. */
let lastInput = null;

function run(input) {
  lastInput = input;
  $("error").hidden = true;
  $("fix-result").hidden = true;
  $("batches").replaceChildren();
  try {
    const started = performance.now();
    // With directory exports, findings name the export or the CSV: always checkFiles.
    // localValues: the offending cell comes back beside the finding, for this screen only.
    const report = hasDirectories()
      ? checkFiles(input.files ?? [{ name: input.name ?? "mailboxes.csv", bytes: input.bytes }], { ...options(), ...directoryOptions(), localValues: true })
      : input.files
        ? checkFiles(input.files, { ...options(), localValues: true })
        : checkCsv(input.bytes, { ...options(), localValues: true });
    const ms = performance.now() - started;
    render(report, ms, hasDirectories() || (input.files ? input.files.length > 1 : false));
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
  $("summary").textContent =
    `${s.mailboxes} mailbox${s.mailboxes === 1 ? "" : "es"} in ${s.files} file${s.files === 1 ? "" : "s"}` +
    ` (${s.batchesNeeded} batch${s.batchesNeeded === 1 ? "" : "es"} needed) · ` +
    `${s.errors} error${s.errors === 1 ? "" : "s"}, ${s.warnings} warning${s.warnings === 1 ? "" : "s"}, ${s.infos} info` +
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

/** The inputs as named files, whatever way they came in. */
function inputFiles() {
  if (!lastInput) return [];
  return lastInput.files ?? [{ name: lastInput.name ?? "mailboxes.csv", bytes: lastInput.bytes }];
}

function fix() {
  const files = inputFiles();
  const out = $("fix-result");
  out.hidden = false;
  if (files.length !== 1) {
    out.textContent = "Correct one file at a time: drop or paste a single CSV.";
    return;
  }
  try {
    const fixed = fixCsv(files[0].bytes, { ...options(), generatePasswords: $("generate-passwords").checked });
    const name = files[0].name.replace(/\.(csv|txt)$/i, "") + "-corrected.csv";
    download(name, fixed.csv, "text/csv");
    const left = fixed.report.summary;
    out.textContent =
      `${fixed.changes.length} change${fixed.changes.length === 1 ? "" : "s"} made; saved as ${name}. ` +
      `Still to fix by hand: ${left.errors} error${left.errors === 1 ? "" : "s"}, ${left.warnings} warning${left.warnings === 1 ? "" : "s"}.`;
    out.dataset.changes = String(fixed.changes.length);
  } catch (e) {
    out.textContent = `Cannot correct this file: ${e.message ?? e}`;
  }
}

function split() {
  const list = $("batches");
  list.replaceChildren();
  try {
    const result = splitCsv(inputFiles(), { size: Number($("split-size").value), prefix: $("split-prefix").value }, options());
    for (const batch of result.batches) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "#";
      a.textContent = batch.fileName;
      a.addEventListener("click", (e) => {
        e.preventDefault();
        download(batch.fileName, batch.csv, "text/csv");
      });
      li.append(a, ` — batch ${batch.name}, ${batch.mailboxes} mailbox${batch.mailboxes === 1 ? "" : "es"}`);
      list.append(li);
    }
  } catch (e) {
    const li = document.createElement("li");
    li.textContent = `Cannot split: ${e.message ?? e}`;
    list.append(li);
  }
}

let assessment;

const REPORT_FILES = { html: ["html", "text/html"], md: ["md", "text/markdown"], text: ["txt", "text/plain"], json: ["json", "application/json"] };

function report() {
  const out = $("report-result");
  out.hidden = false;
  try {
    const format = $("report-format").value;
    const text = renderReport(inputFiles(), assessment.read(), format, { pseudonymise: $("pseudonymise").checked, ...directoryOptions() });
    const [ext, type] = REPORT_FILES[format];
    download(`readiness-report.${ext}`, text, type);
    out.textContent = `Saved readiness-report.${ext}.`;
  } catch (e) {
    out.textContent = `Cannot make the report: ${e.message ?? e}`;
  }
}

function makeRunbook() {
  const out = $("report-result");
  out.hidden = false;
  try {
    download("staged-migration.ps1", runbook(inputFiles(), assessment.read(), {}), "text/plain");
    out.textContent = "Saved staged-migration.ps1. It asks for credentials when run; none are written into it.";
  } catch (e) {
    out.textContent = `Cannot make the runbook: ${e.message ?? e}`;
  }
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
  for (const id of ["domains", "federated", "tenant-name", "banned-terms"]) {
    $(id).addEventListener("change", () => lastInput && run(lastInput));
  }
  for (const box of document.querySelectorAll(".filters input")) box.addEventListener("change", applyFilters);
  $("fix").addEventListener("click", fix);
  $("split").addEventListener("click", split);
  assessment = assessmentForm($("assessment"));
  $("assessment-example").addEventListener("click", () => assessment.load(assessmentTemplate()));
  $("assessment-save").addEventListener("click", () => download("assessment.json", assessment.read(), "application/json"));
  $("assessment-file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    try {
      assessment.load(await file.text());
    } catch (err) {
      $("report-result").hidden = false;
      $("report-result").textContent = `Cannot read ${file.name}: ${err.message ?? err}`;
    }
  });
  $("report").addEventListener("click", report);
  $("runbook").addEventListener("click", makeRunbook);
  wireDns(wasm);
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
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  $("error").textContent = `The checker could not start: ${e.message ?? e}`;
  $("error").hidden = false;
});
