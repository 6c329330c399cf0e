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
