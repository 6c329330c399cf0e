// Step 4: the readiness report and the runbook, made from the answers (state.js) and the
// files that will really be uploaded (files.js), with the optional earlier report
// (`since`) and source probe results (`probe`) the admin loads.

import { directoryOptions } from "./directory-panel.js";
import { download } from "./download.js";
import { uploadFiles, uploadSource } from "./files.js";
import { plan, whenShown } from "./plan.js";
import * as state from "./state.js";

const $ = (id) => document.getElementById(id);

/** The texts of the optional JSON files, by readiness option name. */
const extra = { since: null, probe: null };

/** The readiness options the loaded files add: `since` and `probe`, only when given. */
function extraOptions() {
  const out = {};
  for (const [key, text] of Object.entries(extra)) if (text != null) out[key] = text;
  return out;
}

const REPORT_FILES = { html: ["html", "text/html"], md: ["md", "text/markdown"], text: ["txt", "text/plain"], json: ["json", "application/json"] };

function result(...nodes) {
  const out = $("report-result");
  out.hidden = false;
  out.replaceChildren(...nodes);
}

function para(text) {
  const p = document.createElement("p");
  p.textContent = text;
  return p;
}

function report(wasm) {
  try {
    const format = $("report-format").value;
    const text = wasm.renderReport(uploadFiles(), state.toJson(), format, {
      pseudonymise: $("pseudonymise").checked,
      ...directoryOptions(),
      ...extraOptions(),
    });
    const [ext, type] = REPORT_FILES[format];
    download(`readiness-report.${ext}`, text, type);
    result(para(`Saved readiness-report.${ext}.`));
  } catch (e) {
    result(para(`Cannot make the report: ${e.message ?? e}`));
  }
}

/** A link that saves `bytes` (or `text`) as `name`: one of the files the runbook reads. */
function fileLink(name, file) {
  const a = document.createElement("a");
  a.href = "#";
  a.textContent = name;
  a.addEventListener("click", (e) => {
    e.preventDefault();
    download(name, file.text ?? file.bytes, "text/csv");
  });
  return a;
}

function makeRunbook(wasm) {
  const files = uploadFiles();
  // Pasted text goes in without a name: the core names it (mailboxes.csv) and says so in
  // runbookFiles, so the script and the file offered here agree.
  const given = files.map((f) => ({ name: f.pasted ? "" : f.name, bytes: f.bytes }));
  let script, listed;
  try {
    script = wasm.runbook(given, state.toJson(), extraOptions());
    listed = wasm.runbookFiles(given);
  } catch (e) {
    // The core refuses (blocking findings, a file over 2,000 rows, two files of one name):
    // no runbook is offered, only why.
    const p = para(`Cannot make the runbook: ${e.message ?? e} No runbook was downloaded.`);
    p.className = "alert";
    result(p);
    return;
  }
  download("staged-migration.ps1", script, "text/plain");
  const saved = para("Saved staged-migration.ps1. It asks for credentials when run; none are written into it.");
  // The runbook reads its CSV files from its own folder: offer the ones the admin does
  // not already have as files (pasted text, corrected and split files).
  if (uploadSource() === "input") {
    result(saved, para(`Put it in the folder with ${listed.map((f) => f.name).join(", ")}.`));
    return;
  }
  const p = document.createElement("p");
  p.className = "runbook-files";
  p.append("Save the CSV file" + (listed.length === 1 ? "" : "s") + " it reads into the same folder: ");
  listed.forEach((f, i) => {
    if (i) p.append(", ");
    const link = fileLink(f.name, files[f.input]);
    link.dataset.batch = f.batch;
    link.dataset.source = f.source;
    p.append(link);
  });
  p.append(".");
  result(saved, p);
}

function wireExtra(id, key) {
  $(id).addEventListener("change", async (e) => {
    const file = e.target.files[0];
    extra[key] = file ? await file.text() : null;
    const names = [];
    if (extra.since != null) names.push(`earlier report ${$("since-file").files[0]?.name ?? ""}`.trim());
    if (extra.probe != null) names.push(`probe results ${$("probe-file").files[0]?.name ?? ""}`.trim());
    $("extra-files").textContent = names.length ? `The report and the runbook use the ${names.join(" and the ")}.` : "";
  });
}

/** Runs `fn` with the plan module (plan.js), or says why it could not be loaded. */
async function withPlan(fn) {
  let wasm;
  try {
    wasm = await plan();
  } catch (e) {
    result(para(`Cannot load the report module: ${e.message ?? e}`));
    return;
  }
  fn(wasm);
}

/** Wires step 4; the plan module loads when the section comes into view or is used. */
export function wireReport() {
  whenShown($("step-report"));
  $("report").addEventListener("click", () => withPlan(report));
  $("runbook").addEventListener("click", () => withPlan(makeRunbook));
  wireExtra("since-file", "since");
  wireExtra("probe-file", "probe");
}
