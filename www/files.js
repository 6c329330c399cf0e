// Step 2, fix and split, and the files that will really be uploaded: the input as checked,
// then the corrected files once fixed, then the batch files once split. The report and the
// runbook (step 4) are made from those files, so the runbook names the files it uploads.

import { count, thousands } from "./count.js";
import { download } from "./download.js";
import * as state from "./state.js";

const $ = (id) => document.getElementById(id);
const encoder = new TextEncoder();

let inputFiles = () => [];
/** The corrected files of the last Fix, or null. */
let fixedFiles = null;
/** The batch files of the last Split, or null. */
let splitFiles = null;

/** The files the report and the runbook are made from, as { name, bytes, text? }. */
export function uploadFiles() {
  return splitFiles ?? fixedFiles ?? inputFiles();
}

/** Where the upload files come from, for the page's text. */
export function uploadSource() {
  if (splitFiles) return "split";
  if (fixedFiles) return "fixed";
  return inputFiles().some((f) => f.pasted) ? "pasted" : "input";
}

/** One line naming the files checked, e.g. "Checked: a.csv (1,234 bytes), b.csv (…)". */
export function inputLine(files) {
  if (files.length === 0) return "";
  if (files.some((f) => f.pasted)) return "Checked: the pasted text (named mailboxes.csv in the runbook).";
  return `Checked: ${files.map((f) => `${f.name} (${count(f.bytes?.length ?? f.blob?.size ?? 0, "byte")})`).join(", ")}.`;
}

function showUploads() {
  const files = uploadFiles();
  const why = {
    split: "the batch files of the split",
    fixed: "the corrected files",
    pasted: "the pasted text, as mailboxes.csv",
    input: files.length === 1 ? "the file checked" : "the files checked",
  }[uploadSource()];
  $("upload-files").textContent = files.length
    ? `The report and the runbook (step 4) use ${why}: ${files.map((f) => f.name).join(", ")}.`
    : "";
}

/** The change groups of a fix: the core's `changeGroups`, else the changes grouped here. */
function changeGroups(fixed) {
  if (Array.isArray(fixed.changeGroups)) return fixed.changeGroups;
  const groups = new Map();
  for (const c of fixed.changes) groups.set(c.description, (groups.get(c.description) ?? 0) + 1);
  return [...groups].map(([description, n]) => ({ description, count: n }));
}

function passwordNote() {
  $("fix-passwords").textContent = $("generate-passwords").checked
    ? "Empty passwords and passwords Microsoft would refuse are replaced by generated strong ones, written only into the corrected CSV and never shown; the other passwords are copied unchanged."
    : "Passwords are copied unchanged, even those Microsoft would refuse (tick the box below to replace those).";
}

/**
 * Corrects every input file with `fixOne(bytes)` (a promise: the work runs in the check
 * worker); a download per file.
 */
async function fix(fixOne) {
  const files = inputFiles();
  const out = $("fix-result");
  out.hidden = false;
  out.replaceChildren();
  out.setAttribute("aria-busy", "true");
  splitFiles = null;
  $("batches").replaceChildren();
  const made = [];
  let failed = 0;
  for (const file of files) {
    // Each file's section is shown once complete.
    const section = document.createElement("div");
    section.className = "fixed-file";
    const head = document.createElement("p");
    section.append(head);
    try {
      const result = await fixOne(file.bytes ?? file.blob); // a large file not read yet: the worker reads it
      const name = file.name.replace(/\.(csv|txt)$/i, "") + "-corrected.csv";
      made.push({ name, bytes: encoder.encode(result.csv), text: result.csv });
      const left = result.report.summary;
      head.textContent =
        `${name}: ${count(result.changes.length, "change")} made. ` +
        `Still to fix by hand: ${count(left.errors, "error")}, ${count(left.warnings, "warning")}.`;
      const groups = changeGroups(result);
      if (groups.length) {
        const ul = document.createElement("ul");
        ul.className = "change-groups";
        for (const g of groups) {
          const li = document.createElement("li");
          li.textContent = `${thousands(g.count)} × ${g.description}`; // fixed vocabulary, no cell content
          ul.append(li);
        }
        section.append(ul);
      }
      section.dataset.changes = String(result.changes.length);
      out.append(section);
      download(name, result.csv, "text/csv");
    } catch (e) {
      failed += 1;
      head.textContent = `Cannot correct ${file.name}: ${e.message ?? e}`;
      out.append(section);
    }
  }
  out.dataset.changes = String(made.length);
  out.removeAttribute("aria-busy");
  // The corrected files are what will be uploaded, if every file could be corrected.
  fixedFiles = failed === 0 && made.length ? made : null;
  showUploads();
}

/** Splits the files to upload into batches (in the check worker) and lists them. */
async function split(splitInWorker) {
  const list = $("batches");
  list.replaceChildren();
  list.setAttribute("aria-busy", "true");
  $("batches-zip").hidden = true;
  splitFiles = null;
  try {
    const source = fixedFiles ?? inputFiles();
    const result = await splitInWorker(source, { size: Number($("split-size").value), prefix: $("split-prefix").value }, state.checkOptions());
    const items = result.batches.map((batch) => {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "#";
      a.textContent = batch.fileName;
      a.addEventListener("click", (e) => {
        e.preventDefault();
        download(batch.fileName, batch.csv, "text/csv");
      });
      li.append(a, ` — batch ${batch.name}, ${count(batch.mailboxes, "mailbox", "mailboxes")}`);
      return li;
    });
    list.replaceChildren(...items);
    splitFiles = result.batches.map((b) => ({ name: b.fileName, bytes: encoder.encode(b.csv), text: b.csv }));
    $("batches-zip").hidden = false;
    $("batches-zip").textContent = `Download all ${count(splitFiles.length, "batch file")} as one zip`;
  } catch (e) {
    const li = document.createElement("li");
    li.textContent = `Cannot split: ${e.message ?? e}`;
    list.replaceChildren(li);
  }
  list.removeAttribute("aria-busy");
  showUploads();
}

/** The batch files of the last split as one zip archive (made in the check worker). */
async function downloadZip(zipInWorker) {
  if (!splitFiles) return;
  const note = $("batches-zip-result");
  try {
    // The worker takes its own copy of the bytes: the page keeps the batches for step 4.
    const archive = await zipInWorker(splitFiles.map((f) => ({ name: f.name, bytes: f.bytes.slice() })));
    download("batches.zip", archive, "application/zip");
    note.textContent = `Saved batches.zip: ${count(splitFiles.length, "batch file")}, ${count(archive.length, "byte")}.`;
  } catch (e) {
    note.textContent = `Cannot make the zip: ${e.message ?? e}`;
  }
}

/**
 * Wires step 2; `files()` gives the input files as checked; `worker` is check-client.js
 * (fix, split and zip run in the check worker, so a large list keeps the page answering).
 */
export function wireFiles(worker, files) {
  inputFiles = files;
  passwordNote();
  $("generate-passwords").addEventListener("change", passwordNote);
  $("fix").addEventListener("click", () =>
    fix((bytes) => worker.fix(bytes, { ...state.checkOptions(), generatePasswords: $("generate-passwords").checked })),
  );
  $("split").addEventListener("click", () => split(worker.split));
  $("batches-zip").addEventListener("click", () => downloadZip(worker.zip));
  // New input makes the earlier fix and split stale (a re-check for new answers does not).
  document.addEventListener("inputchange", (e) => {
    if (!e.detail.fresh) return;
    fixedFiles = null;
    splitFiles = null;
    $("fix-result").hidden = true;
    $("batches").replaceChildren();
    $("batches-zip").hidden = true;
    $("batches-zip-result").textContent = "";
    showUploads();
  });
}
