// The TypeScript declarations in pkg/ match what the functions really return: real
// results are written as typed object literals and checked with tsc --strict (excess
// and missing properties are both errors).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync, copyFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = fileURLToPath(new URL("../../pkg/", import.meta.url));
const tsc = fileURLToPath(new URL("node_modules/typescript/bin/tsc", import.meta.url));

test("real results type-check against the declarations", async () => {
  const wasm = await import(join(pkg, "migration_preflight.js"));
  wasm.initSync({ module: readFileSync(join(pkg, "migration_preflight_bg.wasm")) });
  const bytes = new TextEncoder().encode("emailaddress;Password\r\nnot-an-address;x\r\nnot-an-address;x\r\n");
  const samples = {
    Report: wasm.checkCsv(bytes, { domains: ["contoso.com"], federated: false }),
    Fixed: wasm.fixCsv(bytes, {}),
    Split: wasm.splitCsv([{ name: "a.csv", bytes: new TextEncoder().encode("EmailAddress\r\na@contoso.com\r\n") }], { size: 1, prefix: "W" }, {}),
    "CatalogueEntry[]": wasm.catalogue(),
    ManyReport: wasm.checkFiles([{ name: "a.csv", bytes }, { name: "b.csv", bytes }], {}),
  };
  assert.ok(samples.Report.findings.length > 0);

  const dir = mkdtempSync(join(tmpdir(), "mp-types-"));
  for (const f of ["migration_preflight.d.ts"]) copyFileSync(join(pkg, f), join(dir, f));
  const lines = ['import type { Report, Fixed, Split, CatalogueEntry } from "./migration_preflight";'];
  for (const [type, value] of Object.entries(samples)) {
    const name = type.replace(/\W/g, "");
    const declared = type === "ManyReport" ? "Report" : type;
    lines.push(`export const sample${name}: ${declared} = ${JSON.stringify(value)};`);
  }
  writeFileSync(join(dir, "check.ts"), lines.join("\n"));
  try {
    execFileSync(process.execPath, [tsc, "--strict", "--noEmit", "--target", "es2020", "--moduleResolution", "node", join(dir, "check.ts")], { encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc rejected the real results:\n${e.stdout}`);
  }
});

// The example portal code (tests/e2e/types/example.ts) uses every export of every module
// of pkg/ and the <migration-preflight> element's types (www/component.d.ts).
const TYPES_DIR = fileURLToPath(new URL("types/", import.meta.url));
const WWW = fileURLToPath(new URL("../../www/", import.meta.url));

/** The names a .d.ts exports ("default" for its default export). */
function exportsOf(file) {
  const text = readFileSync(file, "utf8");
  const names = new Set();
  for (const m of text.matchAll(/^export\s+(?:declare\s+)?(?:function|class|interface|type|const|let|var|enum)\s+([A-Za-z_$][\w$]*)/gm)) names.add(m[1]);
  if (/^export\s+default\s/m.test(text)) names.add("default");
  for (const m of text.matchAll(/^export\s*\{([^}]*)\}/gm)) {
    for (const part of m[1].split(",")) if (part.trim()) names.add(part.trim().split(/\s+as\s+/).pop());
  }
  return names;
}

/**
 * What example.ts imports, by module file name without extension: the exported names,
 * each with the expression that uses it in the code (`local`, or `ns.name` after
 * `import * as ns`: then every `ns.X` in the code counts as importing X).
 */
function importsOf(file) {
  const text = readFileSync(file, "utf8");
  const byModule = new Map();
  for (const m of text.matchAll(/import\s+(?:type\s+)?([\s\S]*?)\s+from\s+"([^"]+)"/g)) {
    const module = m[2].split("/").pop().replace(/\.js$/, "");
    const names = byModule.get(module) ?? new Map();
    const clause = m[1].trim();
    const braces = clause.match(/\{([\s\S]*)\}/);
    if (braces) {
      for (const part of braces[1].split(",")) {
        if (!part.trim()) continue;
        const [name, local = name] = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/);
        names.set(name, local);
      }
    }
    const first = clause.match(/^([A-Za-z_$][\w$]*)\s*(,|$)/);
    if (first) names.set("default", first[1]);
    const namespace = clause.match(/\*\s+as\s+([A-Za-z_$][\w$]*)/);
    if (namespace) {
      for (const use of text.matchAll(new RegExp(`\\b${namespace[1]}\\.([A-Za-z_$][\\w$]*)`, "g"))) {
        names.set(use[1], `${namespace[1]}.${use[1]}`);
      }
    }
    byModule.set(module, names);
  }
  return byModule;
}

test("the example portal code type-checks against every module's declarations", () => {
  try {
    execFileSync(process.execPath, [tsc, "-p", TYPES_DIR], { encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc rejected tests/e2e/types/example.ts:\n${e.stdout}`);
  }
});

test("the example uses every export of pkg/ and of the element's declarations", async () => {
  const { readdirSync } = await import("node:fs");
  const declarations = readdirSync(pkg)
    .filter((f) => f.endsWith(".d.ts") && !f.endsWith("_bg.wasm.d.ts"))
    .map((f) => join(pkg, f));
  declarations.push(join(WWW, "component.d.ts"));
  const used = importsOf(join(TYPES_DIR, "example.ts"));
  const example = readFileSync(join(TYPES_DIR, "example.ts"), "utf8");
  for (const file of declarations) {
    const module = file.split("/").pop().replace(/\.d\.ts$/, "");
    const exported = exportsOf(file);
    assert.ok(exported.size > 0, `${module}: no exports read`);
    const imported = used.get(module) ?? new Map();
    const missing = [...exported].filter((name) => !imported.has(name));
    assert.deepEqual(missing, [], `example.ts does not import these exports of ${module}`);
    // Imported and then really used: each local name appears again after the imports.
    const lastImport = [...example.matchAll(/^import\s[\s\S]*?\sfrom\s+"[^"]+";$/gm)].at(-1);
    const body = example.slice(lastImport.index + lastImport[0].length);
    const unused = [...imported]
      .filter(([name, local]) => name !== "default" && !new RegExp(`(?<![\\w$]\\.)(?<![\\w$])${local.replace(/[$.]/g, "\\$&")}\\b`).test(body))
      .map(([name]) => name);
    assert.deepEqual(unused, [], `example.ts imports but never uses these exports of ${module}`);
  }
});
