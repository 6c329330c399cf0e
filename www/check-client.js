// The page's side of the check worker (check-worker.js): one worker, started on first
// use and kept; each check is a message with the files' bytes transferred, not copied.
// Cancel (an AbortSignal) terminates the worker, so a check of a million rows stops at
// once; the next check starts a fresh one. No document access: it works in a shadow
// root (the <migration-preflight> component) as well as in the page.

const WORKER_URL = new URL("./check-worker.js", import.meta.url);

let worker = null;
let nextId = 1;
/** Checks sent and not yet answered, by id: { resolve, reject, onProgress }. */
const pending = new Map();

function start() {
  worker = new Worker(WORKER_URL, { type: "module" });
  worker.addEventListener("message", (event) => {
    const { id, type } = event.data;
    const job = pending.get(id);
    if (!job) return;
    if (type === "progress") {
      job.onProgress?.(event.data.rowsRead, event.data.rowsTotal);
      return;
    }
    pending.delete(id);
    if (type === "report") job.resolve(event.data.report);
    else job.reject(new Error(event.data.message));
  });
  worker.addEventListener("error", (event) => {
    // The module could not load (e.g. a blocked script): every check sent fails.
    event.preventDefault?.();
    const error = new Error(`The checker could not start: ${event.message || "the worker failed to load"}`);
    stop(error);
  });
}

/** Terminates the worker and rejects every check in flight with `reason`. */
function stop(reason) {
  worker?.terminate();
  worker = null;
  const jobs = [...pending.values()];
  pending.clear();
  for (const job of jobs) job.reject(reason);
}

/** Starts the worker (and its copy of the wasm module) ahead of the first check. */
export function warm() {
  if (!worker) start();
}

function abortError() {
  return new DOMException("The check was cancelled.", "AbortError");
}

/**
 * Checks CSV files in the worker. `files` are `{ name, bytes: Uint8Array }`; their
 * buffers are transferred to the worker (detached here: pass a copy to keep them).
 * `options` are the CheckOptions of the wasm module (directory exports included; those
 * are copied). `onProgress(rowsRead, rowsTotal)` is called at most every 50 ms while
 * rows are read. Aborting `signal` terminates the worker and rejects with an AbortError;
 * every other check in flight is rejected with it too (the page runs one at a time).
 * Resolves to the Report.
 */
export function check(files, options = {}, { onProgress, signal } = {}) {
  if (signal?.aborted) return Promise.reject(abortError());
  if (!worker) start();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onAbort = () => stop(abortError());
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => signal?.removeEventListener("abort", onAbort);
    pending.set(id, {
      onProgress,
      resolve: (report) => (done(), resolve(report)),
      reject: (error) => (done(), reject(error)),
    });
    const message = { id, files: files.map((f) => ({ name: f.name, bytes: f.bytes })), options };
    const transfer = [...new Set(files.map((f) => f.bytes.buffer))].filter((b) => b instanceof ArrayBuffer && b.byteLength > 0);
    worker.postMessage(message, transfer);
  });
}
