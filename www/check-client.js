// The page's side of the check worker (check-worker.js): one worker, started on first
// use (or by warm()) and kept. Each job is a message; the bytes of a check are
// transferred, not copied. Cancel (an AbortSignal) terminates the worker, so a check of
// a million rows stops at once; the next job starts a fresh one. No document access: it
// works in a shadow root (the <migration-preflight> component) as well as in the page.

const WORKER_URL = new URL("./check-worker.js", import.meta.url);

let worker = null;
let nextId = 1;
/** Jobs sent and not yet answered, by id: { resolve, reject, onProgress }. */
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
    if (type === "result") job.resolve(event.data);
    else job.reject(new Error(event.data.message));
  });
  worker.addEventListener("error", (event) => {
    // The module could not load (e.g. a blocked script): every job sent fails.
    event.preventDefault?.();
    stop(new Error(`The checker could not start: ${event.message || "the worker failed to load"}`));
  });
}

/** Terminates the worker and rejects every job in flight with `reason`. */
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

/** The distinct, non-empty ArrayBuffers behind `arrays`, to transfer. */
function buffers(arrays) {
  return [...new Set(arrays.map((a) => a.buffer))].filter((b) => b instanceof ArrayBuffer && b.byteLength > 0);
}

/** Sends one job; resolves to its result. See check() for `signal` and `onProgress`. */
function send(message, { transfer = [], signal, onProgress } = {}) {
  if (signal?.aborted) return Promise.reject(abortError());
  if (!worker) start();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onAbort = () => stop(abortError());
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => signal?.removeEventListener("abort", onAbort);
    pending.set(id, {
      onProgress,
      resolve: (result) => (done(), resolve(result)),
      reject: (error) => (done(), reject(error)),
    });
    worker.postMessage({ id, ...message }, transfer);
  });
}

/**
 * Checks CSV files in the worker. `files` are `{ name, bytes: Uint8Array }`, whose
 * buffers are transferred to the worker (detached here: pass a copy to keep them), or
 * `{ name, blob }` (a File or Blob), which the worker reads itself: the best for a
 * dropped file, as this thread then never reads it: the worker reads it and hands the
 * bytes back, set as `bytes` on the caller's object when the report comes.
 * `options` are the CheckOptions of the wasm module (directory exports included; those
 * are copied). `onProgress(rowsRead, rowsTotal)` is called at most every 50 ms while
 * rows are read. Aborting `signal` terminates the worker and rejects with an AbortError;
 * every other job in flight is rejected with it too (the page runs one at a time).
 * Resolves to the Report; rejects with the module's Error for unusable input.
 */
export function check(files, options = {}, { onProgress, signal } = {}) {
  const list = files.map(given);
  const arrays = list.filter((f) => f.bytes).map((f) => f.bytes);
  return send({ type: "check", files: list, options }, { transfer: buffers(arrays), onProgress, signal }).then(({ result, read }) => {
    // The bytes the worker read from a blob, transferred back.
    read?.forEach((bytes, i) => bytes && !files[i].bytes && (files[i].bytes = bytes));
    return result;
  });
}

/** `{ name, bytes }`, or `{ name, blob }` when the bytes are not here (yet). */
function given(f) {
  return f.bytes ? { name: f.name, bytes: f.bytes } : { name: f.name, blob: f.blob };
}

/** fixCsv in the worker; `bytes` are copied, or a Blob is read there. Resolves to Fixed. */
export function fix(bytes, options = {}, { signal } = {}) {
  return send({ type: "fix", bytes, options }, { signal }).then((d) => d.result);
}

/** splitCsv in the worker (the files are copied, or their blobs read there). Resolves to Split. */
export function split(files, splitOptions = {}, options = {}, { signal } = {}) {
  return send({ type: "split", files: files.map(given), splitOptions, options }, { signal }).then((d) => d.result);
}

/**
 * zipFiles in the worker: `files` ({ name, bytes }) as one deflated zip archive. The
 * buffers are transferred (detached here). Resolves to the archive's Uint8Array.
 */
export function zip(files, { signal } = {}) {
  const list = files.map((f) => ({ name: f.name, bytes: f.bytes }));
  return send({ type: "zip", files: list }, { transfer: buffers(list.map((f) => f.bytes)), signal }).then((d) => d.result);
}
