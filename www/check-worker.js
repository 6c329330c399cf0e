// The CSV work in a module Web Worker, so the page keeps answering while a large file is
// read. It loads the wasm ES module once, when it starts, and answers one message per
// job (check-client.js is the only user; Cancel terminates this worker):
//   in:  { id, type: "check", files: [{ name, bytes }], options }
//        { id, type: "fix", bytes, options }                     → fixCsv
//        { id, type: "split", files, splitOptions, options }     → splitCsv
//        { id, type: "zip", files }                              → zipFiles
//   out: { id, type: "progress", rowsRead, rowsTotal }   (checks; at most one per 50 ms)
//        { id, type: "result", result }                  (the Report, Fixed, Split or zip bytes)
//        { id, type: "error", message }                  (unusable input, or a failed start)

import init, { checkCsv, checkFiles, fixCsv, splitCsv, zipFiles } from "../pkg/migration_preflight.js";

/** Progress messages at most this often: more would only keep the page busy. */
const PROGRESS_EVERY_MS = 50;

/** The option keys that carry directory exports: only checkFiles reads them. */
const DIRECTORY_KEYS = ["onprem", "cloud", "mailboxQuotaGb"];

// The module is loaded as soon as the worker starts (check-client.js warm()).
const started = init();

function check({ id, files, options }) {
  let last = -Infinity;
  const onProgress = (rowsRead, rowsTotal) => {
    const now = performance.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    self.postMessage({ id, type: "progress", rowsRead, rowsTotal });
  };
  // One file without directory exports is checked as the page always did (its findings
  // name no file); several files, or exports, are one migration.
  const single = files.length === 1 && !DIRECTORY_KEYS.some((k) => options?.[k] !== undefined);
  return single ? checkCsv(files[0].bytes, options, onProgress) : checkFiles(files, options, onProgress);
}

const JOBS = {
  check,
  fix: ({ bytes, options }) => fixCsv(bytes, options),
  split: ({ files, splitOptions, options }) => splitCsv(files, splitOptions, options),
  zip: ({ files }) => zipFiles(files),
};

self.addEventListener("message", async (event) => {
  const { id, type } = event.data;
  try {
    await started;
    const job = JOBS[type];
    if (!job) throw new Error(`unknown job ${type}`);
    const result = job(event.data);
    // The zip's bytes are handed over, not copied.
    self.postMessage({ id, type: "result", result }, result instanceof Uint8Array ? [result.buffer] : []);
  } catch (e) {
    self.postMessage({ id, type: "error", message: String(e?.message ?? e) });
  }
});
