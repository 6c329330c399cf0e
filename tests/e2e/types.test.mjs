// The TypeScript declarations in pkg/ match what the functions really return: real
// results are written as typed object literals and checked with tsc --strict (excess
// and missing properties are both errors). Both modules: the first view's
// (migration_preflight.d.ts, "migration-preflight") and the plan module's
// (migration_preflight_plan.d.ts, "migration-preflight/plan"), imported through the
// package.json exports map as a bundler resolves them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync, mkdirSync, symlinkSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = fileURLToPath(new URL("../../pkg/", import.meta.url));
const tsc = fileURLToPath(new URL("node_modules/typescript/bin/tsc", import.meta.url));

async function load(name) {
  const module = await import(join(pkg, `${name}.js`));
  module.initSync({ module: readFileSync(join(pkg, `${name}_bg.wasm`)) });
  return module;
}

/** A folder where `migration-preflight` resolves to pkg/ through its package.json. */
function project() {
  const dir = mkdtempSync(join(tmpdir(), "mp-types-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(pkg, join(dir, "node_modules", "migration-preflight"), "dir");
  return dir;
}

/** Runs tsc --strict over the file; returns its output when it rejects it (else null). */
function typeCheck(dir, file) {
  try {
    execFileSync(process.execPath, [tsc, "--strict", "--noEmit", "--target", "es2020", "--module", "esnext", "--moduleResolution", "bundler", join(dir, file)], {
      encoding: "utf8",
      cwd: dir,
    });
    return null;
  } catch (e) {
    return e.stdout || String(e);
  }
}

function samples(from, types, values) {
  const names = new Set(Object.values(types).map((t) => t.replace("[]", "")));
  const lines = [`import type { ${[...names].join(", ")} } from "${from}";`];
  for (const [name, value] of Object.entries(values)) {
    lines.push(`export const sample${name}: ${types[name]} = ${JSON.stringify(value)};`);
  }
  return lines.join("\n");
}

const bytes = new TextEncoder().encode("emailaddress;Password\r\nnot-an-address;x\r\nnot-an-address;x\r\n");

test("real results of the first view's module type-check against its declarations", async () => {
  const wasm = await load("migration_preflight");
  const values = {
    Report: wasm.checkCsv(bytes, { domains: ["contoso.com"], federated: false }),
    ManyReport: wasm.checkFiles([{ name: "a.csv", bytes }, { name: "b.csv", bytes }], {}),
  };
  assert.ok(values.Report.findings.length > 0);
  assert.ok(values.Report.groups.every((g) => g.title !== ""), "every group has its catalogue title");
  const dir = project();
  writeFileSync(join(dir, "check.ts"), samples("migration-preflight", { Report: "Report", ManyReport: "Report" }, values));
  assert.equal(typeCheck(dir, "check.ts"), null);
});

test("real results of the plan module type-check against its declarations", async () => {
  const wasm = await load("migration_preflight_plan");
  const files = [{ name: "a.csv", bytes: new TextEncoder().encode("EmailAddress\r\na@contoso.com\r\n") }];
  const values = {
    Report: wasm.checkCsv(bytes, { domains: ["contoso.com"], federated: false }),
    Fixed: wasm.fixCsv(bytes, {}),
    Split: wasm.splitCsv(files, { size: 1, prefix: "W" }, {}),
    Catalogue: wasm.catalogue(),
    ManyReport: wasm.checkFiles([{ name: "a.csv", bytes }, { name: "b.csv", bytes }], {}),
    DnsPlan: wasm.dnsPlan({ domains: [{ name: "contoso.com" }] }),
  };
  const types = { Report: "Report", Fixed: "Fixed", Split: "Split", Catalogue: "CatalogueEntry[]", ManyReport: "Report", DnsPlan: "DnsPlan" };
  const dir = project();
  writeFileSync(join(dir, "plan.ts"), samples("migration-preflight/plan", types, values));
  assert.equal(typeCheck(dir, "plan.ts"), null);
});

test("each module declares its own functions: the first view's has no plan function", () => {
  const dir = project();
  writeFileSync(
    join(dir, "split.ts"),
    [
      'import init, { checkCsv, checkFiles, exampleCsv, version } from "migration-preflight";',
      'import initPlan, { dnsPlan, generatePassword, fixCsv, splitCsv, readinessReport, renderReport, runbook, runbookFiles, assessmentTemplate, catalogue, checkFiles as compare } from "migration-preflight/plan";',
      "export const all = [init, checkCsv, checkFiles, exampleCsv, generatePassword, version, initPlan, dnsPlan, fixCsv, splitCsv, readinessReport, renderReport, runbook, runbookFiles, assessmentTemplate, catalogue, compare];",
    ].join("\n"),
  );
  assert.equal(typeCheck(dir, "split.ts"), null);
  // The check module leaves these out: importing them from it is a type error.
  for (const name of ["dnsPlan", "fixCsv", "splitCsv", "renderReport", "catalogue"]) {
    writeFileSync(join(dir, "missing.ts"), `import { ${name} } from "migration-preflight";\nexport const f = ${name};\n`);
    assert.match(typeCheck(dir, "missing.ts") ?? "", new RegExp(`has no exported member '${name}'`), name);
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
