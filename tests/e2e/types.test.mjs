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
      'import init, { checkCsv, checkFiles, exampleCsv, generatePassword, version } from "migration-preflight";',
      'import initPlan, { dnsPlan, fixCsv, splitCsv, readinessReport, renderReport, runbook, runbookFiles, assessmentTemplate, catalogue, checkFiles as compare } from "migration-preflight/plan";',
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
