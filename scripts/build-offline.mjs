#!/usr/bin/env node
// Writes dist/migration-preflight.html: the page (www/index.html) as ONE self-contained file
// that works opened straight from disk (file://), with no server and no network.
//
// - The page's module scripts are bundled by esbuild (pinned in scripts/tools) into one
//   inline <script type="module">; its stylesheets become inline <style> elements.
// - Every wasm-bindgen module of pkg/ is wrapped: its .wasm goes into the file as base64
//   (once, in globalThis.__MP_WASM) and its default `init()` instantiates those bytes
//   instead of fetching a URL (file:// pages cannot fetch). Both modules of the split build
//   are: the check module (migration_preflight.js) and the plan module
//   (migration_preflight_plan.js), which www/plan.js and www/check-worker.js load with a
//   dynamic import(): esbuild (no code splitting) bundles that import into the same file.
// - A Web Worker the page starts with `new Worker(new URL("./x.js", import.meta.url), …)` is
//   bundled too, kept as text, and started from a blob: URL with the same wasm bytes
//   (a file:// page may not load a worker from a file). It runs as a classic worker, its
//   bundle wrapped in an async function: Chromium refuses module workers from blob: URLs
//   of a file:// page (its origin is opaque), and the wrapper keeps top-level await working.
// - A stylesheet a module links with `new URL("./x.css", import.meta.url)` (the custom
//   element's shadow root does) is inlined as text and linked from a blob: URL.
// - The CSP allows exactly those inline scripts and styles by their SHA-256 hash:
//   `script-src 'sha256-…' 'wasm-unsafe-eval'`, `style-src 'sha256-…'` (and `blob:` when a
//   module links a stylesheet), `worker-src blob:`, `connect-src 'none'` and nothing else.
//
// Usage: scripts/build-wasm.sh && node scripts/build-offline.mjs [--page www/embed.html] [--out FILE]
// (run scripts/setup.sh once before, for esbuild).
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WWW = join(ROOT, "www");
const PKG = join(ROOT, "pkg");
const require = createRequire(join(ROOT, "scripts/tools/package.json"));

let esbuild;
try {
  esbuild = require("esbuild");
} catch {
  console.error("[build-offline] esbuild is not installed: run scripts/setup.sh (or npm ci in scripts/tools)");
  process.exit(1);
}

const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
const OUT = outAt >= 0 ? resolve(args[outAt + 1]) : join(ROOT, "dist/migration-preflight.html");
const pageAt = args.indexOf("--page");
const PAGE = pageAt >= 0 ? resolve(args[pageAt + 1]) : join(WWW, "index.html");

/** The wasm files inlined, by file name, as base64; filled while bundling. */
const wasmFiles = new Map();
/** The stylesheets modules link by URL, by path from the root, as text. */
const assets = new Map();

/** A module of pkg/ that wasm-bindgen wrote (it has a `_bg.wasm` beside it). */
function wasmBindgenModule(path) {
  return path.startsWith(PKG) && path.endsWith(".js") && existsSync(path.replace(/\.js$/, "_bg.wasm"));
}

/**
 * esbuild plugin: pkg modules get a wrapper whose default init uses the inlined bytes, and
 * `new URL("./worker.js", import.meta.url)` in www/ becomes a blob: URL of that worker's bundle.
 */
function offlinePlugin(workers) {
  return {
    name: "offline",
    setup(build) {
      build.onResolve({ filter: /\.js$/ }, (a) => {
        if (a.pluginData?.real) return undefined;
        const path = resolve(a.resolveDir, a.path);
        if (!wasmBindgenModule(path)) return undefined;
        return { path, namespace: "wasm-wrapper" };
      });
      build.onLoad({ filter: /.*/, namespace: "wasm-wrapper" }, (a) => {
        const wasm = basename(a.path).replace(/\.js$/, "_bg.wasm");
        if (!wasmFiles.has(wasm)) wasmFiles.set(wasm, readFileSync(join(PKG, wasm)).toString("base64"));
        const real = JSON.stringify(a.path);
        return {
          resolveDir: PKG,
          pluginData: { real: true },
          contents: `
import realInit from ${real};
export * from ${real};
let started;
/** Instantiates the inlined bytes (once), whatever the caller passes. */
export default function init() {
  started ??= realInit({ module_or_path: __mpWasmBytes(${JSON.stringify(wasm)}) });
  return started;
}`,
        };
      });
      // The wrapper's own import of the real module must not be wrapped again.
      build.onResolve({ filter: /.*/ }, (a) => {
        if (a.importer && a.pluginData?.real) return { path: resolve(a.resolveDir, a.path) };
        return undefined;
      });
      build.onLoad({ filter: /\.js$/ }, (a) => {
        if (!a.path.startsWith(WWW)) return undefined;
        let text = readFileSync(a.path, "utf8");
        text = text.replace(
          /new URL\(\s*(["'])(\.{1,2}\/[^"']+\.m?js)\1\s*,\s*import\.meta\.url\s*\)/g,
          (_m, _q, rel) => {
            const worker = resolve(dirname(a.path), rel);
            workers.add(worker);
            return `__mpWorkerUrl(${JSON.stringify(worker.slice(ROOT.length))})`;
          },
        );
        text = text.replace(
          /new URL\(\s*(["'])(\.{1,2}\/[^"']+\.css)\1\s*,\s*import\.meta\.url\s*\)/g,
          (_m, _q, rel) => {
            const css = resolve(dirname(a.path), rel);
            assets.set(css.slice(ROOT.length), readFileSync(css, "utf8"));
            return `new URL(__mpAssetUrl(${JSON.stringify(css.slice(ROOT.length))}))`;
          },
        );
        // Workers start as classic scripts from blob: URLs (above), whatever type is asked.
        text = text.replace(/\bnew Worker\(/g, "new __MpWorker(");
        if (/import\.meta\.url/.test(text)) {
          throw new Error(`${a.path.slice(ROOT.length)} uses import.meta.url in a way build-offline.mjs does not inline`);
        }
        return { contents: text, loader: "js" };
      });
    },
  };
}

/**
 * The runtime helpers the bundles share: base64 → bytes, and worker blob URLs. A worker's
 * blob starts with the same wasm table, workers and helpers, so it can start its own.
 */
const RUNTIME = `
globalThis.__mpWasmBytes = (name) => {
  const text = atob(globalThis.__MP_WASM[name]);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
};
globalThis.__mpWorkerUrl = (name) => {
  const prefix = "globalThis.__MP_WASM = " + JSON.stringify(globalThis.__MP_WASM) + ";\\n" +
    "globalThis.__MP_WORKERS = " + JSON.stringify(globalThis.__MP_WORKERS) + ";\\n" +
    "globalThis.__MP_RUNTIME = " + JSON.stringify(globalThis.__MP_RUNTIME) + ";\\n";
  const code = [prefix, globalThis.__MP_RUNTIME, "\\n", globalThis.__MP_WORKERS[name]];
  return URL.createObjectURL(new Blob(code, { type: "text/javascript" }));
};
globalThis.__MpWorker = class extends Worker {
  constructor(url, options) {
    super(url, { ...options, type: "classic" });
  }
};
globalThis.__mpAssetUrl = (name) => {
  globalThis.__MP_ASSET_URLS ??= {};
  return (globalThis.__MP_ASSET_URLS[name] ??= URL.createObjectURL(
    new Blob([globalThis.__MP_ASSETS[name]], { type: "text/css" }),
  ));
};
`;

/**
 * One bundle of these entry files (paths), minified: an ES module for the page, or for a
 * worker a classic script (its body in an async function, import.meta.url a constant).
 */
async function bundle(files, workers, { worker = false } = {}) {
  const result = await esbuild.build({
    define: worker ? { "import.meta.url": JSON.stringify("blob:offline-worker") } : {},
    stdin: { contents: files.map((f) => `import ${JSON.stringify(f)};`).join("\n"), resolveDir: ROOT, loader: "js" },
    bundle: true,
    format: "esm",
    write: false,
    minify: true,
    target: "es2022",
    logLevel: "silent",
    plugins: [offlinePlugin(workers)],
  });
  const code = result.outputFiles[0].text;
  if (!worker) return code;
  if (/\bexport\s*\{|\bimport\s*[{*"']/.test(code.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""'))) {
    throw new Error(`${files[0]}: a worker bundle with exports or imports cannot run as a classic script`);
  }
  return `(async () => {\n${code}\n})();`;
}

const html = readFileSync(PAGE, "utf8");
const PAGE_DIR = dirname(PAGE);

// The module scripts of the page, bundled into one.
const entries = [...html.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)].map((m) => m[1]);
if (entries.length === 0) throw new Error(`${PAGE} has no <script type=module src=…>`);
const workers = new Set();
const mainCode = await bundle(entries.map((src) => join(PAGE_DIR, src)), workers);
// Workers (and workers they start), each bundled once.
const workerCode = new Map();
for (const done = new Set(); [...workers].some((w) => !done.has(w)); ) {
  for (const w of [...workers]) {
    if (done.has(w)) continue;
    done.add(w);
    workerCode.set(w.slice(ROOT.length), await bundle([w], workers, { worker: true }));
  }
}

const script =
  `globalThis.__MP_WASM = ${JSON.stringify(Object.fromEntries(wasmFiles))};\n` +
  `globalThis.__MP_WORKERS = ${JSON.stringify(Object.fromEntries(workerCode))};\n` +
  `globalThis.__MP_RUNTIME = ${JSON.stringify(RUNTIME)};\n` +
  `globalThis.__MP_ASSETS = ${JSON.stringify(Object.fromEntries(assets))};\n` +
  RUNTIME +
  mainCode;

// The page's stylesheets, inline.
const styles = [];
let page = html.replace(/<link rel="stylesheet" href="([^"]+)">/g, (_m, href) => {
  const css = readFileSync(join(PAGE_DIR, href), "utf8");
  styles.push(css);
  return `<style>${css}</style>`;
});
page = page.replace(/<script type="module" src="[^"]+"><\/script>\n?/g, "");
// Preloads of pkg/ files are pointless (and refused by the CSP) once everything is inline.
page = page.replace(/<link rel="(?:modulepreload|preload)"[^>]*>\n?/g, "");
if (/<link[^>]+rel="(stylesheet|modulepreload|preload)"/.test(page)) {
  throw new Error(`${PAGE} links a file this build does not inline: teach build-offline.mjs`);
}

const sha = (text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
const safeScript = script.replace(/<\/script/gi, "<\\/script");
const csp = [
  "default-src 'none'",
  `script-src ${sha(safeScript)} 'wasm-unsafe-eval'`,
  `style-src ${[...new Set(styles.map(sha)), ...(assets.size ? ["blob:"] : [])].join(" ")}`,
  "worker-src blob:",
  "img-src data:",
  "connect-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join("; ");
page = page.replace(
  /<meta http-equiv="Content-Security-Policy"\s+content="[^"]*">/,
  `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
);
if (!page.includes(csp)) throw new Error(`${PAGE} has no CSP meta tag to replace`);
page = page.replace("</body>", `<script type="module">${safeScript}</script>\n</body>`);

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, page);
const kb = (n) => `${Math.round(n / 1024).toLocaleString("en")} KB`;
console.log(
  `[build-offline] ${OUT.startsWith(ROOT) ? OUT.slice(ROOT.length) : OUT}: ${kb(Buffer.byteLength(page))} ` +
    `(wasm: ${[...wasmFiles.keys()].join(", ")}; workers: ${workerCode.size})`,
);
