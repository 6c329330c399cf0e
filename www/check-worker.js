// The CSV work in a module Web Worker, so the page keeps answering while a large file is
// read. It loads the wasm ES module once, when it starts, and answers one message per
// job (check-client.js is the only user; Cancel terminates this worker):
//   in:  { id, type: "check", files: [{ name, bytes } or { name, blob }], options }
//        { id, type: "fix", bytes (or a Blob), options }         → fixCsv
//        { id, type: "split", files, splitOptions, options }     → splitCsv
//        { id, type: "zip", files }                              → zipFiles
//   out: { id, type: "progress", rowsRead, rowsTotal }   (checks; at most one per 50 ms)
//        { id, type: "result", result, read? }           (the Report, Fixed, Split or zip bytes;
//                                                         read: a check's blobs as bytes, handed back)
//        { id, type: "error", message }                  (unusable input, or a failed start)

import init, * as first from "../pkg/migration_preflight.js";

/** Progress messages at most this often: more would only keep the page busy. */
const PROGRESS_EVERY_MS = 50;

/** The option keys that carry directory exports: only checkFiles reads them. */
const DIRECTORY_KEYS = ["onprem", "cloud", "mailboxQuotaGb"];

// The module is loaded as soon as the worker starts (check-client.js warm()).
const started = init();

/**
 * Where fix, split, the zip and the directory comparison live. In a build of one module
 * that is the first one; when the first view's module only checks (no fixCsv: the split
 * build of scripts/build-wasm.sh), they are in pkg/migration_preflight_plan.js, loaded
 * here once, the first time a job needs it.
 */
let second = null;
function planModule() {
  if (typeof first.fixCsv === "function") return Promise.resolve(first);
  second ??= import("../pkg/migration_preflight_plan.js").then(async (m) => (await m.default(), m));
  return second;
}

/** `{ name, bytes }` with a File or Blob read here, off the page's thread. */
const read = (f) => (f.bytes ? f : f.blob.arrayBuffer().then((b) => ({ name: f.name, bytes: new Uint8Array(b), read: true })));

async function check({ id, files: given, options }) {
  const files = await Promise.all(given.map(read));
  let last = -Infinity;
  const onProgress = (rowsRead, rowsTotal) => {
    const now = performance.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    self.postMessage({ id, type: "progress", rowsRead, rowsTotal });
  };
  // One file without directory exports is checked as the page always did (its findings
  // name no file); several files, or exports, are one migration.
  const exports = DIRECTORY_KEYS.some((k) => options?.[k] !== undefined);
  const wasm = exports ? await planModule() : first;
  const report = files.length === 1 && !exports ? wasm.checkCsv(files[0].bytes, options, onProgress) : wasm.checkFiles(files, options, onProgress);
  // What was read from a blob goes back to the page (transferred): its copy for later.
  return { result: report, read: files.map((f) => (f.read ? f.bytes : null)) };
}

const JOBS = {
  check,
  fix: async ({ bytes, options }) => {
    const input = bytes instanceof Blob ? new Uint8Array(await bytes.arrayBuffer()) : bytes;
    return { result: (await planModule()).fixCsv(input, options) };
  },
  split: async ({ files, splitOptions, options }) => {
    const input = await Promise.all(files.map(read));
    return { result: (await planModule()).splitCsv(input, splitOptions, options) };
  },
  zip: async ({ files }) => ({ result: (await planModule()).zipFiles(files) }),
};

self.addEventListener("message", async (event) => {
  const { id, type } = event.data;
  try {
    await started;
    const job = JOBS[type];
    if (!job) throw new Error(`unknown job ${type}`);
    const answer = await job(event.data);
    // Bytes (the zip, the files read) are handed over, not copied.
    const transfer = [answer.result, ...(answer.read ?? [])].filter((x) => x instanceof Uint8Array).map((x) => x.buffer);
    self.postMessage({ id, type: "result", ...answer }, transfer);
  } catch (e) {
    self.postMessage({ id, type: "error", message: String(e?.message ?? e) });
  }
});
