// The check in a module Web Worker, so the page keeps answering while a large file is
// read. It loads the wasm ES module once and answers one message per check:
//   in:  { id, files: [{ name, bytes }], options }
//   out: { id, type: "progress", rowsRead, rowsTotal }   (at most one per 50 ms)
//        { id, type: "report", report }                  (the Report, as checkFiles returns it)
//        { id, type: "error", message }                  (unusable input, or a failed start)
// check-client.js is the only user; Cancel terminates this worker and starts a new one.

import init, { checkCsv, checkFiles } from "../pkg/migration_preflight.js";

/** Progress messages at most this often: more would only keep the page busy. */
const PROGRESS_EVERY_MS = 50;

/** The option keys that carry directory exports: only checkFiles reads them. */
const DIRECTORY_KEYS = ["onprem", "cloud", "mailboxQuotaGb"];

// The module is loaded as soon as the worker starts (check-client.js warm()).
let started = init();

self.addEventListener("message", async (event) => {
  const { id, files, options } = event.data;
  try {
    await started;
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
    const report = single ? checkCsv(files[0].bytes, options, onProgress) : checkFiles(files, options, onProgress);
    self.postMessage({ id, type: "report", report });
  } catch (e) {
    self.postMessage({ id, type: "error", message: String(e?.message ?? e) });
  }
});
