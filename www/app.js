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
import { batchesText, count, thousands } from "./count.js";
import * as worker from "./check-client.js";
import { renderFindings } from "./findings-view.js";
import { wireFiles, inputLine } from "./files.js";
import { wireReport } from "./report-panel.js";
import * as state from "./state.js";

const $ = (id) => document.getElementById(id);
const encoder = new TextEncoder();

/** What was last checked, so changing an answer re-runs the same input. */
let lastInput = null;

/**
 * The files as checked, `{ name, bytes, blob?, pasted? }`: dropped files by name, pasted
 * text as mailboxes.csv. A large dropped file's `bytes` are null until the worker has
 * read it (it hands the bytes back with the report); `blob` is the file itself.
 */
export function inputFiles() {
  return lastInput?.files ?? [];
}

/** The check running now (its AbortController), or null. */
let running = null;

/**
 * Inputs up to this size are checked on the main thread: a few milliseconds, and no wait
 * for the worker to start (the example on opening). Larger ones go to the worker.
 */
const MAIN_THREAD_BYTES = 512 * 1024;

/**
 * The input for the worker: a dropped file as itself (a Blob: the worker reads it, not
 * this thread), pasted text as a copy of its bytes (their buffer is transferred).
 */
function workerInput(file) {
  return file.blob ? { name: file.name, blob: file.blob } : { name: file.name, bytes: file.bytes.slice() };
}

async function run(input) {
  const fresh = input !== lastInput;
  lastInput = input;
  $("error").hidden = true;
  $("input-files").textContent = inputLine(inputFiles());
  document.dispatchEvent(new CustomEvent("inputchange", { detail: { fresh } }));
  running?.abort();
  const controller = new AbortController();
  running = controller;
  try {
    const started = performance.now();
    // localValues: the offending cell comes back beside the finding, for this screen only.
    // With directory exports, findings name the export or the CSV (checkFiles).
    const options = { ...state.checkOptions(), localValues: true, ...(hasDirectories() ? directoryOptions() : {}) };
    const files = inputFiles();
    const size = files.reduce((n, f) => n + (f.bytes?.length ?? f.blob?.size ?? 0), 0);
    let report;
    // Directory exports are compared by the plan module, which the worker loads.
    if (size <= MAIN_THREAD_BYTES && files.every((f) => f.bytes) && !hasDirectories()) {
      report = files.length === 1 ? checkCsv(files[0].bytes, options) : checkFiles(files, options);
    } else {
      showProgress(0, 0);
      const given = files.map(workerInput);
      report = await worker.check(given, options, { onProgress: showProgress, signal: controller.signal });
      // The bytes the worker read, handed back: the page's copy for fix, split and step 4.
      given.forEach((g, i) => (files[i].bytes ??= g.bytes ?? null));
    }
    if (running !== controller) return;
    const ms = performance.now() - started;
    render(report, ms, hasDirectories() || inputFiles().length > 1);
  } catch (e) {
    if (e.name === "AbortError") return;
    $("error").textContent = `Could not check: ${e.message ?? e}`;
    $("error").hidden = false;
  } finally {
    if (running === controller) {
      running = null;
      $("check-progress").hidden = true;
    }
  }
}

/** Shows the progress of a check in the worker: "123,456 of 1,000,000 rows". */
function showProgress(rowsRead, rowsTotal) {
  $("check-progress").hidden = false;
  const bar = $("check-progress-bar");
  if (rowsTotal > 0) {
    bar.max = rowsTotal;
    bar.value = Math.min(rowsRead, rowsTotal);
    $("check-progress-text").textContent = `${thousands(rowsRead)} of ${count(rowsTotal, "row")}`;
  } else {
    bar.removeAttribute("value"); // indeterminate until the first count arrives
    $("check-progress-text").textContent = "Reading the file…";
  }
}

/** Cancel: the worker is stopped at once; the earlier result stays as it was. */
function cancelCheck() {
  if (!running) return;
  running.abort();
  running = null;
  setTimeout(worker.warm, 0); // a fresh worker, ready for the next large file
  $("check-progress").hidden = true;
  $("input-files").textContent = "The check was cancelled.";
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
    ` · checked in ${thousands(Number(ms.toFixed(1)))} ms`;
  $("summary").dataset.ms = ms.toFixed(3);
  $("directory-summary").hidden = !report.directory;
  $("directory-summary").textContent = report.directory ? directoryLine(report.directory) : "";

  // Grouped by code, filterable, drawn a page at a time (findings-view.js).
  const container = $("findings");
  container.classList.toggle("many-files", manyFiles);
  container.hidden = report.findings.length === 0;
  if (report.findings.length) renderFindings(container, report);
  else container.replaceChildren();
  $("no-findings").hidden = report.findings.length !== 0;
  $("result").hidden = false;
  $("result").dataset.drawn = String(Number($("result").dataset.drawn ?? 0) + 1);
}

async function readFiles(fileList) {
  // A small file is read here at once; a large one only by the worker that checks it, so
  // this thread never copies megabytes between the drop and the result.
  const files = await Promise.all(
    [...fileList].map(async (f) => ({
      name: f.name,
      bytes: f.size <= MAIN_THREAD_BYTES ? new Uint8Array(await f.arrayBuffer()) : null,
      blob: f,
    })),
  );
  if (files.length === 0) return;
  $("csv-text").value = "";
  run({ files });
}

function checkText() {
  return run({ files: [{ name: "mailboxes.csv", bytes: encoder.encode($("csv-text").value), pasted: true }] });
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
    e.stopPropagation(); // the window's drop handler below would read the files again
    zone.classList.remove("over");
    readFiles(e.dataTransfer.files);
  });
  zone.addEventListener("keydown", (e) => {
    if (e.key !== "Enter" && e.key !== " ") return;
    e.preventDefault(); // Space would also scroll the page
    $("file-input").click();
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
  $("check-cancel").addEventListener("click", cancelCheck);
  wireAnswers();
  wireFiles(worker, inputFiles);
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
  await checkText();
  // Navigation to the example's result on screen, read by tests/e2e/load.test.mjs.
  performance.mark("example-result");
  document.body.dataset.ready = "true";
  // Start the worker (and its copy of the module) now, so a dropped file does not wait.
  setTimeout(worker.warm, 0);
}

main().catch((e) => {
  $("error").textContent = `The checker could not start: ${e.message ?? e}`;
  $("error").hidden = false;
});
