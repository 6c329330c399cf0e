// The two optional drop zones for the directory exports (issue 12): the on-premises
// export and the Exchange Online exports. The files are read in this page and passed
// to the checker with the CSV; nothing is sent anywhere.

const $ = (id) => document.getElementById(id);

/** The exports chosen so far, as { name, bytes }. */
const chosen = { onprem: [], cloud: [] };

/** The checker options for the exports: empty when none was given. */
export function directoryOptions() {
  const out = {};
  if (chosen.onprem.length) out.onprem = chosen.onprem;
  if (chosen.cloud.length) out.cloud = chosen.cloud;
  if (out.onprem || out.cloud) out.mailboxQuotaGb = Number($("mailbox-quota").value) || 50;
  return out;
}

/** Whether any export was given. */
export function hasDirectories() {
  return chosen.onprem.length + chosen.cloud.length > 0;
}

/** One line of the counts, for the summary. */
export function directoryLine(d) {
  const n = (v) => Number(v).toLocaleString("en"); // thousands separators, as count.js
  return (
    `Directories: ${n(d.rowsCompared)} CSV rows compared, ${n(d.matched)} matched on premises, ` +
    `${n(d.missingOnPremises)} missing on premises, ${n(d.missingInCloud)} missing in Exchange Online, ` +
    `${n(d.leftBehind)} on-premises mailbox${d.leftBehind === 1 ? "" : "es"} in no CSV`
  );
}

function show(side) {
  const list = $(`${side}-files`);
  list.replaceChildren(
    ...chosen[side].map((f) => {
      const li = document.createElement("li");
      li.textContent = `${f.name} (${f.bytes.length.toLocaleString("en")} bytes)`; // never innerHTML
      return li;
    }),
  );
}

async function take(side, fileList, onChange) {
  const files = await Promise.all(
    [...fileList].map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
  if (files.length === 0) return;
  chosen[side] = files;
  show(side);
  onChange();
}

/** Wires the drop zones; `onChange` re-runs the check. */
export function wireDirectories(onChange) {
  for (const side of ["onprem", "cloud"]) {
    const zone = $(`${side}-zone`);
    zone.addEventListener("dragover", (e) => {
      e.preventDefault();
      e.stopPropagation();
      zone.classList.add("over");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (e) => {
      // Not the page's own drop handler: these files are exports, not CSVs to check.
      e.preventDefault();
      e.stopPropagation();
      zone.classList.remove("over");
      take(side, e.dataTransfer.files, onChange);
    });
    zone.addEventListener("keydown", (e) => {
      if (e.key !== "Enter" && e.key !== " ") return;
      e.preventDefault(); // Space would also scroll the page
      $(`${side}-input`).click();
    });
    $(`${side}-input`).addEventListener("change", (e) => take(side, e.target.files, onChange));
  }
  $("mailbox-quota").addEventListener("change", () => hasDirectories() && onChange());
  $("directories-clear").addEventListener("click", () => {
    chosen.onprem = [];
    chosen.cloud = [];
    show("onprem");
    show("cloud");
    for (const side of ["onprem", "cloud"]) $(`${side}-input`).value = "";
    onChange();
  });
}
