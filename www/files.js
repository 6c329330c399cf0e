// Step 2, fix and split, and the files that will really be uploaded: the input as checked,
// then the corrected files once fixed, then the batch files once split. The report and the
// runbook (step 4) are made from those files, so the runbook names the files it uploads.

import { count, thousands } from "./count.js";
import { download } from "./download.js";
import { plan, whenShown } from "./plan.js";
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
  return `Checked: ${files.map((f) => `${f.name} (${count(f.bytes.length, "byte")})`).join(", ")}.`;
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

/** Corrects every input file with `fixOne(bytes)`; a download per file. */
function fix(fixOne) {
  const files = inputFiles();
  const out = $("fix-result");
  out.hidden = false;
  out.replaceChildren();
  splitFiles = null;
  $("batches").replaceChildren();
  const made = [];
  let failed = 0;
  for (const file of files) {
    const section = document.createElement("div");
    section.className = "fixed-file";
    const head = document.createElement("p");
    section.append(head);
    out.append(section);
    try {
      const result = fixOne(file.bytes);
      const name = file.name.replace(/\.(csv|txt)$/i, "") + "-corrected.csv";
      download(name, result.csv, "text/csv");
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
    } catch (e) {
      failed += 1;
      head.textContent = `Cannot correct ${file.name}: ${e.message ?? e}`;
    }
  }
  out.dataset.changes = String(made.length);
  // The corrected files are what will be uploaded, if every file could be corrected.
  fixedFiles = failed === 0 && made.length ? made : null;
  showUploads();
}

function split(wasm) {
  const list = $("batches");
  list.replaceChildren();
  splitFiles = null;
  try {
    const source = fixedFiles ?? inputFiles();
    const result = wasm.splitCsv(source, { size: Number($("split-size").value), prefix: $("split-prefix").value }, state.checkOptions());
    for (const batch of result.batches) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "#";
      a.textContent = batch.fileName;
      a.addEventListener("click", (e) => {
        e.preventDefault();
        download(batch.fileName, batch.csv, "text/csv");
      });
      li.append(a, ` — batch ${batch.name}, ${count(batch.mailboxes, "mailbox", "mailboxes")}`);
      list.append(li);
    }
    splitFiles = result.batches.map((b) => ({ name: b.fileName, bytes: encoder.encode(b.csv), text: b.csv }));
  } catch (e) {
    const li = document.createElement("li");
    li.textContent = `Cannot split: ${e.message ?? e}`;
    list.append(li);
  }
  showUploads();
}

/** Says in the element with this id that the plan module could not be loaded. */
function planError(id) {
  return (e) => {
    const p = document.createElement(id === "batches" ? "li" : "p");
    p.textContent = `Cannot load the fix and split module: ${e.message ?? e}`;
    $(id).hidden = false;
    $(id).replaceChildren(p);
    return null;
  };
}

/**
 * Wires step 2; `files()` gives the input files as checked. Fix and split are in the plan
 * module (plan.js), loaded when the section comes into view or a button is pressed.
 */
export function wireFiles(files) {
  inputFiles = files;
  passwordNote();
  whenShown($("step-fix"));
  $("generate-passwords").addEventListener("change", passwordNote);
  $("fix").addEventListener("click", async () => {
    const wasm = await plan().catch(planError("fix-result"));
    if (!wasm) return;
    fix((bytes) => wasm.fixCsv(bytes, { ...state.checkOptions(), generatePasswords: $("generate-passwords").checked }));
  });
  $("split").addEventListener("click", async () => {
    const wasm = await plan().catch(planError("batches"));
    if (wasm) split(wasm);
  });
  // New input makes the earlier fix and split stale (a re-check for new answers does not).
  document.addEventListener("inputchange", (e) => {
    if (!e.detail.fresh) return;
    fixedFiles = null;
    splitFiles = null;
    $("fix-result").hidden = true;
    $("batches").replaceChildren();
    showUploads();
  });
}
