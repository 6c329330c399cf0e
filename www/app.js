// The page: reads CSV input, calls the WebAssembly core, shows the report.
// Everything runs locally; nothing is sent anywhere.

import init, { checkCsv, checkFiles, exampleCsv, version } from "../pkg/migration_preflight.js";

const $ = (id) => document.getElementById(id);
const encoder = new TextEncoder();

/** The options the admin set in the form. */
function options() {
  const domains = $("domains").value.split(/[\s,;]+/).filter(Boolean);
  return { domains, federated: $("federated").checked };
}

/** What was last checked, so changing an option re-runs the same input. */
let lastInput = null;

function run(input) {
  lastInput = input;
  $("error").hidden = true;
  try {
    const started = performance.now();
    const report = input.files
      ? checkFiles(input.files, options())
      : checkCsv(input.bytes, options());
    const ms = performance.now() - started;
    render(report, ms, input.files ? input.files.length > 1 : false);
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
      return tr;
    }),
  );
  $("findings").classList.toggle("many-files", manyFiles);
  $("findings").hidden = report.findings.length === 0;
  $("no-findings").hidden = report.findings.length !== 0;
  applyFilters();
  $("result").hidden = false;
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
  run(files.length === 1 ? { bytes: files[0].bytes } : { files });
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
  for (const id of ["domains", "federated"]) {
    $(id).addEventListener("change", () => lastInput && run(lastInput));
  }
  for (const box of document.querySelectorAll(".filters input")) box.addEventListener("change", applyFilters);
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
