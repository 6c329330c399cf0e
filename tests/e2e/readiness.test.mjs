// The readiness functions of the npm package, called from JavaScript as the page and
// users do: report object, rendered formats, runbook, template, errors. Needs pkg/
// (scripts/build-wasm.sh).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

const root = new URL("../../", import.meta.url);
const fixture = (name) => new URL(`tests/fixtures/readiness/${name}`, root);
let m, files, assessment;

before(async () => {
  m = await import(new URL("pkg/migration_preflight_plan.js", root));
  await m.default({ module_or_path: await readFile(new URL("pkg/migration_preflight_plan_bg.wasm", root)) });
  files = await Promise.all(
    ["wave1.csv", "wave2.csv"].map(async (name) => ({ name, bytes: new Uint8Array(await readFile(fixture(name))) })),
  );
  assessment = await readFile(fixture("assessment.json"), "utf8");
});

test("readinessReport returns the documented plain object", () => {
  const r = m.readinessReport(files, assessment, { now: "2025-03-03T09:00:00+01:00" });
  assert.equal(r.schemaVersion, 2);
  assert.equal(r.verdict, "blocked");
  assert.equal(r.dates.licenceDeadline.at, "2025-04-02T08:00:00+01:00");
  assert.equal(r.checklist.length, 20);
  const certificate = r.checklist.find((t) => t.id === "certificate");
  assert.deepEqual(certificate.blockedBy, ["ENV005"]);
  assert.ok(r.dns.records.some((d) => d.recordType === "MX"), "the DNS plan is part of the report");
  // Options may be left out: the browser's clock is "now".
  assert.ok(m.readinessReport(files, assessment).asOf);
});

test("renderReport gives every format, pseudonymised on request, never a password", () => {
  for (const format of ["html", "md", "json", "text"]) {
    const plain = m.renderReport(files, assessment, format, { now: "2025-03-03T09:00:00+01:00" });
    const shared = m.renderReport(files, assessment, format, { pseudonymise: true });
    assert.match(plain, /contoso/i);
    assert.doesNotMatch(shared, /contoso|fabrikam|pilarp/i);
    for (const out of [plain, shared]) assert.doesNotMatch(out, /Zq7|Pw[2-5]|pw1/);
  }
});

/** The batch files `split --prefix Wave1 --size 3` wrote from a list without errors. */
async function batchFiles() {
  return Promise.all(
    ["Wave1-01.csv", "Wave1-02.csv"].map(async (name) => ({
      name,
      bytes: new Uint8Array(await readFile(new URL(`tests/fixtures/runbook/${name}`, root))),
    })),
  );
}

test("runbook and assessmentTemplate", async () => {
  const script = m.runbook(await batchFiles(), assessment);
  assert.match(script, /\[pscustomobject\]@\{ Name = 'Wave1-01'; File = 'Wave1-01\.csv' \}/);
  assert.match(script, /Get-Credential/);
  assert.doesNotMatch(script, /Rk7|Qx3/);
  const example = JSON.parse(m.assessmentTemplate());
  assert.equal(example.schemaVersion, 2);
  // Dated from the browser's clock: the first batch about a week ahead, never overdue.
  const days = (Date.parse(example.schedule.plannedStart) - Date.now()) / 86400e3;
  assert.ok(days > 6 && days < 8, example.schedule.plannedStart);
});

test("the runbook is refused for files with errors, and names the pasted file it reads", async () => {
  assert.throws(() => m.runbook(files, assessment), (e) =>
    e instanceof Error && /wave1\.csv has 1 error \(CSV207\).*fix them \(Fix\) and split them \(Split\) first/.test(e.message) && !/Zq7|Pw3/.test(e.message));
  const [first] = await batchFiles();
  const pasted = [{ name: "", bytes: first.bytes }];
  const script = m.runbook(pasted, assessment);
  assert.match(script, /File = 'mailboxes\.csv'/);
  assert.deepEqual(m.runbookFiles(pasted), [{ name: "mailboxes.csv", batch: "mailboxes", input: 0, source: "pasted" }]);
  assert.deepEqual(m.runbookFiles(await batchFiles()).map((f) => [f.name, f.batch, f.source]), [["Wave1-01.csv", "Wave1-01", "file"], ["Wave1-02.csv", "Wave1-02", "file"]]);
});

test("unusable arguments throw, bad CSV content does not", () => {
  assert.throws(() => m.renderReport(files, assessment, "pdf"), /format/);
  assert.throws(() => m.readinessReport(files, '{"bogus": 1}'), /bogus/);
  assert.throws(() => m.readinessReport(files, "", { now: "yesterday" }), /now/);
  assert.throws(() => m.runbook([{ name: "a\nb.csv", bytes: new Uint8Array() }], ""), /control character/);
  const empty = m.readinessReport([{ name: "x.csv", bytes: new Uint8Array([0x50, 0x4b, 3, 4]) }], "");
  assert.equal(empty.verdict, "blocked");
});

test("real readiness results type-check against the declarations", async () => {
  const { writeFileSync, mkdtempSync, copyFileSync } = await import("node:fs");
  const { execFileSync } = await import("node:child_process");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { fileURLToPath } = await import("node:url");
  const tsc = fileURLToPath(new URL("node_modules/typescript/bin/tsc", import.meta.url));
  const samples = {
    ReadinessReport: m.readinessReport(files, assessment, { now: "2025-03-03T09:00:00+01:00" }),
    EmptyReport: m.readinessReport([], "", { pseudonymise: true }),
    Assessment: JSON.parse(m.assessmentTemplate()),
  };
  const dir = mkdtempSync(join(tmpdir(), "mp-readiness-types-"));
  copyFileSync(fileURLToPath(new URL("pkg/migration_preflight_plan.d.ts", root)), join(dir, "migration_preflight_plan.d.ts"));
  const lines = ['import type { ReadinessReport, Assessment } from "./migration_preflight_plan";'];
  for (const [name, value] of Object.entries(samples)) {
    const declared = name === "EmptyReport" ? "ReadinessReport" : name;
    lines.push(`export const sample${name}: ${declared} = ${JSON.stringify(value)};`);
  }
  writeFileSync(join(dir, "check.ts"), lines.join("\n"));
  try {
    execFileSync(process.execPath, [tsc, "--strict", "--noEmit", "--target", "es2020", "--moduleResolution", "node", join(dir, "check.ts")], { encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc rejected the real results:\n${e.stdout}`);
  }
});

test("runbook and splitCsv throw a clear Error rather than lose mailboxes, and name no cell", () => {
  const bytes = new TextEncoder().encode("EmailAddress\r\na@contoso.com\r\n");
  assert.throws(() => m.runbook([{ name: "wave.csv", bytes }, { name: "Wave.csv", bytes }], ""), (e) =>
    e instanceof Error && /files 1 and 2 are both named wave\.csv/.test(e.message));
  const shifted = new TextEncoder().encode("EmailAddress,Password,ForceChangePassword\r\na@contoso.com,Kq7#vZm,Lp2x!,False\r\n");
  assert.throws(() => m.splitCsv([{ name: "x.csv", bytes: shifted }], {}, {}), (e) =>
    e instanceof Error && /^x\.csv: row 2 has more or fewer cells than the header/.test(e.message) && !/Kq7|Lp2x|False/.test(e.message));
  const script = m.runbook([{ name: "Migración ESPAÑA.csv", bytes }], "");
  assert.match(script, /^[\x00-\x7f]*$/, "the runbook is plain ASCII");
  assert.match(script, /'Migraci' \+ \[char\]0x00F3/);
});

const cli = new URL("target/debug/migration-preflight", root);

test("the CLI and the package write the same runbook bytes", { skip: !(await import("node:fs")).existsSync(cli) && "no CLI build (cargo build --features cli)" }, async () => {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { execFileSync } = await import("node:child_process");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { fileURLToPath } = await import("node:url");
  const dir = mkdtempSync(join(tmpdir(), "mp-runbook-bytes-"));
  const [first, second] = await batchFiles();
  const named = [first, { name: "Migración ESPAÑA.csv", bytes: second.bytes }];
  for (const f of named) writeFileSync(join(dir, f.name), f.bytes);
  const answers = JSON.parse(assessment);
  answers.organisation = "Contoso España Œ ‘quoted’";
  writeFileSync(join(dir, "assessment.json"), JSON.stringify(answers));
  const now = "2025-03-03T09:00:00+01:00";
  const fromPackage = Buffer.from(m.runbook(named, JSON.stringify(answers), { now }), "utf8");
  const fromCli = execFileSync(fileURLToPath(cli), ["runbook", "--csv", ...named.map((f) => f.name), "--assessment", "assessment.json", "--as-of", now], { cwd: dir });
  assert.ok(fromCli.every((b) => b < 0x80), "plain ASCII");
  assert.ok(fromCli.equals(fromPackage), "the same bytes");
});
